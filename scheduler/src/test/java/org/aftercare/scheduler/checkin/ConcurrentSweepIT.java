package org.aftercare.scheduler.checkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.aftercare.events.Json;
import org.aftercare.events.Topics;
import org.aftercare.events.checkin.CheckInDue;
import org.aftercare.events.checkin.CheckInDueEvent;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.infra.kafka.TopicProbe;
import org.aftercare.infra.postgres.PostgresExtension;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two scheduler instances (two pools, two publishers, two sweeps) on one PostgreSQL sweep the same
 * due rows at the same moment: {@code FOR UPDATE SKIP LOCKED} gives each row to one of them, so
 * every check-in reaches {@code checkin.due} exactly once.
 */
class ConcurrentSweepIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final PostgresExtension POSTGRES = Databases.POSTGRES;

    private static final int MEMBERS = 12_000;

    @Test
    void twoInstancesSweepingTheSameDueRowsEmitEachCheckInExactlyOnce() throws Exception {
        String url = POSTGRES.newDatabase();
        Map<String, String> env = new HashMap<>(SchedulerFixture.env(KAFKA.bootstrapServers()));
        env.put("OUTREACH_DB_URL", url);
        env.put("OUTREACH_DB_USER", PostgresExtension.USER);
        SchedulerConfig config = SchedulerConfig.from(Settings.of(env), env);
        TopicSetup.ensureAll(config.kafka());

        Database first = Database.open(url, PostgresExtension.USER, "");
        Database second = Database.open(url, PostgresExtension.USER, "");
        EventPublisher publisherA = new EventPublisher(config.kafka());
        EventPublisher publisherB = new EventPublisher(config.kafka());
        try (TopicProbe<CheckInDueEvent> dues = new TopicProbe<>(KAFKA.bootstrapServers(), Topics.CHECKIN_DUE)) {
            MemberLifecycle members = Members.create(
                            first, new MemberStore(), publisherA, config, Clock.systemUTC(), new SimpleMeterRegistry())
                    .lifecycle();
            List<EnrollmentParser.Enrollment> batch = new ArrayList<>();
            String run = UUID.randomUUID().toString().substring(0, 8);
            for (int i = 0; i < MEMBERS; i++) {
                batch.add(EnrollmentParser.parse(Json.reader().readTree("""
                        {"externalId":"C-%s-%d","firstName":"M","email":"m%d@example.org","timeZone":"America/Chicago",
                         "plan":{"times":["09:00"]}}""".formatted(run, i, i)), LocalDate.now()));
                if (batch.size() == 1_000) {
                    members.enrollAll(batch);
                    batch.clear();
                }
            }
            Instant due = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
            first.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE checkin_schedule SET next_due_utc = ?")) {
                    ps.setTimestamp(1, Timestamp.from(due));
                    return ps.executeUpdate();
                }
            });
            first.analyze();

            DueSweep a = new DueSweep(first, publisherA, config, Clock.systemUTC(), new SimpleMeterRegistry());
            DueSweep b = new DueSweep(second, publisherB, config, Clock.systemUTC(), new SimpleMeterRegistry());
            CyclicBarrier together = new CyclicBarrier(2);
            CompletableFuture<Integer> byA = CompletableFuture.supplyAsync(() -> awaitThen(together, a));
            CompletableFuture<Integer> byB = CompletableFuture.supplyAsync(() -> awaitThen(together, b));
            int claimedA = byA.get();
            int claimedB = byB.get();
            assertThat(claimedA + claimedB).isEqualTo(MEMBERS);

            Set<String> memberIds = first.inTransaction(c -> {
                Set<String> ids = new HashSet<>();
                try (var rs = c.createStatement().executeQuery("SELECT member_id FROM member")) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                return ids;
            });
            List<String> checkInIds = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                checkInIds.clear();
                for (ConsumerRecord<String, CheckInDueEvent> r : dues.poll()) {
                    if (memberIds.contains(r.key())) {
                        checkInIds.add(((CheckInDue) r.value()).checkInId());
                    }
                }
                return checkInIds.size() >= MEMBERS;
            });
            assertThat(checkInIds).hasSize(MEMBERS).doesNotHaveDuplicates();
            System.out.printf("concurrent sweep: instance A claimed %d, instance B %d%n", claimedA, claimedB);
        } finally {
            publisherA.close();
            publisherB.close();
            first.close();
            second.close();
        }
    }

    private static int awaitThen(CyclicBarrier barrier, DueSweep sweep) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return sweep.sweep();
    }
}
