package org.aftercare.console.readmodel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.flag.FlagOutcome;
import org.aftercare.events.flag.FlagReason;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.flag.FlagState;
import org.aftercare.events.profile.ExitKind;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.events.risk.RiskCause;
import org.aftercare.events.risk.RiskTier;

/**
 * A member's page from the read model: the record's head and flags ({@link #of}), the timeline
 * newest first ({@link #timeline}) and the chart series ({@link #series}). The caller has checked
 * {@link Access#mayView} and written the view to the access audit.
 */
public final class MemberRecords {

    /** The most timeline rows one call returns. */
    public static final int MAX_TIMELINE = 1000;
    /** The longest chart period. */
    public static final int MAX_SERIES_DAYS = 366;

    private final ReadModelDatabase db;
    private final Clock clock;

    public MemberRecords(ReadModelDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The member's record; empty when the console has no profile for them (unknown, or erased). */
    public Optional<MemberRecord> of(String memberId) {
        Instant now = clock.instant();
        return db.read(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT * FROM rm_member WHERE member_id = ? AND revision > 0")) {
                ps.setString(1, memberId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    ZoneId zone = ZoneId.of(rs.getString("time_zone"));
                    LocalDate today = now.atZone(zone).toLocalDate();
                    LocalDate exit = Sql.date(rs, "latest_exit_on");
                    LocalDate window = Sql.date(rs, "window_started_on");
                    String exitKind = rs.getString("latest_exit_kind");
                    String primary = null;
                    List<String> others = new ArrayList<>();
                    try (PreparedStatement t = c.prepareStatement(
                            "SELECT staff_id, position FROM rm_care_team_member WHERE member_id = ? ORDER BY position")) {
                        t.setString(1, memberId);
                        try (ResultSet team = t.executeQuery()) {
                            while (team.next()) {
                                if (team.getInt("position") == 0) {
                                    primary = team.getString("staff_id");
                                } else {
                                    others.add(team.getString("staff_id"));
                                }
                            }
                        }
                    }
                    List<FlagView> flags = flags(c, memberId);
                    List<FlagView> open = flags.stream().filter(FlagView::open).toList();
                    List<FlagView> closed = flags.stream()
                            .filter(f -> !f.open())
                            .sorted((a, b) -> b.updatedAt().compareTo(a.updatedAt()))
                            .toList();
                    AnswerRate rate = AnswerRate.over(
                            Caseload.checkIns(c, List.of(memberId), now).getOrDefault(memberId, List.of()), now);
                    return Optional.of(new MemberRecord(
                            memberId,
                            rs.getString("external_id"),
                            rs.getString("first_name"),
                            zone,
                            Codes.parse(MemberStatus.class, rs.getString("status")),
                            Sql.date(rs, "treatment_ended_on"),
                            exit,
                            exitKind == null ? null : Codes.parse(ExitKind.class, exitKind),
                            exit == null ? null : (int) ChronoUnit.DAYS.between(exit, today),
                            Sql.date(rs, "away_until"),
                            Codes.parse(RiskTier.class, rs.getString("tier")),
                            Sql.instant(rs, "tier_since"),
                            window,
                            Codes.parse(RiskCause.class, rs.getString("risk_cause")),
                            window == null ? null : (int) ChronoUnit.DAYS.between(window, today),
                            Sql.instant(rs, "last_answer_at"),
                            Codes.parse(AnswerStatus.class, rs.getString("last_answer_status")),
                            rate,
                            primary,
                            others,
                            open,
                            closed));
                }
            }
        });
    }

    /** Open flags first (most severe, then oldest), then the rest. */
    private static List<FlagView> flags(Connection c, String memberId) throws SQLException {
        List<FlagView> flags = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM rm_flag WHERE member_id = ?")) {
            ps.setString(1, memberId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    flags.add(flag(rs));
                }
            }
        }
        flags.sort((a, b) -> {
            if (a.open() != b.open()) {
                return a.open() ? -1 : 1;
            }
            int bySeverity = a.severity().compareTo(b.severity());
            return bySeverity != 0 ? bySeverity : a.raisedAt().compareTo(b.raisedAt());
        });
        return flags;
    }

    static FlagView flag(ResultSet rs) throws SQLException {
        Set<FlagReason> reasons = new LinkedHashSet<>();
        for (String code : split(rs.getString("reasons"))) {
            reasons.add(Codes.parse(FlagReason.class, code));
        }
        return new FlagView(
                rs.getString("flag_id"),
                rs.getString("member_id"),
                rs.getInt("change_number"),
                Codes.parse(FlagSeverity.class, rs.getString("severity")),
                Codes.parse(FlagState.class, rs.getString("state")),
                reasons,
                split(rs.getString("evidence")),
                new LinkedHashSet<>(split(rs.getString("categories"))),
                Sql.instant(rs, "raised_at"),
                Sql.instant(rs, "updated_at"),
                rs.getString("acknowledged_by"),
                Sql.instant(rs, "acknowledged_at"),
                rs.getString("contacted_by"),
                Sql.instant(rs, "contacted_at"),
                rs.getString("resolved_by"),
                Sql.instant(rs, "resolved_at"),
                Codes.parse(FlagOutcome.class, rs.getString("outcome")));
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    /**
     * The member's timeline between {@code from} (inclusive) and {@code to} (exclusive), newest
     * first, at most {@code limit} rows (1 to {@link #MAX_TIMELINE}); null bounds are open. For the
     * next page, pass the oldest {@code occurredAt} shown as {@code to}.
     */
    public List<TimelineEntry> timeline(String memberId, Instant from, Instant to, int limit) {
        if (limit < 1 || limit > MAX_TIMELINE) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_TIMELINE);
        }
        return db.read(c -> {
            StringBuilder sql = new StringBuilder("SELECT * FROM rm_timeline WHERE member_id = ?");
            if (from != null) {
                sql.append(" AND occurred_at >= ?");
            }
            if (to != null) {
                sql.append(" AND occurred_at < ?");
            }
            sql.append(" ORDER BY occurred_at DESC, id DESC FETCH FIRST ? ROWS ONLY");
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 0;
                ps.setString(++i, memberId);
                if (from != null) {
                    Sql.instant(ps, ++i, from);
                }
                if (to != null) {
                    Sql.instant(ps, ++i, to);
                }
                ps.setInt(++i, limit);
                List<TimelineEntry> entries = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new TimelineEntry(
                                rs.getString("event_id"),
                                rs.getString("member_id"),
                                Sql.instant(rs, "occurred_at"),
                                rs.getString("kind"),
                                rs.getString("check_in_id"),
                                Sql.instant(rs, "due_at"),
                                rs.getString("status"),
                                Sql.integer(rs, "craving"),
                                Sql.integer(rs, "mood"),
                                rs.getString("note"),
                                rs.getString("delivery_kind"),
                                rs.getString("recipient_role"),
                                rs.getString("delivery_outcome"),
                                rs.getString("delivery_reason"),
                                rs.getString("contact_action"),
                                rs.getString("contact_id"),
                                rs.getString("flag_id"),
                                rs.getString("flag_change"),
                                rs.getString("severity"),
                                rs.getString("outcome"),
                                rs.getString("staff_id"),
                                rs.getString("instrument_id")));
                    }
                }
                return entries;
            }
        });
    }

    /**
     * The chart series over the last {@code days} (1 to {@link #MAX_SERIES_DAYS}): every answer's
     * craving and mood, oldest first, and answered vs missed check-ins per week (weeks in the
     * member's time zone, Monday first; weeks without a settled check-in are listed with zeros).
     */
    public MemberSeries series(String memberId, int days) {
        if (days < 1 || days > MAX_SERIES_DAYS) {
            throw new IllegalArgumentException("days must be from 1 to " + MAX_SERIES_DAYS);
        }
        Instant now = clock.instant();
        Instant from = now.minus(days, ChronoUnit.DAYS);
        return db.read(c -> {
            ZoneId zone = ZoneId.of("UTC");
            try (PreparedStatement ps = c.prepareStatement("SELECT time_zone FROM rm_member WHERE member_id = ?")) {
                ps.setString(1, memberId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getString(1) != null) {
                        zone = ZoneId.of(rs.getString(1));
                    }
                }
            }
            List<MemberSeries.Point> points = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT occurred_at, craving, mood FROM rm_timeline WHERE member_id = ? AND kind = ?"
                            + " AND occurred_at >= ? AND occurred_at <= ? ORDER BY occurred_at, id")) {
                ps.setString(1, memberId);
                ps.setString(2, ReadModelWriter.ANSWER);
                Sql.instant(ps, 3, from);
                Sql.instant(ps, 4, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        points.add(new MemberSeries.Point(
                                Sql.instant(rs, "occurred_at"), Sql.integer(rs, "craving"), Sql.integer(rs, "mood")));
                    }
                }
            }
            Map<LocalDate, int[]> weeks = new TreeMap<>();
            LocalDate firstWeek = weekStart(from, zone);
            LocalDate lastWeek = weekStart(now, zone);
            for (LocalDate w = firstWeek; !w.isAfter(lastWeek); w = w.plusWeeks(1)) {
                weeks.put(w, new int[2]);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT due_at, answered, missed FROM rm_checkin"
                    + " WHERE member_id = ? AND due_at >= ? AND due_at <= ?")) {
                ps.setString(1, memberId);
                Sql.instant(ps, 2, from);
                Sql.instant(ps, 3, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int[] counts = weeks.get(weekStart(Sql.instant(rs, "due_at"), zone));
                        if (counts == null) {
                            continue;
                        }
                        if (rs.getBoolean("answered")) {
                            counts[0]++;
                        } else if (rs.getBoolean("missed")) {
                            counts[1]++;
                        }
                    }
                }
            }
            List<MemberSeries.Week> perWeek = new ArrayList<>();
            weeks.forEach((w, n) -> perWeek.add(new MemberSeries.Week(w, n[0], n[1])));
            return new MemberSeries(days, points, perWeek);
        });
    }

    private static LocalDate weekStart(Instant at, ZoneId zone) {
        return at.atZone(zone).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }
}
