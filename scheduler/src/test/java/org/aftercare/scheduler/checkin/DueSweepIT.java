package org.aftercare.scheduler.checkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aftercare.events.Json;
import org.aftercare.events.Topics;
import org.aftercare.events.checkin.CheckInDue;
import org.aftercare.events.checkin.CheckInDueEvent;
import org.aftercare.events.profile.Away;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.infra.kafka.TopicProbe;
import org.aftercare.infra.time.MutableClock;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.kafka.TopicSetup;
import org.aftercare.scheduler.SchedulerConfig;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.member.EnrollmentParser;
import org.aftercare.scheduler.member.MemberLifecycle;
import org.aftercare.scheduler.member.MemberStore;
import org.aftercare.scheduler.member.Members;
import org.aftercare.scheduler.testing.Databases;
import org.aftercare.scheduler.testing.SchedulerFixture;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The due sweep on a clock the test controls, on H2 and on PostgreSQL: after downtime one
 * catch-up per missed slot within the window and older slots recorded as skipped; nothing for
 * paused, discharged or erased members. Check-ins claimed ahead of their due instant: a change
 * between the claim and the due instant is what counts, and a claim that was never released (a
 * crash) leaves the check-in due.
 */
class DueSweepIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Instant START = Instant.parse("2026-03-02T00:30:00Z");

    private record Rig(
            Database db,
            EventPublisher publisher,
            MemberLifecycle members,
            DueSweep sweep,
            MutableClock clock,
            SchedulerConfig config,
            SimpleMeterRegistry registry)
            implements AutoCloseable {

        /** A second instance on the same database and broker (its own sweep and metrics). */
        DueSweep anotherSweep() {
            return new DueSweep(db, publisher, config, clock, new SimpleMeterRegistry());
        }

        /** Check-ins emitted from records prepared ahead of their due instant. */
        double released() {
            return registry.counter("outreach.checkins.due.released").count();
        }

        @Override
        public void close() {
            sweep.close();
            publisher.close();
            db.close();
        }
    }

    private static Rig rig(String url) {
        Map<String, String> env = new HashMap<>(SchedulerFixture.env(KAFKA.bootstrapServers()));
        env.put("OUTREACH_DB_URL", url);
        env.put("OUTREACH_DB_USER", Databases.user(url));
        env.put("OUTREACH_CATCH_UP_WINDOW", "PT3H");
        MutableClock clock = new MutableClock(START);
        SchedulerConfig config = SchedulerConfig.from(Settings.of(env), env).withClock(clock);
        TopicSetup.ensureAll(config.kafka());
        Database db = Database.open(url, Databases.user(url), "");
        EventPublisher publisher = new EventPublisher(config.kafka());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MemberLifecycle members = Members.create(db, new MemberStore(), publisher, config, clock, registry)
                .lifecycle();
        return new Rig(
                db, publisher, members, new DueSweep(db, publisher, config, clock, registry), clock, config, registry);
    }

    private static final String EVERY_TWO_HOURS =
            "\"00:00\",\"02:00\",\"04:00\",\"06:00\",\"08:00\",\"10:00\",\"12:00\",\"14:00\",\"16:00\",\"18:00\",\"20:00\",\"22:00\"";

    /** A member asked every two hours, on the hour, in UTC. */
    private static String enroll(Rig rig) throws Exception {
        return rig.members()
                .enroll(enrollment("EXT-" + UUID.randomUUID(), EVERY_TWO_HOURS))
                .member()
                .memberId();
    }

    /** A member in UTC asked at {@code times} (JSON strings, comma-separated), from 1 March 2026. */
    private static EnrollmentParser.Enrollment enrollment(String externalId, String times) throws Exception {
        String json = """
                {"externalId":"%s","firstName":"Sam","email":"sam@example.org","timeZone":"UTC",
                 "plan":{"times":[%s], "startDate":"2026-03-01"}}""".formatted(externalId, times);
        return EnrollmentParser.parse(Json.reader().readTree(json), LocalDate.of(2026, 3, 1));
    }

    private static List<String> outcomes(Rig rig, String memberId) {
        return rig.db().inTransaction(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT due_at, outcome FROM checkin WHERE member_id = ? ORDER BY due_at")) {
                ps.setString(1, memberId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getTimestamp(1).toInstant().toString().substring(11, 16) + " " + rs.getString(2));
                    }
                }
            }
            return out;
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.aftercare.scheduler.testing.Databases#both")
    void afterDowntimeEachMissedSlotInTheWindowIsSentOnceAndOlderOnesAreSkipped(String vendor, String url)
            throws Exception {
        try (Rig rig = rig(url);
                TopicProbe<CheckInDueEvent> dues = new TopicProbe<>(KAFKA.bootstrapServers(), Topics.CHECKIN_DUE)) {
            String memberId = enroll(rig);

            // Down from 00:30 to 12:30: slots 02:00 .. 12:00 were missed; the window reaches back to 09:30.
            rig.clock().set(Instant.parse("2026-03-02T12:30:00Z"));
            assertThat(rig.sweep().sweep()).isEqualTo(6);
            assertThat(rig.sweep().sweep()).as("nothing twice").isZero();

            assertThat(outcomes(rig, memberId))
                    .containsExactly(
                            "02:00 SKIPPED",
                            "04:00 SKIPPED",
                            "06:00 SKIPPED",
                            "08:00 SKIPPED",
                            "10:00 EMITTED",
                            "12:00 EMITTED");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> dues.valuesFor(memberId).size() >= 2);
            List<CheckInDue> sent = dues.valuesFor(memberId).stream()
                    .map(CheckInDue.class::cast)
                    .toList();
            assertThat(sent)
                    .extracting(d -> d.dueAt().toString())
                    .containsExactly("2026-03-02T10:00:00Z", "2026-03-02T12:00:00Z");
            assertThat(sent).allSatisfy(d -> assertThat(d.catchUp()).isTrue());

            // Back on time: the 14:00 slot is an ordinary check-in.
            rig.clock().set(Instant.parse("2026-03-02T14:00:02Z"));
            assertThat(rig.sweep().sweep()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> dues.valuesFor(memberId).size() >= 3);
            CheckInDue onTime = (CheckInDue) dues.valuesFor(memberId).getLast();
            assertThat(onTime.catchUp()).isFalse();
            assertThat(onTime.respondBy())
                    .as(
                            "announced open until the member's next planned check-in, 16:00; streams decides the tier's window")
                    .isEqualTo(Instant.parse("2026-03-02T16:00:00Z"));
            assertThat(dues.valuesFor(memberId)).hasSize(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.aftercare.scheduler.testing.Databases#both")
    void pausedDischargedAndErasedMembersGetNothing(String vendor, String url) throws Exception {
        try (Rig rig = rig(url);
                TopicProbe<CheckInDueEvent> dues = new TopicProbe<>(KAFKA.bootstrapServers(), Topics.CHECKIN_DUE)) {
            String active = enroll(rig);
            String paused = enroll(rig);
            String discharged = enroll(rig);
            String erased = enroll(rig);
            rig.members().pause(paused);
            rig.members().discharge(discharged);
            rig.members().erase(erased);

            rig.clock().set(Instant.parse("2026-03-02T02:00:01Z"));
            assertThat(rig.sweep().sweep()).isEqualTo(1);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !dues.valuesFor(active).isEmpty());
            for (String quiet : List.of(paused, discharged, erased)) {
                assertThat(dues.valuesFor(quiet)).as(quiet).isEmpty();
                assertThat(outcomes(rig, quiet)).isEmpty();
            }
            // Resuming starts again from now: the slot missed while paused is not sent.
            rig.members().resume(paused);
            rig.clock().set(Instant.parse("2026-03-02T04:00:01Z"));
            rig.sweep().sweep();
            assertThat(outcomes(rig, paused)).containsExactly("04:00 EMITTED");
        }
    }

    /** Which check-ins the member's progress page shows as away: "HH:mm on day" → away. */
    private static List<String> awayMarks(Rig rig, String memberId) {
        return rig.db().inTransaction(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT due_at, outcome, member_away, answers_kept FROM checkin WHERE member_id = ? ORDER BY due_at")) {
                ps.setString(1, memberId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getTimestamp(1).toInstant().toString().substring(5, 16) + " " + rs.getString(2)
                                + (rs.getBoolean(3) ? " away" : "") + (rs.getBoolean(4) ? "" : " not-kept"));
                    }
                }
            }
            return out;
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.aftercare.scheduler.testing.Databases#both")
    void eachCheckInRecordsWhetherTheMemberWasAwayOnItsDayForTheirProgressPage(String vendor, String url)
            throws Exception {
        try (Rig rig = rig(url)) {
            String memberId = enroll(rig);
            // Away through 2 March (the member's zone is UTC), check-ins kept coming.
            rig.members().setAway(memberId, LocalDate.of(2026, 3, 2), true, Away.SetBy.MEMBER);

            rig.clock().set(Instant.parse("2026-03-02T02:00:02Z"));
            rig.sweep().sweep();
            rig.clock().set(Instant.parse("2026-03-02T22:00:02Z"));
            rig.sweep().sweep();
            rig.members().clearAway(memberId);
            rig.clock().set(Instant.parse("2026-03-03T00:00:02Z"));
            rig.sweep().sweep();

            assertThat(awayMarks(rig, memberId))
                    .startsWith("03-02T02:00 EMITTED away")
                    .contains("03-02T22:00 EMITTED away")
                    .endsWith("03-03T00:00 EMITTED");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.aftercare.scheduler.testing.Databases#both")
    void aPauseAfterTheCheckInWasClaimedAheadButBeforeItsDueInstantEmitsNothing(String vendor, String url)
            throws Exception {
        try (Rig rig = rig(url);
                TopicProbe<CheckInDueEvent> dues = new TopicProbe<>(KAFKA.bootstrapServers(), Topics.CHECKIN_DUE)) {
            String active = enroll(rig);
            String paused = enroll(rig);

            // Given both members' 02:00 check-ins claimed and prepared two seconds ahead,
            rig.clock().set(Instant.parse("2026-03-02T01:59:58Z"));
            assertThat(rig.sweep().sweep()).as("nothing due yet").isZero();
            // when one member pauses before the due instant,
            rig.members().pause(paused);
            rig.clock().set(Instant.parse("2026-03-02T02:00:01Z"));
            rig.sweep().sweep();

            // then only the other one's check-in is emitted, from its prepared record.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !dues.valuesFor(active).isEmpty());
            assertThat(rig.released()).as("emitted from the prepared record").isEqualTo(1.0);
            assertThat(outcomes(rig, active)).containsExactly("02:00 EMITTED");
            assertThat(dues.valuesFor(paused)).isEmpty();
            assertThat(outcomes(rig, paused)).isEmpty();
            assertThat(dues.valuesFor(active)).hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.aftercare.scheduler.testing.Databases#both")
    void aPlanEditOrAbsenceAfterTheClaimIsWhatTheCheckInSays(String vendor, String url) throws Exception {
        try (Rig rig = rig(url);
                TopicProbe<CheckInDueEvent> dues = new TopicProbe<>(KAFKA.bootstrapServers(), Topics.CHECKIN_DUE)) {
            String externalId = "EXT-" + UUID.randomUUID();
            String kept = rig.members()
                    .enroll(enrollment(externalId, EVERY_TWO_HOURS))
                    .member()
                    .memberId();
            String setAway = enroll(rig);

            // Given the 02:00 check-ins claimed ahead (announced open until 04:00, the next slot),
            rig.clock().set(Instant.parse("2026-03-02T01:59:58Z"));
            rig.sweep().sweep();
            // when one plan keeps 02:00 but asks again at 03:00, and the other member is set away for the day,
            rig.members().update(kept, enrollment(externalId, "\"02:00\",\"03:00\""));
            rig.members().setAway(setAway, LocalDate.of(2026, 3, 2), true, Away.SetBy.MEMBER);
            rig.clock().set(Instant.parse("2026-03-02T02:00:01Z"));
            rig.sweep().sweep();

            // then the check-ins say what the plan and the member's record say at the due instant.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !dues.valuesFor(kept).isEmpty()
                            && !dues.valuesFor(setAway).isEmpty());
            CheckInDue keptDue = (CheckInDue) dues.valuesFor(kept).getFirst();
            assertThat(keptDue.dueAt()).isEqualTo(Instant.parse("2026-03-02T02:00:00Z"));
            assertThat(keptDue.respondBy())
                    .as("open until the edited plan's next check-in")
                    .isEqualTo(Instant.parse("2026-03-02T03:00:00Z"));
            assertThat(awayMarks(rig, setAway)).containsExactly("03-02T02:00 EMITTED away");
            assertThat(dues.valuesFor(kept)).hasSize(1);
            assertThat(dues.valuesFor(setAway)).hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.aftercare.scheduler.testing.Databases#both")
    void aClaimNeverReleasedLeavesTheCheckInDueForTheNextSweep(String vendor, String url) throws Exception {
        try (Rig rig = rig(url);
                TopicProbe<CheckInDueEvent> dues = new TopicProbe<>(KAFKA.bootstrapServers(), Topics.CHECKIN_DUE)) {
            String memberId = enroll(rig);

            // Given the 02:00 check-in claimed ahead by an instance that then stops (a crash),
            rig.clock().set(Instant.parse("2026-03-02T01:59:58Z"));
            rig.sweep().sweep();
            rig.sweep().close();

            // when another instance sweeps after the due instant,
            rig.clock().set(Instant.parse("2026-03-02T02:00:01Z"));
            try (DueSweep other = rig.anotherSweep()) {
                assertThat(other.sweep()).isEqualTo(1);
            }

            // then the check-in is emitted once.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !dues.valuesFor(memberId).isEmpty());
            assertThat(rig.released()).isZero();
            assertThat(outcomes(rig, memberId)).containsExactly("02:00 EMITTED");
            assertThat(dues.valuesFor(memberId)).hasSize(1);
        }
    }
}
