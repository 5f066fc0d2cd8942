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

            // 2. Each run: the service emits the peak minute; a read_committed consumer notes when it
            //    reads each record (wall clock), against its due instant. Then, timed the same way,
            //    ProducerPerformance sends as many records of the same size to a topic of its own,
            //    and a read_committed consumer of that topic notes when it reads each.
            int runs = Integer.getInteger("bench.runs", 3);
            List<Long> lastMs = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            // Run 1's minute was chosen before the import; when the import ran long (a loaded
            // machine), it is moved on, so the service starts well before it, as for the later runs.
            if (Duration.between(Instant.now(), due).toSeconds() < 40) {
                Instant chosen = due;
                due = Instant.now()
                        .plus(Duration.ofSeconds(45))
                        .truncatedTo(ChronoUnit.MINUTES)
                        .plus(Duration.ofMinutes(1));
                moveDue(url, chosen, chosen, due);
            }
            try (SchedulerService service = SchedulerService.start(config)) {
                for (int run = 1; run <= runs; run++) {
                    if (run > 1) {
                        Instant previous = due;
                        due = Instant.now()
                                .plus(Duration.ofSeconds(45))
                                .truncatedTo(ChronoUnit.MINUTES)
                                .plus(Duration.ofMinutes(1));
                        reschedulePeak(url, previous, due, peak);
                    }
                    Reading ours;
                    try (KafkaConsumer<byte[], byte[]> consumer =
                            consumer(kafka.bootstrapServers(), Topics.CHECKIN_DUE.name())) {
                        System.out.printf(
                                "run %d: %,d check-ins fall due at %s (in %d s)%n",
                                run,
                                peak,
                                due,
                                Duration.between(Instant.now(), due).toSeconds());
                        ours = read(consumer, peak, due, true);
                    }
                    long[] got = ours.lateness();
                    int n = got.length;
                    double ourRate = n / Math.max(0.001, (ours.lastReadMs() - ours.firstReadMs()) / 1000.0);
                    System.out.printf(
                            "run %d: read %,d of %,d on checkin.due (read_committed); after due time: first %d ms,"
                                    + " p50 %d ms, p99 %d ms, last %d ms; rate %,.0f/s (first to last read); %s%n",
                            run,
                            n,
                            peak,
                            n > 0 ? got[0] : -1,
                            pct(got, 50),
                            pct(got, 99),
                            n > 0 ? got[n - 1] : -1,
                            ourRate,
                            n == peak && got[n - 1] <= 5_000 ? "TARGET MET (all within 5 s)" : "TARGET MISSED");

                    // Our side's work ends when its rows are committed (after the last record was read
                    // since the rows are written after the sends): the baseline runs after that, not beside it.
                    awaitCommitted(url, due);
                    String perfTopic = "bench-producer-performance-" + run + "-" + System.nanoTime();
                    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                        admin.createTopics(List.of(
                                        new NewTopic(perfTopic, config.kafka().partitions(), (short) 1)))
                                .all()
                                .get();
                    }
                    Reading perf;
                    try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka.bootstrapServers(), perfTopic)) {
                        consumer.poll(Duration.ofMillis(100));
                        int valueBytes = ours.valueBytes();
                        Thread tool = new Thread(
                                () -> producerPerformance(kafka.bootstrapServers(), perfTopic, peak, valueBytes));
                        tool.start();
                        perf = read(consumer, peak, null, false);
                        tool.join();
                    }
                    double perfRate =
                            perf.lateness().length / Math.max(0.001, (perf.lastReadMs() - perf.firstReadMs()) / 1000.0);
                    double ratio = ourRate / perfRate;
                    System.out.printf(
                            "run %d: ProducerPerformance: %,d records of %d bytes read back, %,.0f records/s (first to"
                                    + " last read, read_committed, same as ours); ratio %.2f%n",
                            run, perf.lateness().length, ours.valueBytes(), perfRate, ratio);
                    lastMs.add(n == peak ? got[n - 1] : Long.MAX_VALUE);
                    ratios.add(ratio);
                }
            }
            List<Long> sortedLast = lastMs.stream().sorted().toList();
            List<Double> sortedRatios = ratios.stream().sorted().toList();
            System.out.printf(
                    "last of %,d readable after its due instant, over %d runs: min %.1f s / median %.1f s / max %.1f s%n",
                    peak,
                    runs,
                    sortedLast.getFirst() / 1000.0,
                    sortedLast.get(runs / 2) / 1000.0,
                    sortedLast.getLast() / 1000.0);
            System.out.printf(
                    "ratio to ProducerPerformance over %d runs: min %.2f / median %.2f / max %.2f%n",
                    runs, sortedRatios.getFirst(), sortedRatios.get(runs / 2), sortedRatios.getLast());
            System.out.printf("bench: scheduler median-ratio=%.2f%n", sortedRatios.get(runs / 2));
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

    /** A read_committed consumer of every partition of {@code topic}, from its end: only what comes next. */
    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String topic) {
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        5000),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        c.partitionsFor(topic).forEach(p -> parts.add(new TopicPartition(p.topic(), p.partition())));
        c.assign(parts);
        c.seekToEnd(parts);
        parts.forEach(c::position);
        return c;
    }

    /** What a consumer read: each record's lateness after {@code due} (sorted; from the read time), first and last read. */
    private record Reading(long[] lateness, long firstReadMs, long lastReadMs, int valueBytes) {}

    /**
     * Reads until {@code count} records are read (of those due at {@code due} when it is given),
     * or three minutes pass; each is timed when the poll that returned it returned.
     */
    private static Reading read(KafkaConsumer<byte[], byte[]> consumer, int count, Instant due, boolean parse)
            throws Exception {
        long[] lateness = new long[count];
        int seen = 0;
        long first = Long.MAX_VALUE;
        long last = 0;
        long bytes = 0;
        long deadline = System.nanoTime()
                + (due == null ? Duration.ZERO : Duration.between(Instant.now(), due))
                        .plusMinutes(3)
                        .toNanos();
        while (seen < count && System.nanoTime() < deadline) {
            var records = consumer.poll(Duration.ofMillis(100));
            long readAt = System.currentTimeMillis();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                if (parse) {
                    CheckInDueEvent e = Json.readerFor(CheckInDueEvent.class).readValue(r.value());
                    if (!(e instanceof CheckInDue d) || !d.dueAt().equals(due)) {
                        continue;
                    }
                }
                if (seen < count) {
                    lateness[seen++] = due == null ? 0 : readAt - due.toEpochMilli();
                    first = Math.min(first, readAt);
                    last = Math.max(last, readAt);
                    bytes += r.value().length;
                }
            }
        }
        long[] got = Arrays.copyOf(lateness, seen);
        Arrays.sort(got);
        return new Reading(got, first, last, (int) (bytes / Math.max(1, seen)));
    }

    /** Kafka's own producer tool, called reflectively (kafka-tools is on the classpath only with -Pbench), same producer settings as ours. */
    private static void producerPerformance(String bootstrap, String topic, int count, int valueBytes) {
        try {
            Class.forName("org.apache.kafka.tools.ProducerPerformance")
                    .getMethod("main", String[].class)
                    .invoke(null, (Object) new String[] {
                        "--topic",
                        topic,
                        "--num-records",
                        Integer.toString(count),
                        "--record-size",
                        Integer.toString(valueBytes),
                        "--throughput",
                        "-1",
                        "--producer-props",
                        "bootstrap.servers=" + bootstrap,
                        "acks=all",
                        "linger.ms=5",
                        "compression.type=lz4",
                        "enable.idempotence=true"
                    });
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Moves the peak group's next check-in to {@code due} (the next run's minute): after the last run
     * their next one is a day after {@code previous} (the off-peak members are due hours away).
     */
    private static void reschedulePeak(String url, Instant previous, Instant due, int peak)
            throws InterruptedException {
        // The previous run's rows commit after Kafka acknowledged and their rows are written, which
        // can end after the last record was read: wait for them (at most a minute).
        int moved = 0;
        for (int attempt = 0; moved < peak && attempt < 60; attempt++) {
            if (attempt > 0) {
                Thread.sleep(1_000);
            }
            moved += moveDue(url, previous.plus(Duration.ofHours(23)), previous.plus(Duration.ofHours(25)), due);
        }
    }

    /** Waits (at most a minute) until no check-in is due at {@code due} any more: every row of the run committed. */
    private static void awaitCommitted(String url, Instant due) throws InterruptedException {
        try (Database db = Database.open(url, PostgresExtension.USER, "")) {
            for (int attempt = 0; attempt < 60; attempt++) {
                int left = db.inTransaction(c -> {
                    try (var ps = c.prepareStatement("SELECT count(*) FROM checkin_schedule WHERE next_due_utc = ?")) {
                        ps.setTimestamp(1, java.sql.Timestamp.from(due));
                        try (var rs = ps.executeQuery()) {
                            rs.next();
                            return rs.getInt(1);
                        }
                    }
                });
                if (left == 0) {
                    return;
                }
                Thread.sleep(500);
            }
        }
    }

    /** Moves the check-ins due between {@code from} and {@code to} (inclusive) to {@code due}. */
    private static int moveDue(String url, Instant from, Instant to, Instant due) {
        try (Database db = Database.open(url, PostgresExtension.USER, "")) {
            int moved = db.inTransaction(c -> {
                try (var ps = c.prepareStatement(
                        "UPDATE checkin_schedule SET next_due_utc = ? WHERE next_due_utc BETWEEN ? AND ?")) {
                    ps.setTimestamp(1, java.sql.Timestamp.from(due));
                    ps.setTimestamp(2, java.sql.Timestamp.from(from));
                    ps.setTimestamp(3, java.sql.Timestamp.from(to));
                    return ps.executeUpdate();
                }
            });
            System.out.printf("  %,d check-ins moved to %s%n", moved, due);
            return moved;
        }
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
