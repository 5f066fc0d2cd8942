package org.aftercare.console.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.risk.RiskTier;
import org.aftercare.infra.postgres.PostgresExtension;
import org.aftercare.infra.time.MutableClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The program overview over 100,000 members, {@value #CHECKINS} check-ins each in the last 30
 * days (a million), 2,000 flags and 200,000 delivery rows, on H2 and PostgreSQL: every figure is
 * the one the generated data makes (counted while generating), and the response time (p50/p95 of
 * 20 reads) is logged, not asserted (a measure, not a test of the machine).
 */
class ProgramOverviewAtScaleIT {

    private static final Logger log = LoggerFactory.getLogger(ProgramOverviewAtScaleIT.class);
    private static final int MEMBERS = 100_000;
    private static final int CHECKINS = 10;
    private static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");
    private static final LocalDate FIRST = LocalDate.parse("2026-02-14");

    static final PostgresExtension POSTGRES = new PostgresExtension();

    static Stream<Arguments> databases() {
        return Stream.of(
                Arguments.of("h2", "jdbc:h2:mem:overview-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa"),
                Arguments.of("postgresql", POSTGRES.newDatabase(), PostgresExtension.USER));
    }

    /** What the generated data makes. */
    private static final class Expected {
        final Map<RiskTier, Long> tiers = new EnumMap<>(RiskTier.class);
        long withoutTier;
        long contacts;
        long contactMembers;
        final int[] answered = new int[ProgramOverview.DAYS];
        final int[] missed = new int[ProgramOverview.DAYS];
        final Map<FlagSeverity, long[]> flags = new EnumMap<>(FlagSeverity.class);
        long failed;
        long bounced;

        Expected() {
            for (RiskTier t : RiskTier.values()) {
                tiers.put(t, 0L);
            }
            for (FlagSeverity s : FlagSeverity.values()) {
                flags.put(s, new long[2]);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theOverviewOfOneHundredThousandMembers(String vendor, String url, String user) {
        try (ReadModelDatabase db = ReadModelDatabase.open(url, user, "", 4)) {
            Expected expected = load(db);
            db.analyze();
            ProgramOverview overview = new ProgramOverview(db, new MutableClock(NOW));

            ProgramOverview.Overview o = overview.read();

            assertThat(o.tiers().byTier()).isEqualTo(expected.tiers);
            assertThat(o.tiers().withoutTier()).isEqualTo(expected.withoutTier);
            assertThat(o.tiers().total()).isEqualTo(MEMBERS);
            assertThat(o.contacts())
                    .isEqualTo(new ProgramOverview.Contacts(expected.contacts, expected.contactMembers));
            assertThat(o.days()).hasSize(ProgramOverview.DAYS);
            assertThat(o.days().getFirst().day()).isEqualTo(FIRST);
            assertThat(o.days().stream().mapToInt(ProgramOverview.Day::answered).toArray())
                    .containsExactly(expected.answered);
            assertThat(o.days().stream().mapToInt(ProgramOverview.Day::missed).toArray())
                    .containsExactly(expected.missed);
            for (FlagSeverity s : FlagSeverity.values()) {
                assertThat(o.flags().get(s))
                        .as(s.name())
                        .isEqualTo(new ProgramOverview.Flags(
                                expected.flags.get(s)[0], expected.flags.get(s)[1]));
            }
            assertThat(o.emailsFailed()).isEqualTo(expected.failed);
            assertThat(o.emailsBounced()).isEqualTo(expected.bounced);

            for (int i = 0; i < 3; i++) {
                overview.read();
            }
            long[] nanos = new long[20];
            for (int i = 0; i < nanos.length; i++) {
                long start = System.nanoTime();
                overview.read();
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            log.info(
                    "overview at {} members, {} check-ins on {}: p50 {} ms, p95 {} ms",
                    MEMBERS,
                    MEMBERS * CHECKINS,
                    vendor,
                    nanos[nanos.length / 2] / 1_000_000.0,
                    nanos[(int) (nanos.length * 0.95)] / 1_000_000.0);
        }
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    /** Rows straight into the tables (the writer's path is the page test's), counting what they make. */
    private static Expected load(ReadModelDatabase db) {
        Expected e = new Expected();
        db.inTransaction(c -> {
            try (PreparedStatement m = c.prepareStatement(
                            "INSERT INTO rm_member (member_id, revision, first_name, tier, tier_rank, contacts_awaiting)"
                                    + " VALUES (?, 1, 'N', ?, ?, ?)");
                    PreparedStatement ci = c.prepareStatement(
                            "INSERT INTO rm_checkin (check_in_id, member_id, due_at, answered, missed) VALUES (?, ?, ?, ?, ?)");
                    PreparedStatement f = c.prepareStatement(
                            "INSERT INTO rm_flag (flag_id, member_id, change_number, severity, state, reasons, evidence,"
                                    + " categories, raised_at, updated_at) VALUES (?, ?, 1, ?, ?, 'missed', '', '', ?, ?)");
                    PreparedStatement t = c.prepareStatement(
                            "INSERT INTO rm_timeline (event_id, member_id, occurred_at, kind, delivery_outcome)"
                                    + " VALUES (?, ?, ?, 'delivery', ?)")) {
                RiskTier[] tiers = RiskTier.values();
                FlagSeverity[] severities = FlagSeverity.values();
                String[] states = {"open", "acknowledged", "contacted", "resolved"};
                for (int i = 0; i < MEMBERS; i++) {
                    String id = "member-%07d".formatted(i);
                    RiskTier tier = i % 13 == 0 ? null : tiers[i % 7 == 0 ? 0 : i % 5 == 0 ? 1 : 2];
                    int contacts = i % 40 == 0 ? 2 : i % 4 == 0 ? 1 : 0;
                    m.setString(1, id);
                    m.setString(2, Codes.of(tier));
                    m.setInt(3, ReadModelWriter.tierRank(tier));
                    m.setInt(4, contacts);
                    m.addBatch();
                    if (tier == null) {
                        e.withoutTier++;
                    } else {
                        e.tiers.merge(tier, 1L, Long::sum);
                    }
                    e.contacts += contacts;
                    e.contactMembers += contacts > 0 ? 1 : 0;
                    for (int k = 0; k < CHECKINS; k++) {
                        int day = (i + 3 * k) % ProgramOverview.DAYS;
                        boolean answered = (i + k) % 4 != 0;
                        boolean missed = !answered && (i + k) % 8 == 0;
                        ci.setString(1, id + "-" + k);
                        ci.setString(2, id);
                        ci.setObject(
                                3,
                                utc(FIRST.plusDays(day)
                                        .atStartOfDay(ZoneOffset.UTC)
                                        .toInstant()
                                        .plusSeconds(9 * 3600)));
                        ci.setBoolean(4, answered);
                        ci.setBoolean(5, missed);
                        ci.addBatch();
                        e.answered[day] += answered ? 1 : 0;
                        e.missed[day] += missed ? 1 : 0;
                    }
                    if (i % 50 == 0) {
                        FlagSeverity severity = severities[(i / 50) % 3];
                        String state = states[(i / 150) % 4];
                        Instant raised = NOW.minus(Duration.ofMinutes((i / 50) % 400));
                        f.setString(1, "flag-" + i);
                        f.setString(2, id);
                        f.setString(3, Codes.of(severity));
                        f.setString(4, state);
                        f.setObject(5, utc(raised));
                        f.setObject(6, utc(raised));
                        f.addBatch();
                        if (!state.equals("resolved")) {
                            e.flags.get(severity)[0]++;
                            boolean overdue = state.equals("open")
                                    && (severity == FlagSeverity.CRITICAL
                                                    && raised.isBefore(NOW.minus(ProgramOverview.ACK_CRITICAL))
                                            || severity == FlagSeverity.HIGH
                                                    && raised.isBefore(NOW.minus(ProgramOverview.ACK_HIGH)));
                            e.flags.get(severity)[1] += overdue ? 1 : 0;
                        }
                    }
                    for (int k = 0; k < 2; k++) {
                        String outcome = k == 1 && i % 20 == 0 ? "failed" : k == 1 && i % 30 == 1 ? "bounced" : "sent";
                        Instant at = NOW.minus(Duration.ofHours((i % 10) * 24L + 1));
                        t.setString(1, "d-" + i + "-" + k);
                        t.setString(2, id);
                        t.setObject(3, utc(at));
                        t.setString(4, outcome);
                        t.addBatch();
                        if (at.isAfter(NOW.minus(Duration.ofDays(ProgramOverview.EMAIL_DAYS)))) {
                            e.failed += outcome.equals("failed") ? 1 : 0;
                            e.bounced += outcome.equals("bounced") ? 1 : 0;
                        }
                    }
                    if (i % 1000 == 999) {
                        m.executeBatch();
                        ci.executeBatch();
                        f.executeBatch();
                        t.executeBatch();
                    }
                }
                m.executeBatch();
                ci.executeBatch();
                f.executeBatch();
                t.executeBatch();
            }
            return null;
        });
        return e;
    }
}
