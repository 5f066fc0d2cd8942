package org.aftercare.scheduler.questionnaire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.aftercare.events.Json;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
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
import org.aftercare.scheduler.testing.Databases;
import org.aftercare.scheduler.testing.SchedulerFixture;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Questionnaires} on H2 and PostgreSQL, through the Java API the plan's schedule will call:
 * opened inside a transaction of the caller's, saved, expired by the clock, and submitted
 * concurrently at one revision with exactly one submission sent.
 */
class QuestionnairesOnBothDatabasesIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.aftercare.scheduler.testing.Databases#both")
    void openSaveExpireAndOneOfManyConcurrentSubmissionsOnEitherDatabase(String vendor, String url) throws Exception {
        Map<String, String> env = new HashMap<>(SchedulerFixture.env(KAFKA.bootstrapServers()));
        env.put("OUTREACH_DB_URL", url);
        env.put("OUTREACH_DB_USER", Databases.user(url));
        env.put(
                SchedulerConfig.QUESTIONNAIRES_DIR,
                Path.of("src/test/resources/questionnaires").toAbsolutePath().toString());
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T12:00:00Z"));
        SchedulerConfig config = SchedulerConfig.from(Settings.of(env), env).withClock(clock);
        TopicSetup.ensureAll(config.kafka());
        try (Database db = Database.open(url, Databases.user(url), "");
                EventPublisher publisher = new EventPublisher(config.kafka())) {
            MemberStore memberStore = new MemberStore();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Members members = Members.create(db, memberStore, publisher, config, clock, registry);
            Questionnaires questionnaires =
                    new Questionnaires(db, memberStore, config.instruments(), publisher, clock, registry);
            String memberId = members.lifecycle()
                    .enroll(EnrollmentParser.parse(
                            Json.reader().readTree("""
                                    {"externalId":"EXT-%s","firstName":"Sam","email":"sam@example.org",
                                     "timeZone":"UTC","plan":{"times":["09:00"]}}""".formatted(UUID.randomUUID())), clock.instant()))
                    .member()
                    .memberId();

            // The schedule opens one inside its own transaction.
            Occurrence opened = db.inTransaction(c -> questionnaires.open(c, memberId, "phq-9", clock.instant()));
            assertThat(opened.questionnaireId()).startsWith("qn-");
            assertThat(opened.expiresAt()).isEqualTo(Instant.parse("2026-03-09T12:00:00Z"));
            assertThatThrownBy(() -> questionnaires.open(memberId, "bam"))
                    .isInstanceOfSatisfying(
                            MemberProblem.class, p -> assertThat(p.kind()).isEqualTo(MemberProblem.Kind.CONFLICT));

            assertThat(questionnaires.save(opened.questionnaireId(), 0, Map.of("phq1", 0), "phq2"))
                    .isEqualTo(Questionnaires.Saved.SAVED);
            assertThat(questionnaires.save(opened.questionnaireId(), 0, Map.of("phq1", 3), "phq2"))
                    .as("a form of revision 0 again")
                    .isEqualTo(Questionnaires.Saved.STALE);
            assertThat(questionnaires.save(opened.questionnaireId(), 1, Map.of("phq1", 0, "phq2", 1), "_send"))
                    .isEqualTo(Questionnaires.Saved.SAVED);
            Occurrence saved = questionnaires.find(opened.questionnaireId()).orElseThrow();
            assertThat(saved.answers()).isEqualTo(Map.of("phq1", 0, "phq2", 1));
            assertThat(saved.revision()).isEqualTo(2);

            int senders = 5;
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(senders);
            List<Future<Questionnaires.Submitted>> outcomes = new ArrayList<>();
            try {
                for (int i = 0; i < senders; i++) {
                    outcomes.add(pool.submit(() -> {
                        go.await();
                        return questionnaires.submit(opened.questionnaireId(), 2);
                    }));
                }
                go.countDown();
                List<Questionnaires.Submitted> results = new ArrayList<>();
                for (Future<Questionnaires.Submitted> f : outcomes) {
                    results.add(f.get());
                }
                assertThat(results)
                        .filteredOn(Questionnaires.Submitted.Sent.class::isInstance)
                        .hasSize(1);
                assertThat(results)
                        .filteredOn(r -> !(r instanceof Questionnaires.Submitted.Sent))
                        .allSatisfy(r -> assertThat(r).isInstanceOf(Questionnaires.Submitted.AlreadySent.class));
            } finally {
                pool.shutdownNow();
            }
            assertThat(questionnaires.list(memberId, 10)).singleElement().satisfies(o -> {
                assertThat(o.state(clock.instant())).isEqualTo(Occurrence.State.COMPLETED);
                assertThat(o.completedAt()).isEqualTo(clock.instant());
            });

            Occurrence later = questionnaires.open(memberId, "weekly-reflection");
            clock.advance(Duration.ofDays(7));
            assertThat(questionnaires
                            .find(later.questionnaireId())
                            .orElseThrow()
                            .state(clock.instant()))
                    .isEqualTo(Occurrence.State.EXPIRED);
            assertThat(questionnaires.save(later.questionnaireId(), 0, Map.of("sleep", 1), "stress"))
                    .isEqualTo(Questionnaires.Saved.EXPIRED);
            assertThat(questionnaires.submit(later.questionnaireId(), 0))
                    .isInstanceOf(Questionnaires.Submitted.Expired.class);
        }
    }
}
