package org.aftercare.scheduler.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedWriter;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.aftercare.events.Json;
import org.aftercare.events.Topics;
import org.aftercare.events.checkin.CheckInDue;
import org.aftercare.events.checkin.CheckInDueEvent;
import org.aftercare.infra.kafka.EmbeddedKafka;
import org.aftercare.infra.postgres.PostgresExtension;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.kafka.TopicSetup;
import org.aftercare.kit.links.LinkSigner;
import org.aftercare.scheduler.SchedulerConfig;
import org.aftercare.scheduler.SchedulerService;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.member.MemberStore;
import org.aftercare.scheduler.member.Members;
import org.aftercare.scheduler.roster.RosterImport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The scheduler's scale benchmark (a program, not a test): {@code bench.members} members
 * (1,000,000) imported through the roster import's fast path into a throwaway PostgreSQL, of whom
 * {@code bench.peak} (100,000) are due in the same local minute across ten time zones; the real
 * {@link SchedulerService} (Quartz on the JDBC store, clustered, sweep every second) emits them,
 * and a consumer measures when each reached {@code checkin.due} (its record timestamp) against its
 * due time. In the same run, Kafka's own {@code ProducerPerformance} sends the same number of
 * records of the same size to the same embedded broker with the same producer settings; our
 * emission rate is reported as a ratio of its rate. The whole JVM (broker included) runs in -Xmx1g.
 */
public final class SchedulerBenchmark {

    private static final List<ZoneId> ZONES = List.of(
                    "America/New_York",
                    "America/Chicago",
                    "America/Denver",
                    "America/Los_Angeles",
                    "America/Anchorage",
                    "Pacific/Honolulu",
                    "Europe/London",
                    "Europe/Berlin",
                    "Asia/Kolkata",
                    "Australia/Sydney")
            .stream()
            .map(ZoneId::of)
            .toList();

    private SchedulerBenchmark() {}

    public static void main(String[] args) throws Exception {
        int members = Integer.getInteger("bench.members", 1_000_000);
        int peak = Integer.getInteger("bench.peak", 100_000);
        HeapWatch heap = HeapWatch.start();
        PostgresExtension postgres = new PostgresExtension();
        String url = postgres.newDatabase();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Map<String, String> env = new HashMap<>();
            env.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            env.put("OUTREACH_ADMIN_TOKEN", "bench-admin-token-0123456789");
            env.put("OUTREACH_LINK_KEYS", LinkSigner.randomSpec("k1"));
            env.put("OUTREACH_DB_URL", url);
            env.put("OUTREACH_DB_USER", PostgresExtension.USER);
            env.put("OUTREACH_SCHEDULER_HTTP_HOST", "127.0.0.1");
            env.put("OUTREACH_SCHEDULER_HTTP_PORT", "0");
            env.put("OUTREACH_SWEEP_INTERVAL", "1s");
            SchedulerConfig config = SchedulerConfig.from(Settings.of(env), env);
            TopicSetup.ensureAll(config.kafka());

            // 1. Bulk import: everyone but the peak group, then the peak group with a plan time
            //    a little ahead (known only once the bulk is in).
            Path dir = Files.createTempDirectory("scheduler-bench-");
            Instant offPeak = Instant.now().plus(Duration.ofHours(6)).truncatedTo(ChronoUnit.MINUTES);
            double importSeconds =
                    runImport(config, url, writeRoster(dir.resolve("bulk.csv"), 0, members - peak, offPeak));
            Instant due = Instant.now()
                    .plus(Duration.ofSeconds(75))
                    .truncatedTo(ChronoUnit.MINUTES)
                    .plus(Duration.ofMinutes(1));
            importSeconds += runImport(config, url, writeRoster(dir.resolve("peak.csv"), members - peak, members, due));
            System.out.printf(
                    "import: %,d members in %.1f s = %,.0f members/s (CSV parse + validation + batched JDBC inserts "
                            + "of member and due-time rows; ANALYZE and profile publishing not included)%n",
                    members, importSeconds, members / importSeconds);

            // 2. The service emits the peak minute; a consumer times every record against its due instant.
            long[] lateness = new long[peak];
            AtomicLong seen = new AtomicLong();
            long[] firstLast = {Long.MAX_VALUE, 0};
            int valueBytes;
            try (SchedulerService service = SchedulerService.start(config);
                    KafkaConsumer<byte[], byte[]> consumer = consumer(kafka.bootstrapServers())) {
                System.out.printf(
                        "service up; %,d check-ins fall due at %s (in %d s)%n",
                        peak, due, Duration.between(Instant.now(), due).toSeconds());
                long totalBytes = 0;
                long deadline = System.nanoTime()
                        + Duration.between(Instant.now(), due).plusMinutes(3).toNanos();
                while (seen.get() < peak && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        CheckInDue d = (CheckInDue)
                                Json.readerFor(CheckInDueEvent.class).readValue(r.value());
                        if (!d.dueAt().equals(due)) {
                            continue;
                        }
                        int i = (int) seen.getAndIncrement();
                        if (i < peak) {
                            lateness[i] = r.timestamp() - due.toEpochMilli();
                            firstLast[0] = Math.min(firstLast[0], r.timestamp());
                            firstLast[1] = Math.max(firstLast[1], r.timestamp());
                            totalBytes += r.value().length;
                        }
                    }
                }
                valueBytes = (int) (totalBytes / Math.max(1, Math.min(seen.get(), peak)));
            }
            int n = (int) Math.min(seen.get(), peak);
            long[] got = Arrays.copyOf(lateness, n);
            Arrays.sort(got);
            double ourRate = n / Math.max(0.001, (firstLast[1] - firstLast[0]) / 1000.0);
            System.out.printf(
                    "emitted %,d of %,d; after due time: first %d ms, p50 %d ms, p99 %d ms, last %d ms; "
                            + "emission rate %,.0f/s; %s%n",
                    n,
                    peak,
                    n > 0 ? got[0] : -1,
                    pct(got, 50),
                    pct(got, 99),
                    n > 0 ? got[n - 1] : -1,
                    ourRate,
                    n == peak && got[n - 1] <= 10_000 ? "TARGET MET (all within 10 s)" : "TARGET MISSED");

            // 3. Baseline: Kafka's producer tool, same broker, same count, same record size, same producer settings.
            String perfTopic = "bench-producer-performance";
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(
                                List.of(new NewTopic(perfTopic, config.kafka().partitions(), (short) 1)))
                        .all()
                        .get();
            }
            long perfStarted = System.nanoTime();
            // Called reflectively: kafka-tools is on the classpath only with -Pbench.
            Class.forName("org.apache.kafka.tools.ProducerPerformance")
                    .getMethod("main", String[].class)
                    .invoke(null, (Object) new String[] {
                        "--topic",
                        perfTopic,
                        "--num-records",
                        Integer.toString(peak),
                        "--record-size",
                        Integer.toString(valueBytes),
                        "--throughput",
                        "-1",
                        "--producer-props",
                        "bootstrap.servers=" + kafka.bootstrapServers(),
                        "acks=all",
                        "linger.ms=5",
                        "compression.type=lz4",
                        "enable.idempotence=true"
                    });
            double perfRate = peak / ((System.nanoTime() - perfStarted) / 1e9);
            System.out.printf(
                    "ProducerPerformance: %,d records of %d bytes, %,.0f records/s (wall time of the tool)%n",
                    peak, valueBytes, perfRate);
            System.out.printf("ratio: our emission rate is %.2f of ProducerPerformance's%n", ourRate / perfRate);
            System.out.printf(
                    "peak heap used (whole JVM, broker included, -Xmx%d MiB): %,d MiB%n",
                    Runtime.getRuntime().maxMemory() >> 20, heap.peakBytes() >> 20);
        } finally {
            heap.stop();
        }
        System.exit(0);
    }

    private static long pct(long[] sorted, int p) {
        return sorted.length == 0
                ? -1
                : sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1)];
    }

    private static Path writeRoster(Path file, int from, int to, Instant at) throws Exception {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("externalId,firstName,email,timeZone,times\n");
            for (int i = from; i < to; i++) {
                ZoneId zone = ZONES.get(i % ZONES.size());
                LocalTime local = at.atZone(zone).toLocalTime();
                w.write("M" + i + ",Member,m" + i + "@example.org," + zone.getId() + "," + local + "\n");
            }
        }
        return file;
    }

    /** Imports the roster; returns the seconds the import itself took. */
    private static double runImport(SchedulerConfig config, String url, Path roster) throws Exception {
        try (Database db = Database.open(url, PostgresExtension.USER, "");
                EventPublisher publisher = new EventPublisher(config.kafka());
                Reader in = Files.newBufferedReader(roster, StandardCharsets.UTF_8)) {
            Members members = Members.create(
                    db, new MemberStore(), publisher, config, Clock.systemUTC(), new SimpleMeterRegistry());
            long started = System.nanoTime();
            RosterImport.Report report = new RosterImport(
                            members.lifecycle(), Clock.systemUTC(), new SimpleMeterRegistry())
                    .run(in, p -> {
                        if (p.rows() % 100_000 == 0) {
                            System.out.printf(
                                    "  ... %,d rows (%.0f s)%n", p.rows(), (System.nanoTime() - started) / 1e9);
                        }
                    });
            double seconds = (System.nanoTime() - started) / 1e9;
            db.analyze();
            if (!report.rejected().isEmpty()) {
                throw new IllegalStateException(report.rejectedCount() + " rows rejected, first: "
                        + report.rejected().getFirst());
            }
            // The profiles stay owed to the outbox (not part of the due-time measurement).
            db.inTransaction(c -> c.createStatement().executeUpdate("UPDATE member SET published_revision = revision"));
            return seconds;
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "bench",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        5000),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        c.partitionsFor(Topics.CHECKIN_DUE.name())
                .forEach(p -> parts.add(new TopicPartition(p.topic(), p.partition())));
        c.assign(parts);
        c.seekToBeginning(parts);
        return c;
    }

    /** Samples heap use to find its peak (the pools' own peak counters, read at the end). */
    private static final class HeapWatch {
        static HeapWatch start() {
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            return new HeapWatch();
        }

        long peakBytes() {
            return ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP)
                    .mapToLong(p -> p.getPeakUsage().getUsed())
                    .sum();
        }

        void stop() {
            // nothing running
        }
    }
}
