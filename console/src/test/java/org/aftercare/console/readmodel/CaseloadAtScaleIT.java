package org.aftercare.console.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.aftercare.events.risk.RiskTier;
import org.aftercare.infra.postgres.PostgresExtension;
import org.aftercare.infra.time.MutableClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caseload with 100,000 members on H2 and PostgreSQL: pages stay in need order from one page
 * to the next, deep pages and searches answer; the response times (p50/p95 of 50 calls each) are
 * logged, not asserted (a measure, not a test of the machine).
 */
class CaseloadAtScaleIT {

    private static final Logger log = LoggerFactory.getLogger(CaseloadAtScaleIT.class);
    private static final int MEMBERS = 100_000;
    private static final int STAFF = 200;
    private static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");

    static final PostgresExtension POSTGRES = new PostgresExtension();

    static Stream<Arguments> databases() {
        return Stream.of(
                Arguments.of("h2", "jdbc:h2:mem:scale-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa"),
                Arguments.of("postgresql", POSTGRES.newDatabase(), PostgresExtension.USER));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void caseloadPagesOfOneHundredThousandMembers(String vendor, String url, String user) {
        try (ReadModelDatabase db = ReadModelDatabase.open(url, user, "", 4)) {
            load(db);
            db.analyze();
            Caseload caseload = new Caseload(db, new MutableClock(NOW));

            CaseloadPage first = caseload.page(CaseloadQuery.all("sup").withPage(0, 50));
            CaseloadPage second = caseload.page(CaseloadQuery.all("sup").withPage(1, 50));
            assertThat(first.total()).isEqualTo(MEMBERS);
            assertThat(first.rows()).hasSize(50);
            assertThat(first.rows().getFirst().openCritical()).isPositive();
            CaseloadRow lastOfFirst = first.rows().getLast();
            CaseloadRow firstOfSecond = second.rows().getFirst();
            assertThat(lastOfFirst.openCritical()).isGreaterThanOrEqualTo(firstOfSecond.openCritical());
            assertThat(first.rows()).doesNotContainAnyElementsOf(second.rows());
            CaseloadPage own = caseload.page(CaseloadQuery.own("staff-7"));
            assertThat(own.total()).isEqualTo(MEMBERS / STAFF);
            assertThat(caseload.page(CaseloadQuery.all("sup").withSearch("ext-0001234"))
                            .rows())
                    .extracting(CaseloadRow::externalId)
                    .containsExactly("EXT-0001234");

            measure(vendor, "all members, first page", () -> caseload.page(CaseloadQuery.all("sup")));
            measure(
                    vendor,
                    "all members, page 1000",
                    () -> caseload.page(CaseloadQuery.all("sup").withPage(1000, 50)));
            measure(vendor, "own caseload (500)", () -> caseload.page(CaseloadQuery.own("staff-7")));
            measure(
                    vendor,
                    "search by name",
                    () -> caseload.page(CaseloadQuery.all("sup").withSearch("name12")));
            measure(
                    vendor,
                    "very high tier with open flags",
                    () -> caseload.page(CaseloadQuery.all("sup")
                            .withTier(RiskTier.VERY_HIGH)
                            .withOpenFlagOnly(true)));
        }
    }

    private static void measure(String vendor, String what, Supplier<CaseloadPage> call) {
        for (int i = 0; i < 5; i++) {
            call.get();
        }
        long[] nanos = new long[50];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            call.get();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        log.info(
                "caseload at {} members on {}, {}: p50 {} ms, p95 {} ms",
                MEMBERS,
                vendor,
                what,
                nanos[nanos.length / 2] / 1_000_000.0,
                nanos[(int) (nanos.length * 0.95)] / 1_000_000.0);
    }

    /** Members straight into the tables (the writer's path is ReadModelFeedIT's): varied needs, 500 per staff member. */
    private static void load(ReadModelDatabase db) {
        db.inTransaction(c -> {
            try (PreparedStatement m = c.prepareStatement("""
                            INSERT INTO rm_member (member_id, revision, external_id, first_name, first_name_lower, time_zone,
                              status, tier, tier_rank, window_started_on, open_critical, open_high, open_medium,
                              last_answer_at, last_answer_status)
                            VALUES (?, 1, ?, ?, ?, 'UTC', 'active', ?, ?, ?, ?, ?, ?, ?, 'ok')""");
                    PreparedStatement t = c.prepareStatement(
                            "INSERT INTO rm_care_team_member (member_id, staff_id, position) VALUES (?, ?, 0)")) {
                RiskTier[] tiers = RiskTier.values();
                List<Integer> batch = new ArrayList<>();
                for (int i = 0; i < MEMBERS; i++) {
                    String id = "member-%07d".formatted(i);
                    RiskTier tier = tiers[i % 7 == 0 ? 0 : i % 5 == 0 ? 1 : 2];
                    m.setString(1, id);
                    m.setString(2, "EXT-%07d".formatted(i));
                    m.setString(3, "Name" + i);
                    m.setString(4, "name" + i);
                    m.setString(5, Codes.of(tier));
                    m.setInt(6, tier.ordinal());
                    if (tier == RiskTier.STANDARD) {
                        m.setObject(7, null);
                    } else {
                        m.setObject(7, LocalDate.parse("2026-03-01").plusDays(i % 14));
                    }
                    m.setInt(8, i % 997 == 0 ? 1 : 0);
                    m.setInt(9, i % 101 == 0 ? 1 : 0);
                    m.setInt(10, i % 53 == 0 ? 1 : 0);
                    m.setObject(11, OffsetDateTime.ofInstant(NOW.minusSeconds(60L * (i % 20_000)), ZoneOffset.UTC));
                    m.addBatch();
                    t.setString(1, id);
                    t.setString(2, "staff-" + (i % STAFF));
                    t.addBatch();
                    batch.add(i);
                    if (batch.size() == 5000) {
                        m.executeBatch();
                        t.executeBatch();
                        batch.clear();
                    }
                }
                m.executeBatch();
                t.executeBatch();
            }
            return null;
        });
    }
}
