package org.aftercare.streams.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
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
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The streams benchmark (a program, not a test), on one embedded broker, in one JVM:
 * <ol>
 *   <li>Throughput of three Kafka Streams applications, each on its own input topic (the same
 *       partition count, the same records: the same key and value bytes, so the same partitions)
 *       and its own output topic, all with the production streams settings (exactly_once_v2, one
 *       stream thread): the byte pass-through (bytes in, bytes out), the JSON pass-through
 *       ({@code checkin.due}'s own serde in and out) and the full decisions topology
 *       ({@link DecisionTopology#build}, production defaults; in on {@code checkin.due}, out on
 *       {@code outreach.requests}, one prompt per check-in). Each first processes the same
 *       warm-up batch ({@code bench.warmup}) and is paused. Then, {@code bench.runs} times, one
 *       batch of {@code bench.records} is produced to every input while all are paused, and each
 *       application in turn (the order rotates from run to run) is resumed and timed until its
 *       work is durable: its committed offsets are at the end of its input and a read_committed
 *       consumer has read every one of its outputs. The ratios (full / byte pass-through, full /
 *       JSON pass-through) of each run are the figures; min / median / max are printed.</li>
 *   <li>Detection delay: the decisions application keeps running and is loaded until
 *       {@code bench.open} check-ins are open (deadlines a day away); then probe check-ins whose
 *       respondBy falls every 100 ms; the delay is from respondBy until the missed intent is
 *       visible to a read_committed consumer. Production tick.</li>
 *   <li>Restart: the decisions application is closed and started again on the same state
 *       directory; the time until it runs again includes each task's rebuild of its deadline index
 *       from the tracked check-ins.</li>
 * </ol>
 * {@code ./mvnw -B -q -pl streams -am -Pbench verify -DskipTests}
 */
public final class StreamsBenchmark {

    private static final int PROBES = 100;
    private static final String BYTES_IN = "bench.bytes.in";
    private static final String BYTES_OUT = "bench.bytes.out";
    private static final String JSON_IN = "bench.json.in";
    private static final String JSON_OUT = "bench.json.out";

    /** One application under measurement: its own group, input and output topics. */
    private record Case(String name, String applicationId, String input, String output, KafkaStreams streams) {}

    private StreamsBenchmark() {}

    public static void main(String[] args) throws Exception {
        int records = Integer.getInteger("bench.records", 300_000);
        int runs = Integer.getInteger("bench.runs", 3);
        int warmUp = Integer.getInteger("bench.warmup", 100_000);
        int open = Integer.getInteger("bench.open", 1_000_000);
        Path stateDir = Files.createTempDirectory("streams-bench");
        System.out.printf("load average at start: %s%n", loadAverage());
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
                KafkaProducer<String, byte[]> producer = producer(kafka);
                KafkaConsumer<byte[], byte[]> reader = readCommitted(kafka)) {
            DecisionConfig config = config(kafka, stateDir, "bench-decisions");
            TopicSetup.ensureAll(config.kafka());
            List<NewTopic> own = new ArrayList<>();
            for (String topic : List.of(BYTES_IN, BYTES_OUT, JSON_IN, JSON_OUT)) {
                own.add(new NewTopic(
                        topic, config.kafka().partitions(), config.kafka().replicationFactor()));
            }
            admin.createTopics(own).all().get();
            awaitLeaders(admin, own.stream().map(NewTopic::name).toList());

            Instant farAway = Instant.now().plus(Duration.ofDays(1));
            List<Case> cases = List.of(
                    new Case(
                            "byte pass-through",
                            "bench-bytes",
                            BYTES_IN,
                            BYTES_OUT,
                            new KafkaStreams(bytePassThrough(), properties(config, "bench-bytes"))),
                    new Case(
                            "JSON pass-through",
                            "bench-json",
                            JSON_IN,
                            JSON_OUT,
                            new KafkaStreams(jsonPassThrough(), properties(config, "bench-json"))),
                    new Case(
                            "full topology",
                            config.applicationId(),
                            Topics.CHECKIN_DUE.name(),
                            Topics.OUTREACH_REQUESTS.name(),
                            new KafkaStreams(DecisionTopology.build(config), config.streamsProperties())));
            List<String> inputs = cases.stream().map(Case::input).toList();

            // Warm-up: the same batch through every application (JIT, RocksDB, the transactional producers).
            produce(producer, inputs, "load-", 0, warmUp, farAway);
            for (Case c : cases) {
                double rate =
                        durable(admin, reader, c, warmUp, () -> c.streams().start());
                System.out.printf("warm-up %s: %,.0f records/s (start-up included)%n", c.name(), rate);
            }
            int produced = warmUp;

            Map<String, List<Double>> rates = new LinkedHashMap<>();
            cases.forEach(c -> rates.put(c.name(), new ArrayList<>()));
            List<Double> toBytes = new ArrayList<>();
            List<Double> toJson = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                produce(producer, inputs, "load-", produced, records, farAway);
                produced += records;
                List<Case> order = new ArrayList<>(cases);
                Collections.rotate(order, -(run - 1));
                Map<String, Double> thisRun = new HashMap<>();
                for (Case c : order) {
                    double rate =
                            durable(admin, reader, c, records, () -> c.streams().resume());
                    thisRun.put(c.name(), rate);
                    rates.get(c.name()).add(rate);
                }
                double full = thisRun.get("full topology");
                toBytes.add(full / thisRun.get("byte pass-through"));
                toJson.add(full / thisRun.get("JSON pass-through"));
                System.out.printf(
                        "RUN %d (order %s; load %s): byte pass-through %,.0f, JSON pass-through %,.0f, full %,.0f"
                                + " records/s; full/bytes %.2f, full/JSON %.2f%n",
                        run,
                        order.stream().map(Case::name).toList(),
                        loadAverage(),
                        thisRun.get("byte pass-through"),
                        thisRun.get("JSON pass-through"),
                        full,
                        toBytes.getLast(),
                        toJson.getLast());
            }
            rates.forEach(
                    (name, list) -> System.out.printf("THROUGHPUT %s records/s: %s%n", name, spread(list, "%,.0f")));
            System.out.printf("RATIO full/bytes: %s%n", spread(toBytes, "%.2f"));
            System.out.printf("RATIO full/JSON: %s%n", spread(toJson, "%.2f"));
            System.out.printf("bench: streams median-ratio=%.2f%n", median(toBytes));
            cases.stream()
                    .filter(c -> !c.applicationId().equals(config.applicationId()))
                    .forEach(c -> c.streams().close(Duration.ofSeconds(30)));

            // 2. Detection delay with `open` check-ins open: the decisions application keeps running.
            KafkaStreams decisions = cases.getLast().streams();
            decisions.resume();
            int more = Math.max(0, open - produced);
            long loadStart = System.nanoTime();
            produce(producer, List.of(Topics.CHECKIN_DUE.name()), "load-", produced, more, farAway);
            awaitCommitted(admin, config.applicationId(), ends(admin, Topics.CHECKIN_DUE.name()));
            System.out.printf(
                    "loaded %,d more open check-ins in %.1f s (%,d open)%n",
                    more, (System.nanoTime() - loadStart) / 1e9, produced + more);
            List<Long> delays = probe(kafka);
            Collections.sort(delays);
            System.out.printf(
                    "DETECTION with %,d open check-ins over %d probes: p50 %d ms, p95 %d ms, max %d ms%n",
                    produced + more,
                    delays.size(),
                    delays.get(delays.size() / 2),
                    delays.get((int) Math.ceil(delays.size() * 0.95) - 1),
                    delays.getLast());
            // Leaving the group, so the restarted member need not wait out the old one's session.
            decisions.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));

            // 3. A restart with every check-in still tracked: each task rebuilds its deadline index
            // (which has no changelog) from the tracked check-ins before it runs (it logs how long).
            long restartStart = System.nanoTime();
            KafkaStreams restarted = new KafkaStreams(DecisionTopology.build(config), config.streamsProperties());
            restarted.start();
            while (restarted.state() != KafkaStreams.State.RUNNING) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            System.out.printf(
                    "RESTART with %,d tracked check-ins: running again after %.1f s%n",
                    produced + more + PROBES, (System.nanoTime() - restartStart) / 1e9);
            restarted.close(Duration.ofSeconds(30));
        }
        System.out.printf("load average at end: %s%n", loadAverage());
    }

    private static DecisionConfig config(EmbeddedKafka kafka, Path stateDir, String applicationId) {
        Map<String, String> env = new HashMap<>();
        env.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put(DecisionConfig.APPLICATION_ID, applicationId);
        env.put(DecisionConfig.STATE_DIR, stateDir.toString());
        return DecisionConfig.from(Settings.of(env), env);
    }

    /** The decisions application's own streams settings, under another application (and client) id. */
    private static Properties properties(DecisionConfig config, String applicationId) {
        Properties p = config.streamsProperties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.CLIENT_ID_CONFIG, applicationId);
        return p;
    }

    private static Topology bytePassThrough() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(BYTES_IN, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .to(BYTES_OUT, Produced.with(Serdes.String(), Serdes.ByteArray()));
        return builder.build();
    }

    /** Reads and writes every record with {@code checkin.due}'s own serde: the JSON the full topology also reads. */
    private static Topology jsonPassThrough() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(JSON_IN, Consumed.with(Topics.CHECKIN_DUE.keySerde(), Topics.CHECKIN_DUE.valueSerde()))
                .to(JSON_OUT, Produced.with(Topics.CHECKIN_DUE.keySerde(), Topics.CHECKIN_DUE.valueSerde()));
        return builder.build();
    }

    /**
     * Starts or resumes one application ({@code go}) and times it until its work on everything
     * produced so far is durable: its committed offsets reach the end of its input, and a
     * read_committed consumer, positioned at the end of its output before {@code go}, has read
     * {@code expected} records. Pauses it again; returns records per second.
     */
    private static double durable(Admin admin, KafkaConsumer<byte[], byte[]> reader, Case c, int expected, Runnable go)
            throws Exception {
        Map<TopicPartition, Long> inputEnds = ends(admin, c.input());
        List<TopicPartition> output = new ArrayList<>(ends(admin, c.output()).keySet());
        reader.assign(output);
        reader.seekToEnd(output);
        output.forEach(reader::position);
        long start = System.nanoTime();
        go.run();
        long read = 0;
        boolean committed = false;
        long nextCheck = 0;
        while (read < expected || !committed) {
            read += reader.poll(Duration.ofMillis(10)).count();
            if (!committed && System.nanoTime() >= nextCheck) {
                committed = committedAt(admin, c.applicationId(), inputEnds);
                nextCheck = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        c.streams().pause();
        if (read != expected) {
            System.out.printf("%s: read %,d outputs, expected %,d%n", c.name(), read, expected);
        }
        System.out.printf("%s: %,d records durable in %.2f s%n", c.name(), expected, seconds);
        return expected / seconds;
    }

    /** The end offset of every partition of {@code topic}. */
    private static Map<TopicPartition, Long> ends(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(Set.of(topic))
                .allTopicNames()
                .get()
                .get(topic)
                .partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /**
     * Waits until every partition of {@code topics} has a leader, then a second more: a producer
     * that writes to a partition whose leader is not ready yet gets its idempotent sequence out of
     * order and retries for ever.
     */
    private static void awaitLeaders(Admin admin, List<String> topics) throws Exception {
        while (!led(admin, topics)) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        TimeUnit.SECONDS.sleep(1);
    }

    private static boolean led(Admin admin, List<String> topics) throws Exception {
        try {
            return admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .flatMap(t -> t.partitions().stream())
                    .allMatch(p -> p.leader() != null && !p.isr().isEmpty());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false; // just created: not known to the broker yet
            }
            throw e;
        }
    }

    private static boolean committedAt(Admin admin, String groupId, Map<TopicPartition, Long> ends) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata()
                .get();
        return ends.entrySet().stream().allMatch(e -> {
            OffsetAndMetadata c = committed.get(e.getKey());
            return e.getValue() == 0 || (c != null && c.offset() >= e.getValue());
        });
    }

    private static void awaitCommitted(Admin admin, String groupId, Map<TopicPartition, Long> ends) throws Exception {
        while (!committedAt(admin, groupId, ends)) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static KafkaProducer<String, byte[]> producer(EmbeddedKafka kafka) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                256 * 1024);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<byte[], byte[]> readCommitted(EmbeddedKafka kafka) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                10_000,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * The same check-ins, as the same bytes under the same keys, to every topic of {@code topics}:
     * 100,000 members with several check-ins each, each check-in its own (dueAt differs).
     */
    private static void produce(
            KafkaProducer<String, byte[]> producer,
            List<String> topics,
            String prefix,
            int from,
            int count,
            Instant respondBy) {
        Instant dueAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = from; i < from + count; i++) {
            String member = prefix + (i % 100_000);
            byte[] value = Topics.CHECKIN_DUE
                    .valueSerde()
                    .serializer()
                    .serialize(
                            Topics.CHECKIN_DUE.name(),
                            CheckInDue.of(member, dueAt.plusMillis(i), respondBy, dueAt.plusMillis(i), false));
            for (String topic : topics) {
                producer.send(new ProducerRecord<>(topic, member, value));
            }
        }
        producer.flush();
    }

    private static String spread(List<Double> values, String format) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format(
                "min " + format + " / median " + format + " / max " + format + " (runs: %s)",
                sorted.getFirst(),
                median(values),
                sorted.getLast(),
                values.stream().map(v -> String.format(format, v)).toList());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
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
