package org.aftercare.scheduler.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.aftercare.events.Json;
import org.aftercare.events.Topics;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.ProfileEvent;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.infra.kafka.TopicProbe;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.kafka.TopicSetup;
import org.aftercare.scheduler.SchedulerConfig;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.testing.Databases;
import org.aftercare.scheduler.testing.SchedulerFixture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An erasure is final on the compacted {@code member.profile}: a snapshot that is on its way to
 * Kafka when the member is erased lands before the tombstone, never after it (where compaction
 * would keep it for good). The snapshot send is held inside the producer, on H2 and PostgreSQL,
 * for each way a snapshot goes out: a change, the resync (outbox) and an enrollment.
 */
class ErasureStaysLastIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    /**
     * Holds the next snapshot of {@code member.profile} (of one member, or of whoever comes first)
     * inside {@code send} until the test lets it go: a publication caught in flight.
     */
    public static final class HoldSnapshot implements ProducerInterceptor<byte[], byte[]> {

        static final class Hold {
            final String memberId;
            final CountDownLatch entered = new CountDownLatch(1);
            final CountDownLatch released = new CountDownLatch(1);
            volatile String held;

            Hold(String memberId) {
                this.memberId = memberId;
            }
        }

        private static final AtomicReference<Hold> ARMED = new AtomicReference<>();

        static Hold arm(String memberId) {
            Hold hold = new Hold(memberId);
            ARMED.set(hold);
            return hold;
        }

        @Override
        public ProducerRecord<byte[], byte[]> onSend(ProducerRecord<byte[], byte[]> record) {
            Hold hold = ARMED.get();
            if (hold != null && record.value() != null && record.topic().equals(Topics.MEMBER_PROFILE.name())) {
                String key = Topics.MEMBER_PROFILE.keySerde().deserializer().deserialize(record.topic(), record.key());
                if ((hold.memberId == null || hold.memberId.equals(key)) && ARMED.compareAndSet(hold, null)) {
                    hold.held = key;
                    hold.entered.countDown();
                    try {
                        hold.released.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            return record;
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {}

        @Override
        public void close() {}

        @Override
        public void configure(Map<String, ?> configs) {}
    }

    private record Rig(Database db, EventPublisher publisher, MemberLifecycle members, ProfileOutbox outbox)
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
        SchedulerConfig config = SchedulerConfig.from(Settings.of(env), env);
        TopicSetup.ensureAll(config.kafka());
        Map<String, String> held = new HashMap<>(env);
        held.put("OUTREACH_KAFKA_PROP_INTERCEPTOR_CLASSES", HoldSnapshot.class.getName());
        SchedulerConfig holding = SchedulerConfig.from(Settings.of(held), held);
        Database db = Database.open(url, Databases.user(url), "");
        EventPublisher publisher = new EventPublisher(holding.kafka());
        Members members =
                Members.create(db, new MemberStore(), publisher, config, Clock.systemUTC(), new SimpleMeterRegistry());
        return new Rig(db, publisher, members.lifecycle(), members.outbox());
    }

    private static EnrollmentParser.Enrollment enrollment() throws Exception {
        return EnrollmentParser.parse(
                Json.reader().readTree(SchedulerFixture.enrollment("EXT-" + UUID.randomUUID())), Instant.now());
    }

    /** How the snapshot caught in flight was set off. */
    enum Publication {
        CHANGE,
        RESYNC,
        ENROLLMENT
    }

    static Stream<Arguments> publicationsOnEachDatabase() {
        List<Arguments> out = new ArrayList<>();
        for (Publication p : Publication.values()) {
            Databases.both().forEach(db -> out.add(Arguments.of(db.get()[0], db.get()[1], p)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{2} on {0}")
    @MethodSource("publicationsOnEachDatabase")
    void aSnapshotInFlightWhenTheMemberIsErasedLandsBeforeTheTombstoneNeverAfterIt(
            String vendor, String url, Publication publication) throws Exception {
        try (Rig rig = rig(url);
                ExecutorService threads = Executors.newFixedThreadPool(2)) {
            String enrolled = publication == Publication.ENROLLMENT
                    ? null
                    : rig.members().enroll(enrollment()).member().memberId();
            HoldSnapshot.Hold hold = HoldSnapshot.arm(enrolled);
            try {
                // Given a snapshot of the member held inside the producer's send ...
                CompletableFuture<?> publishing = CompletableFuture.runAsync(
                        () -> {
                            switch (publication) {
                                case CHANGE -> rig.members().pause(enrolled);
                                case RESYNC -> rig.outbox().resync();
                                case ENROLLMENT -> {
                                    try {
                                        rig.members().enroll(enrollment());
                                    } catch (Exception e) {
                                        throw new IllegalStateException(e);
                                    }
                                }
                            }
                        },
                        threads);
                assertThat(hold.entered.await(30, TimeUnit.SECONDS))
                        .as("the snapshot reached the producer")
                        .isTrue();
                String memberId = hold.held;

                // ... when the member is erased meanwhile, and the erasure is given a moment to finish ...
                CompletableFuture<Boolean> erasing =
                        CompletableFuture.supplyAsync(() -> rig.members().erase(memberId), threads);
                try {
                    erasing.get(2, TimeUnit.SECONDS);
                } catch (TimeoutException stillWaiting) {
                    // the erasure waits for the snapshot in flight
                }
                hold.released.countDown();
                publishing.get(60, TimeUnit.SECONDS);
                assertThat(erasing.get(60, TimeUnit.SECONDS))
                        .as("the member was erased")
                        .isTrue();

                // ... then the tombstone is the member's last word on the topic.
                List<ProfileEvent> records = everythingOnTheTopicFor(memberId);
                assertThat(records)
                        .as("the snapshot and the tombstone both reached Kafka")
                        .contains((ProfileEvent) null)
                        .anyMatch(Objects::nonNull);
                assertThat(records.getLast())
                        .as("the last record of the erased member is the tombstone")
                        .isNull();
                assertThat(records.subList(records.indexOf(null), records.size()))
                        .as("after the tombstone nothing but tombstones")
                        .containsOnlyNulls();
                assertThat(records.stream().filter(Objects::nonNull).map(p -> ((MemberProfile) p).memberId()))
                        .containsOnly(memberId);
            } finally {
                hold.released.countDown();
            }
        } catch (ExecutionException e) {
            throw new AssertionError("a publication or the erasure failed", e.getCause());
        }
    }

    /** Every record of the member on {@code member.profile}, read to the end offsets of the moment. */
    private static List<ProfileEvent> everythingOnTheTopicFor(String memberId) throws Exception {
        String topic = Topics.MEMBER_PROFILE.name();
        long total;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            List<TopicPartition> partitions =
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            partitions.forEach(p -> {
                latest.put(p, OffsetSpec.latest());
                earliest.put(p, OffsetSpec.earliest());
            });
            var ends = admin.listOffsets(latest).all().get();
            var starts = admin.listOffsets(earliest).all().get();
            total = partitions.stream()
                    .mapToLong(p -> ends.get(p).offset() - starts.get(p).offset())
                    .sum();
        }
        try (TopicProbe<ProfileEvent> probe = new TopicProbe<>(KAFKA.bootstrapServers(), Topics.MEMBER_PROFILE)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> probe.poll().size() >= total);
            return probe.valuesFor(memberId);
        }
    }
}
