package org.aftercare.console.readmodel;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.flag.FlagState;
import org.aftercare.events.outreach.DeliveryOutcome;
import org.aftercare.events.risk.RiskTier;

/**
 * The program overview for supervisors, over all members: members by risk tier, check-ins
 * answered and missed per UTC day over the last {@value #DAYS} days, open flags by severity and
 * how many are overdue, emails failed or bounced over the last {@value #EMAIL_DAYS} days, and
 * support contacts awaiting confirmation. Each figure is one aggregate query (five in all, no
 * per-member reads) on an index of its own ({@code V3__program_overview.sql}).
 *
 * <p>A flag is overdue when it is still {@code open} (nobody acknowledged it) past its
 * acknowledgement time: {@link #ACK_CRITICAL} for critical, {@link #ACK_HIGH} for high; medium
 * flags have none. The console has no setting for these (streams' escalation has its own,
 * {@code OUTREACH_FLAG_ACK_TIMEOUT_*}), so they are named here, once.
 */
public final class ProgramOverview {

    /** The days of the answered/missed chart, today (UTC) the last. */
    public static final int DAYS = 30;

    /** The days over which failed and bounced emails are counted. */
    public static final int EMAIL_DAYS = 7;

    /** How long a critical flag may stay open before someone acknowledges it. */
    public static final Duration ACK_CRITICAL = Duration.ofMinutes(15);

    /** How long a high flag may stay open before someone acknowledges it. */
    public static final Duration ACK_HIGH = Duration.ofHours(4);

    /** Members with a profile: by tier (in the order of {@link RiskTier}) and without one. */
    public record Tiers(Map<RiskTier, Long> byTier, long withoutTier) {
        public long total() {
            return withoutTier
                    + byTier.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** One UTC day's check-ins (by due instant): answered, and missed without an answer. */
    public record Day(LocalDate day, int answered, int missed) {}

    /** Flags not resolved, and those of them open past their acknowledgement time. */
    public record Flags(long open, long overdue) {}

    /** Support contacts invited and not yet confirmed (nor declined), and how many members they belong to. */
    public record Contacts(long awaiting, long members) {}

    /** Everything on the page, as of {@code at}. */
    public record Overview(
            Instant at,
            Tiers tiers,
            List<Day> days,
            Map<FlagSeverity, Flags> flags,
            long emailsFailed,
            long emailsBounced,
            Contacts contacts) {

        public long openFlags() {
            return flags.values().stream().mapToLong(Flags::open).sum();
        }

        public long overdueFlags() {
            return flags.values().stream().mapToLong(Flags::overdue).sum();
        }
    }

    private final ReadModelDatabase db;
    private final Clock clock;

    public ProgramOverview(ReadModelDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Overview read() {
        Instant now = clock.instant();
        return db.read(c -> {
            Map<RiskTier, Long> byTier = new EnumMap<>(RiskTier.class);
            for (RiskTier t : RiskTier.values()) {
                byTier.put(t, 0L);
            }
            long withoutTier = 0;
            long contactsAwaiting = 0;
            long contactMembers = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT m.tier, COUNT(*), SUM(m.contacts_awaiting),"
                            + " SUM(CASE WHEN m.contacts_awaiting > 0 THEN 1 ELSE 0 END)"
                            + " FROM rm_member m WHERE m.revision > 0 GROUP BY m.tier");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String tier = rs.getString(1);
                    if (tier == null) {
                        withoutTier += rs.getLong(2);
                    } else {
                        byTier.merge(Codes.parse(RiskTier.class, tier), rs.getLong(2), Long::sum);
                    }
                    contactsAwaiting += rs.getLong(3);
                    contactMembers += rs.getLong(4);
                }
            }

            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            LocalDate first = today.minusDays(DAYS - 1);
            List<Day> days = new ArrayList<>(DAYS);
            int[] answered = new int[DAYS];
            int[] missed = new int[DAYS];
            // the UTC day of each check-in due in the window, grouped; a member without a profile yet
            // (a stub row, revision 0: few) is left out as everywhere else
            try (PreparedStatement ps = c.prepareStatement("SELECT x.d, SUM(CASE WHEN x.answered THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN x.missed AND NOT x.answered THEN 1 ELSE 0 END) FROM ("
                    + "SELECT CAST(c.due_at AT TIME ZONE 'UTC' AS DATE) AS d, c.answered, c.missed FROM rm_checkin c"
                    + " WHERE c.due_at >= ? AND c.due_at < ?"
                    + " AND c.member_id NOT IN (SELECT s.member_id FROM rm_member s WHERE s.revision = 0)) x"
                    + " GROUP BY x.d")) {
                Sql.instant(ps, 1, start(first));
                Sql.instant(ps, 2, start(today.plusDays(1)));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int i = (int)
                                ChronoUnit.DAYS.between(first, rs.getDate(1).toLocalDate());
                        if (i >= 0 && i < DAYS) {
                            answered[i] = rs.getInt(2);
                            missed[i] = rs.getInt(3);
                        }
                    }
                }
            }
            for (int i = 0; i < DAYS; i++) {
                days.add(new Day(first.plusDays(i), answered[i], missed[i]));
            }

            Map<FlagSeverity, Flags> flags = new EnumMap<>(FlagSeverity.class);
            for (FlagSeverity s : FlagSeverity.values()) {
                flags.put(s, new Flags(0, 0));
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT f.severity, COUNT(*), SUM(CASE WHEN f.state = ? AND ((f.severity = ? AND f.raised_at < ?)"
                            + " OR (f.severity = ? AND f.raised_at < ?)) THEN 1 ELSE 0 END)"
                            + " FROM rm_flag f JOIN rm_member m ON m.member_id = f.member_id"
                            + " WHERE f.state <> ? AND m.revision > 0 GROUP BY f.severity")) {
                int p = 0;
                ps.setString(++p, Codes.of(FlagState.OPEN));
                ps.setString(++p, Codes.of(FlagSeverity.CRITICAL));
                Sql.instant(ps, ++p, now.minus(ACK_CRITICAL));
                ps.setString(++p, Codes.of(FlagSeverity.HIGH));
                Sql.instant(ps, ++p, now.minus(ACK_HIGH));
                ps.setString(++p, Codes.of(FlagState.RESOLVED));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        flags.put(
                                Codes.parse(FlagSeverity.class, rs.getString(1)),
                                new Flags(rs.getLong(2), rs.getLong(3)));
                    }
                }
            }

            long failed = 0;
            long bounced = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT t.delivery_outcome, COUNT(*) FROM rm_timeline t"
                    + " WHERE t.delivery_outcome IN (?, ?) AND t.occurred_at >= ? AND t.kind = ?"
                    + " GROUP BY t.delivery_outcome")) {
                ps.setString(1, Codes.of(DeliveryOutcome.FAILED));
                ps.setString(2, Codes.of(DeliveryOutcome.BOUNCED));
                Sql.instant(ps, 3, now.minus(Duration.ofDays(EMAIL_DAYS)));
                ps.setString(4, ReadModelWriter.DELIVERY);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (Codes.of(DeliveryOutcome.FAILED).equals(rs.getString(1))) {
                            failed = rs.getLong(2);
                        } else {
                            bounced = rs.getLong(2);
                        }
                    }
                }
            }
            return new Overview(
                    now,
                    new Tiers(byTier, withoutTier),
                    days,
                    flags,
                    failed,
                    bounced,
                    new Contacts(contactsAwaiting, contactMembers));
        });
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
