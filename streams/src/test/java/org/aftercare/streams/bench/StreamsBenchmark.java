package org.aftercare.streams.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.aftercare.events.Topics;
import org.aftercare.events.checkin.CheckInDue;
import org.aftercare.events.checkin.CheckInDueEvent;
import org.aftercare.events.outreach.OutreachEvent;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.infra.kafka.EmbeddedKafka;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.kafka.TopicSetup;
import org.aftercare.streams.DecisionConfig;
import org.aftercare.streams.DecisionTopology;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The streams benchmark (a program, not a test), on one embedded broker:
 * <ol>
 *   <li>Throughput: {@code bench.records} check-ins through the full decisions topology, compared
 *       with a pass-through Kafka Streams application (bytes in, bytes out) under the same
 *       guarantee (exactly_once_v2), both reading the same records after the same warm-up (half as
 *       many records). Each is timed from resume until its committed offsets reach the end of
 *       {@code checkin.due}, one after the other. The ratio is the figure.</li>
 *   <li>Detection delay: with {@code bench.open} check-ins open (deadlines a day away), probe
 *       check-ins whose respondBy falls every 100 ms; the delay is from respondBy until the missed
 *       intent is visible to a read_committed consumer. Production defaults (1 s tick).</li>
 * </ol>
 * {@code ./mvnw -B -q -pl streams -am -Pbench verify -DskipTests}
 */
public final class StreamsBenchmark {

    private static final int PROBES = 100;

    private StreamsBenchmark() {}

    public static void main(String[] args) throws Exception {
        int records = Integer.getInteger("bench.records", 200_000);
        int open = Integer.getInteger("bench.open", 1_000_000);
        Path stateDir = Files.createTempDirectory("streams-bench");
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            DecisionConfig config = config(kafka, stateDir, "bench-decisions");
            TopicSetup.ensureAll(config.kafka());
            admin.createTopics(List.of(new NewTopic(
                            "bench.passthrough",
                            config.kafka().partitions(),
                            config.kafka().replicationFactor())))
                    .all()
                    .get();

            Instant start = Instant.now();
            Instant farAway = start.plus(Duration.ofDays(1));
            int warmUp = records / 2;

            // 1. Throughput. Both applications start and process a warm-up batch (JIT, RocksDB, the
            // transactional producers), then pause; the measured batch is produced while both are
            // paused, and each in turn resumes and is timed until it has committed the whole batch.
            produce(kafka, "load-", 0, warmUp, farAway);
            KafkaStreams baseline = new KafkaStreams(passThrough(), baselineProperties(config));
            KafkaStreams decisions = new KafkaStreams(DecisionTopology.build(config), config.streamsProperties());
            startAndDrain(admin, baseline, "bench-passthrough");
            baseline.pause();
            startAndDrain(admin, decisions, config.applicationId());
            decisions.pause();
            produce(kafka, "load-", warmUp, records, farAway);
            System.out.printf("warmed up on %,d check-ins; measuring %,d%n", warmUp, records);
            double passThrough = timed(admin, baseline, "bench-passthrough", records, "pass-through");
            baseline.close(Duration.ofSeconds(30));
            double full = timed(admin, decisions, config.applicationId(), records, "full topology");
            System.out.printf(
                    "THROUGHPUT full %.0f records/s, pass-through %.0f records/s, ratio %.2f%n",
                    full, passThrough, full / passThrough);
            records += warmUp;

            // 2. Detection delay with `open` check-ins open: the same application keeps running.
            int more = Math.max(0, open - records);
            long loadStart = System.nanoTime();
            produce(kafka, "load-", records, more, start.plus(Duration.ofDays(1)));
            awaitCommitted(admin, config.applicationId());
            System.out.printf(
                    "loaded %,d more open check-ins in %.1f s (%,d open)%n",
                    more, (System.nanoTime() - loadStart) / 1e9, records + more);
            List<Long> delays = probe(kafka);
            Collections.sort(delays);
            System.out.printf(
                    "DETECTION with %,d open check-ins over %d probes: p50 %d ms, p95 %d ms, max %d ms%n",
                    records + more,
                    delays.size(),
                    delays.get(delays.size() / 2),
                    delays.get((int) Math.ceil(delays.size() * 0.95) - 1),
                    delays.getLast());
            decisions.close(Duration.ofSeconds(30));
        }
    }

    private static DecisionConfig config(EmbeddedKafka kafka, Path stateDir, String applicationId) {
        Map<String, String> env = new HashMap<>();
        env.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put(DecisionConfig.APPLICATION_ID, applicationId);
        env.put(DecisionConfig.STATE_DIR, stateDir.toString());
        return DecisionConfig.from(Settings.of(env), env);
    }

    private static Properties baselineProperties(DecisionConfig config) {
        Properties p = config.streamsProperties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-passthrough");
        return p;
    }

    private static Topology passThrough() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.CHECKIN_DUE.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .to("bench.passthrough", Produced.with(Serdes.String(), Serdes.ByteArray()));
        return builder.build();
    }

    private static void startAndDrain(Admin admin, KafkaStreams streams, String applicationId) throws Exception {
        streams.start();
        awaitCommitted(admin, applicationId);
    }

    /** Resumes a paused, warmed-up application and times it until it has committed everything produced. */
    private static double timed(Admin admin, KafkaStreams streams, String applicationId, int records, String name)
            throws Exception {
        long start = System.nanoTime();
        streams.resume();
        awaitCommitted(admin, applicationId);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s: %,d records in %.2f s%n", name, records, seconds);
        return records / seconds;
    }

    /** Waits until the application's committed offsets on checkin.due reach the end of every partition. */
    private static void awaitCommitted(Admin admin, String groupId) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = admin
                .describeTopics(Set.of(Topics.CHECKIN_DUE.name()))
                .allTopicNames()
                .get()
                .get(Topics.CHECKIN_DUE.name())
                .partitions()
                .stream()
                .collect(Collectors.toMap(
                        p -> new TopicPartition(Topics.CHECKIN_DUE.name(), p.partition()), p -> OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata()
                    .get();
            boolean done = ends.entrySet().stream().allMatch(e -> {
                OffsetAndMetadata c = committed.get(e.getKey());
                return e.getValue() == 0 || (c != null && c.offset() >= e.getValue());
            });
            if (done) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static void produce(EmbeddedKafka kafka, String prefix, int from, int count, Instant respondBy)
            throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                256 * 1024);
        Instant dueAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (KafkaProducer<String, CheckInDueEvent> producer = new KafkaProducer<>(
                config,
                Topics.CHECKIN_DUE.keySerde().serializer(),
                Topics.CHECKIN_DUE.valueSerde().serializer())) {
            for (int i = from; i < from + count; i++) {
                // 100,000 members with up to ten check-ins each; each check-in is its own (dueAt differs).
                String member = prefix + (i % 100_000);
                producer.send(new ProducerRecord<>(
                        Topics.CHECKIN_DUE.name(),
                        member,
                        CheckInDue.of(member, dueAt.plusMillis(i), respondBy, dueAt.plusMillis(i), false)));
            }
            producer.flush();
        }
    }

    /** Probe check-ins whose respondBy falls every 100 ms from 5 s on; returns each one's detection delay in ms. */
    private static List<Long> probe(EmbeddedKafka kafka) throws Exception {
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "bench-probe-reader",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "latest");
        Map<String, Instant> respondBy = new HashMap<>();
        List<Long> delays = new ArrayList<>();
        try (KafkaConsumer<String, OutreachEvent> consumer = new KafkaConsumer<>(
                consumerConfig,
                Topics.OUTREACH_REQUESTS.keySerde().deserializer(),
                Topics.OUTREACH_REQUESTS.valueSerde().deserializer())) {
            consumer.subscribe(Set.of(Topics.OUTREACH_REQUESTS.name()));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            consumer.seekToEnd(consumer.assignment());
            consumer.assignment().forEach(consumer::position);

            Map<String, Object> producerConfig = Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG,
                    "all");
            Instant first = Instant.now().plusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
            try (KafkaProducer<String, CheckInDueEvent> producer = new KafkaProducer<>(
                    producerConfig,
                    Topics.CHECKIN_DUE.keySerde().serializer(),
                    Topics.CHECKIN_DUE.valueSerde().serializer())) {
                for (int i = 0; i < PROBES; i++) {
                    String member = "probe-" + i;
                    Instant deadline = first.plusMillis(100L * i);
                    Instant dueAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                    respondBy.put(member, deadline);
                    producer.send(new ProducerRecord<>(
                            Topics.CHECKIN_DUE.name(), member, CheckInDue.of(member, dueAt, deadline, dueAt, false)));
                }
                producer.flush();
            }
            long until = System.currentTimeMillis() + 120_000;
            while (delays.size() < PROBES && System.currentTimeMillis() < until) {
                consumer.poll(Duration.ofMillis(20)).forEach(r -> {
                    long seenAt = System.currentTimeMillis();
                    if (r.value() instanceof OutreachRequest request
                            && request.kind() == OutreachKind.MISSED_CHECK_IN
                            && respondBy.containsKey(r.key())) {
                        delays.add(seenAt - respondBy.get(r.key()).toEpochMilli());
                    }
                });
            }
        }
        if (delays.size() < PROBES) {
            System.out.printf("only %d of %d probes were detected within two minutes%n", delays.size(), PROBES);
        }
        return delays;
    }
}
