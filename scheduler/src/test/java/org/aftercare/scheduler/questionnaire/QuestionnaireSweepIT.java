package org.aftercare.scheduler.questionnaire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aftercare.events.Ids;
import org.aftercare.events.Json;
import org.aftercare.events.Topics;
import org.aftercare.events.checkin.CheckInDueEvent;
import org.aftercare.events.checkin.QuestionnaireDue;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.infra.kafka.TopicProbe;
import org.aftercare.infra.time.MutableClock;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.kafka.TopicSetup;
import org.aftercare.scheduler.SchedulerConfig;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.member.EnrollmentParser;
import org.aftercare.scheduler.member.MemberProblem;
import org.aftercare.scheduler.member.MemberStore;
import org.aftercare.scheduler.member.Members;
import org.aftercare.scheduler.plan.CheckInTimes;
import org.aftercare.scheduler.testing.Databases;
import org.aftercare.scheduler.testing.SchedulerFixture;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The questionnaires of the members' plans on a clock the test controls, on H2 and on PostgreSQL:
 * opened and announced once when due, with the same id when a sweep runs again; after downtime
 * the slot in the catch-up window is opened once and older ones are skipped; nothing for a paused
 * member; a plan naming an instrument that cannot be given is refused.
 */
class QuestionnaireSweepIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    // Sunday 1 March 2026, noon UTC.
    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    private record Rig(
            Database db,
            EventPublisher publisher,
            Members members,
            QuestionnaireSweep sweep,
            SimpleMeterRegistry registry,
            MutableClock clock)
            implements AutoCloseable {
        @Override
        public void close() {
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
        MemberStore store = new MemberStore();
        Members members = Members.create(db, store, publisher, config, clock, registry);
        Questionnaires questionnaires = new Questionnaires(db, store, config.instruments(), publisher, clock, registry);
        QuestionnaireSweep sweep = new QuestionnaireSweep(
                db, questionnaires, publisher, new CheckInTimes(null), config.catchUpWindow(), clock, registry);
        return new Rig(db, publisher, members, sweep, registry, clock);
    }

    private static String enroll(Rig rig, String questionnaires) throws Exception {
        String json = """
                {"externalId":"%s","firstName":"Sam","email":"sam@example.org","timeZone":"UTC",
                 "plan":{"times":["09:00"],"startDate":"2026-03-01","questionnaires":%s}}""".formatted("EXT-" + UUID.randomUUID(), questionnaires);
        return rig.members()
                .lifecycle()
                .enroll(EnrollmentParser.parse(
                        Json.reader().readTree(json), rig.clock().instant()))
                .member()
                .memberId();
    }

    private static List<String> occurrences(Rig rig, String memberId) {
        return rig.db().inTransaction(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT questionnaire_id, expires_at FROM questionnaire WHERE member_id = ? ORDER BY expires_at")) {
                ps.setString(1, memberId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1) + " " + rs.getTimestamp(2).toInstant());
                    }
                }
            }
            return out;
        });
    }

    private static Instant nextDue(Rig rig, String memberId, String instrument) {
        return rig.db().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT next_due_utc FROM questionnaire_schedule WHERE member_id = ? AND instrument_id = ?")) {
                ps.setString(1, memberId);
                ps.setString(2, instrument);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).as("a schedule row for " + instrument).isTrue();
                    Timestamp t = rs.getTimestamp(1);
                    return t == null ? null : t.toInstant();
                }
            }
        });
    }

    private static List<QuestionnaireDue> announced(TopicProbe<CheckInDueEvent> dues, String memberId) {
        return dues.valuesFor(memberId).stream()
                .filter(QuestionnaireDue.class::isInstance)
                .map(QuestionnaireDue.class::cast)
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.aftercare.scheduler.testing.Databases#both")
    void aWeeklyQuestionnaireIsOpenedAndAnnouncedOnceWhenDueWithTheSameIdIfSweptAgain(String vendor, String url)
            throws Exception {
        try (Rig rig = rig(url);
                TopicProbe<CheckInDueEvent> dues = new TopicProbe<>(KAFKA.bootstrapServers(), Topics.CHECKIN_DUE)) {
            String memberId = enroll(rig, """
                    [{"instrument":"weekly-reflection","repeat":"weekly","day":"sun","time":"18:00"}]""");
            Instant due = Instant.parse("2026-03-01T18:00:00Z");
            assertThat(nextDue(rig, memberId, "weekly-reflection")).isEqualTo(due);

            rig.clock().set(Instant.parse("2026-03-01T17:59:00Z"));
            assertThat(rig.sweep().sweep()).as("not yet").isZero();

            rig.clock().set(Instant.parse("2026-03-01T18:00:02Z"));
            assertThat(rig.sweep().sweep()).isEqualTo(1);
            assertThat(rig.sweep().sweep()).as("nothing twice").isZero();
            String id = Ids.questionnaireId(memberId, "weekly-reflection", due);
            // Open for the link's life: 7 days, which is also when the next one falls due.
            assertThat(occurrences(rig, memberId)).containsExactly(id + " 2026-03-08T18:00:00Z");
            assertThat(nextDue(rig, memberId, "weekly-reflection")).isEqualTo(Instant.parse("2026-03-08T18:00:00Z"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !announced(dues, memberId).isEmpty());
            QuestionnaireDue sent = announced(dues, memberId).getFirst();
            assertThat(sent.questionnaireId()).isEqualTo(id);
            assertThat(sent.instrumentId()).isEqualTo("weekly-reflection");
            assertThat(sent.dueAt()).isEqualTo(due);
            assertThat(sent.expiresAt()).isEqualTo(Instant.parse("2026-03-08T18:00:00Z"));
            assertThat(sent.catchUp()).isFalse();

            // A crash after Kafka took the batch but before the commit: the row is due again.
            rig.db().inTransaction(c -> {
                try (PreparedStatement ps =
                        c.prepareStatement("UPDATE questionnaire_schedule SET next_due_utc = ? WHERE member_id = ?")) {
                    ps.setTimestamp(1, Timestamp.from(due));
                    ps.setString(2, memberId);
                    return ps.executeUpdate();
                }
            });
            assertThat(rig.sweep().sweep()).isEqualTo(1);
            assertThat(occurrences(rig, memberId))
                    .as("the same occurrence, not a second")
                    .hasSize(1);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> announced(dues, memberId).size() >= 2);
            assertThat(announced(dues, memberId))
                    .extracting(QuestionnaireDue::eventId)
                    .containsOnly("due:" + id);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.aftercare.scheduler.testing.Databases#both")
    void afterDowntimeTheSlotInTheWindowIsOpenedOnceAndOlderOnesAreSkipped(String vendor, String url) throws Exception {
        try (Rig rig = rig(url);
                TopicProbe<CheckInDueEvent> dues = new TopicProbe<>(KAFKA.bootstrapServers(), Topics.CHECKIN_DUE)) {
            String memberId = enroll(rig, """
                    [{"instrument":"weekly-reflection","repeat":"every-days","interval":1,"time":"18:00"}]""");

            // Down from Sunday noon to Wednesday 19:00: slots 1, 2, 3 and 4 March 18:00 came; the 3 h
            // window reaches back to 16:00 on the 4th, so only that one is opened, closing at the next.
            rig.clock().set(Instant.parse("2026-03-04T19:00:00Z"));
            assertThat(rig.sweep().sweep()).isEqualTo(4);
            assertThat(occurrences(rig, memberId))
                    .containsExactly(
                            Ids.questionnaireId(memberId, "weekly-reflection", Instant.parse("2026-03-04T18:00:00Z"))
                                    + " 2026-03-05T18:00:00Z");
            assertThat(rig.registry()
                            .counter("outreach.questionnaires.skipped", "reason", "too-old")
                            .count())
                    .isEqualTo(3.0);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !announced(dues, memberId).isEmpty());
            assertThat(announced(dues, memberId))
                    .singleElement()
                    .satisfies(d -> assertThat(d.catchUp()).isTrue());
            assertThat(nextDue(rig, memberId, "weekly-reflection")).isEqualTo(Instant.parse("2026-03-05T18:00:00Z"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.aftercare.scheduler.testing.Databases#both")
    void aPausedMemberIsGivenNoneAndResumingCountsFromNow(String vendor, String url) throws Exception {
        try (Rig rig = rig(url)) {
            String memberId = enroll(rig, """
                    [{"instrument":"weekly-reflection","repeat":"weekly","day":"SUNDAY","time":"18:00"}]""");
            rig.members().lifecycle().pause(memberId);
            assertThat(nextDue(rig, memberId, "weekly-reflection")).isNull();

            rig.clock().set(Instant.parse("2026-03-01T18:00:02Z"));
            assertThat(rig.sweep().sweep()).isZero();
            assertThat(occurrences(rig, memberId)).isEmpty();

            rig.clock().set(Instant.parse("2026-03-03T10:00:00Z"));
            rig.members().lifecycle().resume(memberId);
            assertThat(nextDue(rig, memberId, "weekly-reflection")).isEqualTo(Instant.parse("2026-03-08T18:00:00Z"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.aftercare.scheduler.testing.Databases#both")
    void aPlanNamingAnInstrumentThatCannotBeGivenIsRefusedAndAChangedPlanReplacesTheRows(String vendor, String url)
            throws Exception {
        try (Rig rig = rig(url)) {
            // PHQ-9's wording is not installed in this program; "nope" is no instrument at all.
            assertThatThrownBy(() -> enroll(rig, """
                            [{"instrument":"phq-9","repeat":"every-days","interval":14,"time":"18:00"},
                             {"instrument":"nope","repeat":"monthly","dayOfMonth":1,"time":"18:00"}]"""))
                    .isInstanceOfSatisfying(
                            MemberProblem.class,
                            p -> assertThat(p.errors())
                                    .containsOnlyKeys(
                                            "plan.questionnaires[0].instrument", "plan.questionnaires[1].instrument")
                                    .hasEntrySatisfying(
                                            "plan.questionnaires[0].instrument",
                                            v -> assertThat(v).startsWith("cannot be given yet"))
                                    .containsEntry(
                                            "plan.questionnaires[1].instrument",
                                            "is not an instrument of this program"));

            String memberId = enroll(rig, """
                    [{"instrument":"weekly-reflection","repeat":"weekly","day":"SUNDAY","time":"18:00"}]""");
            String changed = """
                    {"externalId":"EXT-x-%s","firstName":"Sam","email":"sam@example.org","timeZone":"UTC",
                     "plan":{"times":["09:00"],"startDate":"2026-03-01",
                             "questionnaires":[{"instrument":"weekly-reflection","repeat":"monthly","dayOfMonth":2,"time":"07:30"}]}}""".formatted(UUID.randomUUID());
            rig.members()
                    .lifecycle()
                    .update(
                            memberId,
                            EnrollmentParser.parse(
                                    Json.reader().readTree(changed), rig.clock().instant()));
            assertThat(nextDue(rig, memberId, "weekly-reflection")).isEqualTo(Instant.parse("2026-03-02T07:30:00Z"));
        }
    }
}
