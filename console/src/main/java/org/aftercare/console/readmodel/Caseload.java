package org.aftercare.console.readmodel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.events.risk.RiskTier;

/**
 * The caseload: the members a staff member may see (their care teams', or everyone's for
 * {@link CaseloadQuery#allMembers()}), ranked by need, one page at a time. The order is
 * <ol>
 *   <li>open flags by severity: more critical first, then more high, then more medium;
 *   <li>risk tier, very high first (members without a tier after standard);
 *   <li>within a tier, the most recent window first (fewest days since the exit event: the
 *       first days carry the most overdose risk);
 *   <li>the last answer, oldest first (never answered before all);
 *   <li>memberId, so the order is stable from page to page.
 * </ol>
 * The need columns sit on the member row and the order has its own index, so a page of 100,000
 * members is one indexed read; the answer rates are one more read for the page's members.
 */
public final class Caseload {

    static final String ORDER = " ORDER BY m.open_critical DESC, m.open_high DESC, m.open_medium DESC, m.tier_rank,"
            + " m.window_started_on DESC NULLS LAST, m.last_answer_at ASC NULLS FIRST, m.member_id";

    private final ReadModelDatabase db;
    private final Clock clock;

    public Caseload(ReadModelDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public CaseloadPage page(CaseloadQuery q) {
        Instant now = clock.instant();
        return db.read(c -> {
            List<Object> args = new ArrayList<>();
            String from = from(q, args);
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*)" + from)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<CaseloadRow> rows = new ArrayList<>();
            if (total > (long) q.page() * q.pageSize()) {
                String sql = "SELECT m.member_id, m.first_name, m.external_id, m.status, m.time_zone, m.tier,"
                        + " m.window_started_on, m.latest_exit_on, m.away_until, m.open_critical, m.open_high,"
                        + " m.open_medium, m.last_answer_at, m.last_answer_status"
                        + from + ORDER + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";
                List<Object> pageArgs = new ArrayList<>(args);
                pageArgs.add((long) q.page() * q.pageSize());
                pageArgs.add(q.pageSize());
                List<String> ids = new ArrayList<>();
                List<Object[]> raw = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    bind(ps, pageArgs);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getString("member_id"));
                            raw.add(new Object[] {
                                rs.getString("member_id"),
                                rs.getString("first_name"),
                                rs.getString("external_id"),
                                rs.getString("status"),
                                rs.getString("time_zone"),
                                rs.getString("tier"),
                                Sql.date(rs, "window_started_on"),
                                Sql.date(rs, "latest_exit_on"),
                                Sql.date(rs, "away_until"),
                                rs.getInt("open_critical"),
                                rs.getInt("open_high"),
                                rs.getInt("open_medium"),
                                Sql.instant(rs, "last_answer_at"),
                                rs.getString("last_answer_status")
                            });
                        }
                    }
                }
                Map<String, List<AnswerRate.CheckIn>> checkIns = checkIns(c, ids, now);
                for (Object[] r : raw) {
                    ZoneId zone = ZoneId.of((String) r[4]);
                    LocalDate today = now.atZone(zone).toLocalDate();
                    LocalDate window = (LocalDate) r[6];
                    LocalDate exit = (LocalDate) r[7];
                    rows.add(new CaseloadRow(
                            (String) r[0],
                            (String) r[1],
                            (String) r[2],
                            Codes.parse(MemberStatus.class, (String) r[3]),
                            Codes.parse(RiskTier.class, (String) r[5]),
                            window,
                            days(window, today),
                            exit,
                            days(exit, today),
                            (LocalDate) r[8],
                            (Integer) r[9],
                            (Integer) r[10],
                            (Integer) r[11],
                            (Instant) r[12],
                            Codes.parse(AnswerStatus.class, (String) r[13]),
                            AnswerRate.over(checkIns.getOrDefault((String) r[0], List.of()), now)));
                }
            }
            return new CaseloadPage(rows, total, q.page(), q.pageSize());
        });
    }

    private static Integer days(LocalDate from, LocalDate today) {
        return from == null ? null : (int) ChronoUnit.DAYS.between(from, today);
    }

    /** The FROM and WHERE of the query, its parameters added to {@code args}. */
    private static String from(CaseloadQuery q, List<Object> args) {
        StringBuilder sql = new StringBuilder(" FROM rm_member m");
        if (!q.allMembers()) {
            sql.append(" JOIN rm_care_team_member t ON t.member_id = m.member_id AND t.staff_id = ?");
            args.add(q.staffId());
        }
        sql.append(" WHERE m.revision > 0");
        if (q.search() != null) {
            String prefix = likePrefix(q.search().toLowerCase(Locale.ROOT));
            sql.append(" AND (m.first_name_lower LIKE ? ESCAPE '\\' OR LOWER(m.external_id) LIKE ? ESCAPE '\\')");
            args.add(prefix);
            args.add(prefix);
        }
        if (q.tier() != null) {
            sql.append(" AND m.tier = ?");
            args.add(Codes.of(q.tier()));
        }
        if (q.openFlagOnly()) {
            sql.append(" AND (m.open_critical > 0 OR m.open_high > 0 OR m.open_medium > 0)");
        }
        return sql.toString();
    }

    static String likePrefix(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            switch (a) {
                case String s -> ps.setString(i + 1, s);
                case Integer n -> ps.setInt(i + 1, n);
                case Long n -> ps.setLong(i + 1, n);
                default -> throw new IllegalArgumentException("unexpected parameter type");
            }
        }
    }

    /** The page's members' check-ins due in the answer-rate window. */
    static Map<String, List<AnswerRate.CheckIn>> checkIns(Connection c, List<String> memberIds, Instant now)
            throws SQLException {
        if (memberIds.isEmpty()) {
            return Map.of();
        }
        Map<String, List<AnswerRate.CheckIn>> byMember = new HashMap<>();
        String marks = String.join(",", Collections.nCopies(memberIds.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT member_id, due_at, answered, missed FROM rm_checkin"
                + " WHERE member_id IN (" + marks + ") AND due_at >= ? AND due_at <= ?")) {
            int i = 0;
            for (String id : memberIds) {
                ps.setString(++i, id);
            }
            Sql.instant(ps, ++i, now.minus(AnswerRate.WINDOW));
            Sql.instant(ps, ++i, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byMember.computeIfAbsent(rs.getString("member_id"), k -> new ArrayList<>())
                            .add(new AnswerRate.CheckIn(
                                    Sql.instant(rs, "due_at"), rs.getBoolean("answered"), rs.getBoolean("missed")));
                }
            }
        }
        return byMember;
    }
}
