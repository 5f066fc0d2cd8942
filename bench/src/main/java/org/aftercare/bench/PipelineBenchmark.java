package org.aftercare.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.aftercare.events.Ids;
import org.aftercare.events.Topics;
import org.aftercare.events.checkin.CheckInDue;
import org.aftercare.events.checkin.CheckInDueEvent;
import org.aftercare.events.outreach.DeliveryEvent;
import org.aftercare.events.outreach.DeliveryOutcome;
import org.aftercare.events.outreach.DeliveryReport;
import org.aftercare.events.outreach.OutreachEvent;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.infra.postgres.PostgresServer;
import org.aftercare.kit.links.LinkSigner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The whole-pipeline peak benchmark (issue 14), as production runs it: Kafka's own broker,
 * the scheduler (on PostgreSQL), streams and the notifier each in a JVM of its own, started from
 * the runnable jars the images are built from, configured through their {@code OUTREACH_*}
 * variables with the deployment's values, and Postfix's {@code smtp-sink} as the SMTP relay.
 *
 * <ol>
 *   <li>{@code bench.members} (1,000,000) members are enrolled with the scheduler's own
 *       {@code import} command (which also publishes their profiles); {@code bench.runs} groups of
 *       {@code bench.peak} (100,000) of them have their daily check-in at far-off instants of
 *       their own, the rest at another.
 *   <li>The services start and are waited for until ready (profiles loaded).
 *   <li>Each run moves one group's next check-in to the start of a coming minute (the same UTC
 *       instant in ten time zones), as the scheduler benchmark does, and notes, per stage, when
 *       each of them was first readable by a {@code read_committed} consumer on
 *       {@code checkin.due} and (its prompt) on {@code outreach.requests}, and when
 *       {@code smtp-sink} accepted it (its running counter: the N-th accepted message), each as a
 *       lag from the due instant; plus every service's CPU seconds ({@code /proc}) and peak heap
 *       (GC log) over the run, and what the rest of the machine used.
 *   <li>Beside each run, on the same broker and sink with the services idle, the machine's
 *       ceiling: {@code smtp-source} sends as many messages of our size over as many connections
 *       as the notifier uses, and Kafka's {@code ProducerPerformance} (own JVM, own topic) sends
 *       as many records of {@code checkin.due}'s size with the scheduler's producer settings, read
 *       back by a {@code read_committed} consumer.
 * </ol>
 *
 * <p>Prints progress every few seconds, one line per run, min / median / max, and
 * {@code bench: pipeline last-s=NN} (the median of the runs' last-accepted lags).
 */
public final class PipelineBenchmark {

    private static final List<ZoneId> ZONES = Stream.of(
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
            .map(ZoneId::of)
            .toList();

    private static final List<String> SERVICES = List.of("scheduler", "streams", "notifier");

    /**
     * 75 % (the images' {@code -XX:MaxRAMPercentage=75}) of each workload's memory limit in
     * {@code deploy/k8s/base}: scheduler 512Mi, streams 1Gi; and what the JVM picks itself in such a
     * container (under 1792 MiB it is not a "server class machine": the serial collector). The
     * notifier's base limit (512Mi, a 384 MiB heap) does not hold 1,000,000 profiles in its
     * in-memory profile table (full collections back to back at 357 of 371 MiB, never ready), so it
     * runs as with a 2Gi limit: a 1536 MiB heap, and G1 as the JVM would pick there.
     */
    private static final Map<String, String> HEAPS =
            Map.of("scheduler", "384m", "streams", "768m", "notifier", "1536m");

    private static final Map<String, String> GCS =
            Map.of("scheduler", "-XX:+UseSerialGC", "streams", "-XX:+UseSerialGC", "notifier", "-XX:+UseG1GC");

    private static final Duration WINDOW_BEFORE_DUE = Duration.ofSeconds(10);

    /** The notifier's {@code OUTREACH_SMTP_POOL_SIZE} default: the connections smtp-source opens too. */
    private static final int SMTP_CONNECTIONS = 4;

    private final int members = Integer.getInteger("bench.members", 1_000_000);
    private final int peak = Integer.getInteger("bench.peak", 100_000);
    private final int runs = Integer.getInteger("bench.runs", 3);
    private final Duration lead = Duration.ofSeconds(Long.getLong("bench.leadSeconds", 30));
    private final Duration timeout = Duration.ofSeconds(Long.getLong("bench.timeoutSeconds", 300));
    private final Path dir =
            Path.of(System.getProperty("bench.dir", "target/pipeline-bench")).toAbsolutePath();
    private final Path smtpSource = Path.of(System.getProperty("bench.smtpSource", "/usr/sbin/smtp-source"));
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Map<String, Child> services = new LinkedHashMap<>();
    private final Map<String, String> readyUrls = new HashMap<>();
    private PostgresServer postgres;
    private String dbUrl;
    private Child kafka;
    private String bootstrap;
    private SmtpSink sink;
    private Map<String, String> common;
    private final List<Run> results = new ArrayList<>();
    private boolean stopped;

    private PipelineBenchmark() {}

    public static void main(String[] args) throws Exception {
        PipelineBenchmark bench = new PipelineBenchmark();
        // Ctrl-C or a killed build stops what the benchmark started (PostgreSQL is not its child).
        Runtime.getRuntime().addShutdownHook(new Thread(bench::stopAll, "bench-stop"));
        int code = 0;
        try {
            bench.run();
        } catch (Exception e) {
            System.out.println("bench: FAILED: " + e);
            e.printStackTrace(System.out);
            code = 1;
        } finally {
            bench.stopAll();
        }
        System.exit(code); // the Kafka clients' threads must not keep the JVM
    }

    private void run() throws Exception {
        if (runs < 1 || peak < 1 || (long) runs * peak >= members) {
            throw new IllegalArgumentException("need bench.members > bench.runs x bench.peak");
        }
        deleteTree(dir);
        Files.createDirectories(dir);
        say(String.format(
                Locale.ROOT,
                "pipeline benchmark: %,d members, %,d due in one minute, %d runs; JDK %s, %d cores,"
                        + " load average %s; files in %s",
                members,
                peak,
                runs,
                Runtime.version(),
                Runtime.getRuntime().availableProcessors(),
                Proc.loadAverage(),
                dir));

        startInfrastructure();
        Instant offPeak = Instant.now().plus(Duration.ofHours(4)).truncatedTo(ChronoUnit.MINUTES);
        List<Instant> parked = new ArrayList<>();
        for (int k = 1; k <= runs; k++) {
            parked.add(offPeak.plus(Duration.ofMinutes(10L * k)));
        }
        enroll(offPeak, parked);
        startServices();
        double sourceOverhead = calibrateSmtpSource();
        waitUntilNotBefore();
        for (int k = 1; k <= runs; k++) {
            Run r = peakMinute(k, parked.get(k - 1));
            ceilings(r, sourceOverhead);
            results.add(r);
            say(r.summary());
        }
        summarize();
    }

    // ------------------------------------------------------------------ set-up

    private void startInfrastructure() throws Exception {
        boolean durable = !"fast".equals(System.getProperty("bench.pg", "durable"));
        postgres = PostgresServer.start(durable ? Map.of("max_connections", "100") : PostgresServer.FAST_UNSAFE);
        dbUrl = postgres.newDatabase();
        say("PostgreSQL up (" + (durable ? "PostgreSQL's durable defaults: fsync, synchronous_commit on" : "fsync off")
                + ")");
        kafka = KafkaServer.start(dir, jvmExtra("kafka"));
        bootstrap = KafkaServer.bootstrap(dir);
        say("Kafka broker (kafka.Kafka, own JVM, pid " + kafka.pid() + ") at " + bootstrap);
        sink = SmtpSink.start(Path.of(System.getProperty("bench.smtpSink", "/usr/sbin/smtp-sink")));
        say("smtp-sink (pid " + sink.pid() + ") on 127.0.0.1:" + sink.port);

        common = common(bootstrap);
    }

    /** What several services share: the broker, the log format, the link keys, tokens and keys (new each run). */
    static Map<String, String> common(String bootstrap) {
        String linkKeys = LinkSigner.randomSpec("bench1");
        byte[] hashKey = new byte[32];
        new java.security.SecureRandom().nextBytes(hashKey);
        Map<String, String> common = new HashMap<>();
        common.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        common.put("OUTREACH_LOG_FORMAT", "json"); // as the deployments run
        common.put("OUTREACH_LINK_KEYS", linkKeys);
        common.put("OUTREACH_ADMIN_TOKEN", "bench-admin-token-0123456789abcdef");
        common.put("OUTREACH_ADDRESS_HASH_KEY", Base64.getEncoder().encodeToString(hashKey));
        return common;
    }

    /** The service's own variables on top of the common ones, with the deployment's values where it sets any. */
    private Map<String, String> env(String service) throws IOException {
        return env(service, common, dbUrl, dir, sink.port);
    }

    /**
     * A service's environment: the common variables it reads and its own, with the deployment's
     * values where it sets any. {@code PipelineEnvironmentTest} checks that each service's own
     * configuration accepts it, so a renamed or retired variable fails a test, not the benchmark.
     */
    static Map<String, String> env(String service, Map<String, String> common, String dbUrl, Path dir, int smtpPort)
            throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", common.get("OUTREACH_KAFKA_BOOTSTRAP_SERVERS"));
        env.put("OUTREACH_LOG_FORMAT", common.get("OUTREACH_LOG_FORMAT"));
        switch (service) {
            case "scheduler" -> {
                env.put("OUTREACH_LINK_KEYS", common.get("OUTREACH_LINK_KEYS"));
                env.put("OUTREACH_ADMIN_TOKEN", common.get("OUTREACH_ADMIN_TOKEN"));
                env.put("OUTREACH_DB_URL", dbUrl);
                env.put("OUTREACH_DB_USER", PostgresServer.USER);
                env.put("OUTREACH_SCHEDULER_HTTP_HOST", "127.0.0.1");
                env.put("OUTREACH_SCHEDULER_HTTP_PORT", Integer.toString(KafkaServer.freePort()));
                env.put("OUTREACH_SCHEDULER_MANAGEMENT_HOST", "127.0.0.1");
                env.put("OUTREACH_SCHEDULER_MANAGEMENT_PORT", Integer.toString(KafkaServer.freePort()));
            }
            case "streams" -> {
                env.put("OUTREACH_STREAMS_HTTP_HOST", "127.0.0.1");
                env.put("OUTREACH_STREAMS_HTTP_PORT", Integer.toString(KafkaServer.freePort()));
                env.put(
                        "OUTREACH_STREAMS_STATE_DIR",
                        dir.resolve("streams-state").toString());
                // As deploy/k8s/base/streams.yaml sets them (but for a standby replica: one instance here):
                // static membership under the pod's name, the default session timeout.
                env.put("OUTREACH_STREAMS_CLOSE_TIMEOUT", "30s");
                env.put("OUTREACH_KAFKA_GROUP_INSTANCE_ID", "streams-0");
            }
            case "notifier" -> {
                env.put("OUTREACH_LINK_KEYS", common.get("OUTREACH_LINK_KEYS"));
                env.put("OUTREACH_ADDRESS_HASH_KEY", common.get("OUTREACH_ADDRESS_HASH_KEY"));
                env.put("OUTREACH_NOTIFIER_HTTP_HOST", "127.0.0.1");
                env.put("OUTREACH_NOTIFIER_HTTP_PORT", Integer.toString(KafkaServer.freePort()));
                env.put("OUTREACH_SMTP_HOST", "127.0.0.1");
                env.put("OUTREACH_SMTP_PORT", Integer.toString(smtpPort));
                // smtp-sink speaks no TLS; the deployment's relay is reached with STARTTLS required.
                env.put("OUTREACH_SMTP_STARTTLS", "none");
                // As deploy/k8s (base and prod overlay) sets them.
                env.put("OUTREACH_KAFKA_GROUP_INSTANCE_ID", "notifier-0");
                env.put("OUTREACH_LINK_BASE_URL", "https://checkin.example.org");
                env.put("OUTREACH_MAIL_FROM", "checkins@example.org");
                env.put("OUTREACH_MAIL_DOMAIN", "example.org");
                env.put("OUTREACH_ONCALL_EMAIL", "oncall@example.org");
                // As the deployment sets it; -Dbench.warmUpEmails=0 measures a start without it.
                env.put("OUTREACH_NOTIFIER_WARM_UP_EMAILS", System.getProperty("bench.warmUpEmails", "3000"));
            }
            default -> throw new IllegalArgumentException(service);
        }
        return env;
    }

    /** JVM options of a service: the images' flags, the heap of its memory limit, a GC log. */
    private List<String> jvm(String service) {
        List<String> jvm = new ArrayList<>(List.of(
                "-XX:+ExitOnOutOfMemoryError",
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx" + System.getProperty("bench.heap." + service, HEAPS.get(service.replace("-import", ""))),
                System.getProperty("bench.gc." + service, GCS.get(service.replace("-import", ""))),
                "-Xlog:gc:file=" + dir.resolve(service + "-gc.log") + ":timemillis"));
        jvm.addAll(jvmExtra(service));
        return jvm;
    }

    /** {@code -Dbench.jvm.<name>=...} options, and a JFR recording when {@code bench.jfr} names it. */
    private List<String> jvmExtra(String name) {
        List<String> extra = new ArrayList<>();
        String given = System.getProperty("bench.jvm." + name, "").strip();
        if (!given.isEmpty()) {
            extra.addAll(List.of(given.split("\\s+")));
        }
        if (List.of(System.getProperty("bench.jfr", "").split(",")).contains(name)) {
            extra.add("-XX:StartFlightRecording=filename=" + dir.resolve(name + ".jfr")
                    + ",settings=profile,dumponexit=true");
        }
        return extra;
    }

    private String jar(String service) {
        String jar = System.getProperty("bench.jar." + service);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("bench.jar." + service + " must name the service's runnable jar (was " + jar
                    + "); the pom's pipeline-bench profile sets it");
        }
        return jar;
    }

    /** Writes the roster and runs the scheduler's own import command in its own JVM. */
    private void enroll(Instant offPeak, List<Instant> parked) throws Exception {
        Path roster = dir.resolve("roster.csv");
        int bulk = members - runs * peak;
        try (BufferedWriter w = Files.newBufferedWriter(roster, StandardCharsets.UTF_8)) {
            w.write("externalId,firstName,email,timeZone,times\n");
            for (int i = 0; i < members; i++) {
                Instant at = i < bulk ? offPeak : parked.get((i - bulk) / peak);
                ZoneId zone = ZONES.get(i % ZONES.size());
                LocalTime local = at.atZone(zone).toLocalTime();
                w.write("M" + i + ",Member,m" + i + "@example.org," + zone.getId() + "," + local + "\n");
            }
        }
        say(String.format(
                Locale.ROOT,
                "enrolling %,d members (scheduler import, own JVM): %,d off-peak, %d groups of %,d parked",
                members,
                bulk,
                runs,
                peak));
        long started = System.nanoTime();
        Child importer = Child.start(
                "scheduler-import",
                Child.java(jvm("scheduler-import"), "-jar", jar("scheduler"), "import", roster.toString()),
                env("scheduler"),
                dir);
        String last = "";
        while (importer.alive()) {
            Thread.sleep(5000);
            String line = importer.tail(1).strip();
            if (!line.equals(last)) {
                say(String.format(
                        Locale.ROOT,
                        "  enrolment +%ds: %s",
                        (System.nanoTime() - started) / 1_000_000_000,
                        line.length() > 160 ? line.substring(0, 160) : line));
                last = line;
            }
        }
        int code = importer.await(1, TimeUnit.MINUTES);
        if (code != 0) {
            throw new IllegalStateException("the import failed (" + code + "):\n" + importer.tail(20));
        }
        say(String.format(
                Locale.ROOT,
                "enrolled in %.0f s (CSV, database, %,d profiles published): %s",
                (System.nanoTime() - started) / 1e9,
                members,
                importer.tail(1).strip()));
    }

    private void startServices() throws Exception {
        for (String service : List.of("streams", "notifier", "scheduler")) {
            Map<String, String> env = env(service);
            String port = switch (service) {
                case "scheduler" -> env.get("OUTREACH_SCHEDULER_MANAGEMENT_PORT");
                case "streams" -> env.get("OUTREACH_STREAMS_HTTP_PORT");
                default -> env.get("OUTREACH_NOTIFIER_HTTP_PORT");
            };
            readyUrls.put(service, "http://127.0.0.1:" + port + "/health/ready");
            services.put(service, Child.start(service, Child.java(jvm(service), "-jar", jar(service)), env, dir));
        }
        long started = System.nanoTime();
        long deadline = started + Duration.ofMinutes(15).toNanos();
        while (true) {
            List<String> states = new ArrayList<>();
            boolean all = true;
            for (String service : SERVICES) {
                services.get(service).checkAlive();
                boolean ready = ready(service);
                all &= ready;
                states.add(service + (ready ? " ready" : " starting"));
            }
            long lag = profileLag("outreach-streams");
            all &= lag == 0;
            if (all) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("services not ready within 15 minutes: " + states);
            }
            say(String.format(
                    Locale.ROOT,
                    "  start +%ds: %s; streams on member.profile: %s",
                    (System.nanoTime() - started) / 1_000_000_000,
                    String.join(", ", states),
                    lag < 0 ? "nothing committed yet" : String.format(Locale.ROOT, "%,d behind", lag)));
            Thread.sleep(5000);
        }
        say(String.format(
                Locale.ROOT,
                "services ready in %.0f s (streams caught up on member.profile; notifier profiles loaded)",
                (System.nanoTime() - started) / 1e9));
    }

    private boolean ready(String service) {
        try {
            HttpResponse<Void> r = http.send(
                    HttpRequest.newBuilder(URI.create(readyUrls.get(service)))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /** How far a consumer group is behind the end of {@code member.profile} (-1 before it has committed). */
    private long profileLag(String group) throws Exception {
        try (Admin admin = admin()) {
            String topic = Topics.MEMBER_PROFILE.name();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
            admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .forEach(p -> ask.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(ask).all().get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (var e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                if (c == null) {
                    if (e.getValue().offset() > 0) {
                        return -1;
                    }
                    continue;
                }
                lag += e.getValue().offset() - c.offset();
            }
            return lag;
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /**
     * {@code -Dbench.notBefore=HH:MM} (UTC): the first run waits until then, so the set-up may
     * overlap other work on the machine while the measured minutes do not.
     */
    private void waitUntilNotBefore() throws InterruptedException {
        String notBefore = System.getProperty("bench.notBefore", "").strip();
        if (notBefore.isEmpty()) {
            return;
        }
        Instant at = java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                .atTime(LocalTime.parse(notBefore))
                .toInstant(java.time.ZoneOffset.UTC);
        while (Instant.now().isBefore(at)) {
            for (Child c : services.values()) {
                c.checkAlive();
            }
            say("waiting until " + at + " (bench.notBefore) to start the runs; load average " + Proc.loadAverage());
            Thread.sleep(Math.min(
                    60_000, Math.max(1, Duration.between(Instant.now(), at).toMillis())));
        }
    }

    // ------------------------------------------------------------------ one peak minute

    /** Everything measured in one run. */
    private static final class Run {
        final int number;
        Instant due;
        Lags onDue;
        Lags onRequests;
        Lags accepted;
        Lags reported;
        final Map<String, Double> cpu = new LinkedHashMap<>();
        final Map<String, GcLog.Peak> heap = new LinkedHashMap<>();
        double windowSeconds;
        double machineBusy;
        double othersBusy;
        String loadBefore;
        String loadAfter;
        long ourBytesPerMessage;
        long dueValueBytes;
        final List<String> problems = new ArrayList<>();
        // ceilings
        double sourceSeconds = Double.NaN;
        long sourceBytesPerMessage;
        double producerRate = Double.NaN;
        double producerSeconds = Double.NaN;
        String producerTool = "";

        Run(int number) {
            this.number = number;
        }

        String summary() {
            StringBuilder s = new StringBuilder(String.format(
                    Locale.ROOT,
                    "run %d (due %s): checkin.due %s | outreach.requests %s | accepted by SMTP %s"
                            + " | reported sent %s%n",
                    number,
                    due,
                    onDue.describe(),
                    onRequests.describe(),
                    accepted.describe(),
                    reported.describe()));
            s.append(String.format(
                    Locale.ROOT,
                    "run %d: CPU seconds over the %.0f s window: %s; machine busy %.0f of %.0f core-seconds,"
                            + " of which %.0f outside the benchmark; load average %s before, %s after%n",
                    number,
                    windowSeconds,
                    cpu.entrySet().stream()
                            .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
                            .reduce((a, b) -> a + ", " + b)
                            .orElse(""),
                    machineBusy,
                    windowSeconds * Runtime.getRuntime().availableProcessors(),
                    othersBusy,
                    loadBefore,
                    loadAfter));
            s.append(String.format(
                    Locale.ROOT,
                    "run %d: peak heap (GC log, before a pause): %s%n",
                    number,
                    heap.entrySet().stream()
                            .map(e -> String.format(
                                    Locale.ROOT,
                                    "%s %d MiB (%d pauses)",
                                    e.getKey(),
                                    e.getValue().bytes() >> 20,
                                    e.getValue().pauses()))
                            .reduce((a, b) -> a + ", " + b)
                            .orElse("")));
            s.append(String.format(
                    Locale.ROOT,
                    "run %d: ceiling: smtp-source 100,000 messages of %,d bytes (ours %,d) over %d connections in"
                            + " %.1f s = %,.0f msg/s; ProducerPerformance 100,000 records of %d bytes: %,.0f records/s"
                            + " first to last read, all read %.1f s after its start (tool: %s)%n",
                    number,
                    sourceBytesPerMessage,
                    ourBytesPerMessage,
                    SMTP_CONNECTIONS,
                    sourceSeconds,
                    100_000 / sourceSeconds,
                    dueValueBytes,
                    producerRate,
                    producerSeconds,
                    producerTool));
            s.append(String.format(
                    Locale.ROOT,
                    "run %d: %s",
                    number,
                    problems.isEmpty() ? "every check-in due, prompted, accepted and reported sent once" : problems));
            return s.toString();
        }
    }

    private Run peakMinute(int number, Instant parkedAt) throws Exception {
        Run run = new Run(number);
        Instant due = Instant.now().plus(lead).truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        run.due = due;
        Map<String, DeliveryOutcome> outcomes = new ConcurrentHashMap<>();
        try (StageReader onDue = new StageReader(bootstrap, Topics.CHECKIN_DUE.name(), r -> {
                    CheckInDueEvent e =
                            Topics.CHECKIN_DUE.valueSerde().deserializer().deserialize(r.topic(), r.value());
                    return e instanceof CheckInDue d && d.dueAt().equals(due) ? d.checkInId() : null;
                });
                StageReader onRequests = new StageReader(bootstrap, Topics.OUTREACH_REQUESTS.name(), r -> {
                    OutreachEvent e =
                            Topics.OUTREACH_REQUESTS.valueSerde().deserializer().deserialize(r.topic(), r.value());
                    return e instanceof OutreachRequest q
                                    && q.kind() == OutreachKind.CHECK_IN_PROMPT
                                    && q.checkInId() != null
                                    && q.checkInId().equals(Ids.checkInId(q.memberId(), due))
                            ? q.notificationId()
                            : null;
                });
                StageReader reports = new StageReader(bootstrap, Topics.OUTREACH_DELIVERIES.name(), r -> {
                    DeliveryEvent e = Topics.OUTREACH_DELIVERIES
                            .valueSerde()
                            .deserializer()
                            .deserialize(r.topic(), r.value());
                    if (e instanceof DeliveryReport d) {
                        outcomes.merge(d.notificationId(), d.outcome(), (a, b) -> a == DeliveryOutcome.SENT ? a : b);
                        return d.outcome() == DeliveryOutcome.SENT ? d.notificationId() : null;
                    }
                    return null;
                })) {
            long sinkBase = sink.count();
            long sinkBytes = Proc.bytesRead(sink.pid());
            // CPU and heap are measured from 10 s before the due instant (a claim ahead of it included).
            long windowStart = due.minus(WINDOW_BEFORE_DUE).toEpochMilli();
            Map<String, Double> cpuBefore = null;
            double[] machineBefore = null;
            run.loadBefore = Proc.loadAverage();
            int moved = reschedule(parkedAt, due);
            if (moved != peak) {
                throw new IllegalStateException("moved " + moved + " check-ins, expected " + peak);
            }
            say(String.format(
                    Locale.ROOT,
                    "run %d: %,d check-ins fall due at %s (in %d s); load average %s",
                    number,
                    peak,
                    due,
                    Duration.between(Instant.now(), due).toSeconds(),
                    run.loadBefore));
            long deadline = due.plus(timeout).toEpochMilli();
            long nextPrint = 0;
            while (true) {
                long now = System.currentTimeMillis();
                if (cpuBefore == null && now >= windowStart) {
                    cpuBefore = cpuNow();
                    machineBefore = Proc.machineCpu();
                    windowStart = now;
                }
                long accepted = sink.count() - sinkBase;
                boolean done =
                        onDue.seen() >= peak && onRequests.seen() >= peak && accepted >= peak && reports.seen() >= peak;
                if (done || now > deadline) {
                    if (!done) {
                        run.problems.add("not finished " + timeout.toSeconds() + " s after the due instant");
                    }
                    break;
                }
                for (Child c : services.values()) {
                    c.checkAlive();
                }
                kafka.checkAlive();
                if (now >= nextPrint) {
                    long t = (now - due.toEpochMilli()) / 1000;
                    say(String.format(
                            Locale.ROOT,
                            "  run %d %s%ds: checkin.due %,d · outreach.requests %,d · accepted by SMTP %,d ·"
                                    + " reported sent %,d · load %s",
                            number,
                            t < 0 ? "" : "+",
                            t,
                            onDue.seen(),
                            onRequests.seen(),
                            accepted,
                            reports.seen(),
                            Proc.loadAverage()));
                    nextPrint = now < due.toEpochMilli() ? Math.min(now + 15_000, due.toEpochMilli()) : now + 5000;
                }
                Thread.sleep(100);
            }
            Thread.sleep(2000); // repeats, if any, show up
            long windowEnd = System.currentTimeMillis();
            Map<String, Double> cpuAfter = cpuNow();
            double[] machineAfter = Proc.machineCpu();
            run.loadAfter = Proc.loadAverage();
            run.windowSeconds = (windowEnd - windowStart) / 1000.0;
            double ours = 0;
            for (String name : cpuAfter.keySet()) {
                double used = cpuAfter.get(name) - cpuBefore.getOrDefault(name, 0.0);
                run.cpu.put(name, used);
                ours += used;
            }
            run.machineBusy = machineAfter[0] - machineBefore[0];
            run.othersBusy = Math.max(0, run.machineBusy - ours);
            for (String service : SERVICES) {
                run.heap.put(service, GcLog.peak(dir.resolve(service + "-gc.log"), windowStart, windowEnd));
            }
            run.heap.put("kafka", GcLog.peak(dir.resolve("kafka-gc.log"), windowStart, windowEnd));

            long dueMs = due.toEpochMilli();
            run.onDue = lags(onDue.firstSeen(), dueMs);
            run.onRequests = lags(onRequests.firstSeen(), dueMs);
            run.reported = lags(reports.firstSeen(), dueMs, onRequests.firstSeen());
            long accepted = Math.min(sink.count() - sinkBase, peak);
            long[] acceptedLags = new long[(int) accepted];
            for (int i = 1; i <= accepted; i++) {
                acceptedLags[i - 1] = sink.acceptedAt(sinkBase + i) - dueMs;
            }
            run.accepted = Lags.of(acceptedLags);
            long sinkMessages = sink.count() - sinkBase;
            run.ourBytesPerMessage = (Proc.bytesRead(sink.pid()) - sinkBytes) / Math.max(1, sinkMessages);
            run.dueValueBytes = onDue.meanValueBytes();
            check(run, "checkin.due", onDue);
            check(run, "outreach.requests (prompts)", onRequests);
            long sent = onRequests.firstSeen().keySet().stream()
                    .filter(id -> outcomes.get(id) == DeliveryOutcome.SENT)
                    .count();
            if (sent != peak) {
                Map<DeliveryOutcome, Long> other = new HashMap<>();
                onRequests.firstSeen().keySet().forEach(id -> other.merge(outcomes.get(id), 1L, Long::sum));
                run.problems.add("reported sent " + sent + " of " + peak + " prompts; outcomes " + other);
            }
            if (reports.repeats() > 0) {
                run.problems.add(reports.repeats() + " prompts reported sent more than once");
            }
            if (sinkMessages != peak) {
                run.problems.add("smtp-sink accepted " + sinkMessages + " messages, expected " + peak);
            }
        }
        return run;
    }

    private void check(Run run, String stage, StageReader reader) {
        if (reader.seen() != peak) {
            run.problems.add(stage + ": " + reader.seen() + " of " + peak);
        }
        if (reader.repeats() > 0) {
            run.problems.add(stage + ": " + reader.repeats() + " repeats");
        }
    }

    private static Lags lags(Map<String, Long> firstSeen, long dueMs) {
        return Lags.of(firstSeen.values().stream().mapToLong(t -> t - dueMs).toArray());
    }

    /** The lags of those ids also in {@code of} (reports of this run's prompts). */
    private static Lags lags(Map<String, Long> firstSeen, long dueMs, Map<String, Long> of) {
        return Lags.of(firstSeen.entrySet().stream()
                .filter(e -> of.containsKey(e.getKey()))
                .mapToLong(e -> e.getValue() - dueMs)
                .toArray());
    }

    /** CPU seconds so far of every process of the benchmark. */
    private Map<String, Double> cpuNow() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (String service : SERVICES) {
            cpu.put(service, Proc.cpuSeconds(services.get(service).pid()));
        }
        cpu.put("kafka", Proc.cpuSeconds(kafka.pid()));
        cpu.put("postgresql", Proc.treeCpuSeconds(postgres.pid()));
        cpu.put("smtp-sink", Proc.cpuSeconds(sink.pid()));
        cpu.put("driver", Proc.cpuSeconds(ProcessHandle.current().pid()));
        return cpu;
    }

    /**
     * Moves a parked group's next check-in to {@code due}, as the scheduler benchmark moves its peak
     * group: the rows of the due-time index that the import put at {@code parkedAt}.
     */
    private int reschedule(Instant parkedAt, Instant due) throws Exception {
        try (Connection c = DriverManager.getConnection(dbUrl, PostgresServer.USER, "");
                PreparedStatement ps =
                        c.prepareStatement("UPDATE checkin_schedule SET next_due_utc = ? WHERE next_due_utc = ?")) {
            ps.setTimestamp(1, Timestamp.from(due));
            ps.setTimestamp(2, Timestamp.from(parkedAt));
            return ps.executeUpdate();
        }
    }

    // ------------------------------------------------------------------ the machine's ceiling

    /**
     * What smtp-source adds to a message of {@code -l} bytes (its headers, the SMTP dialogue), as
     * smtp-sink reads it: so that its messages can be made as large on the wire as ours.
     */
    private double calibrateSmtpSource() throws Exception {
        long base = sink.count();
        long bytes = Proc.bytesRead(sink.pid());
        smtpSource(1000, 1000);
        waitForSink(base + 1000, Duration.ofSeconds(60));
        double overhead = (Proc.bytesRead(sink.pid()) - bytes) / 1000.0 - 1000;
        say(String.format(Locale.ROOT, "smtp-source adds %.0f bytes per message (headers, SMTP dialogue)", overhead));
        return overhead;
    }

    private void ceilings(Run run, double sourceOverhead) throws Exception {
        int n = 100_000;
        // smtp-source: as many messages, of our size on the wire, over the notifier's connection count.
        long base = sink.count();
        long bytes = Proc.bytesRead(sink.pid());
        long started = System.currentTimeMillis();
        smtpSource(n, (int) Math.max(1, run.ourBytesPerMessage - Math.round(sourceOverhead)));
        waitForSink(base + n, Duration.ofMinutes(5));
        run.sourceSeconds = (sink.acceptedAt(base + n) - started) / 1000.0;
        run.sourceBytesPerMessage = (Proc.bytesRead(sink.pid()) - bytes) / n;

        // ProducerPerformance: its own JVM and topic, the scheduler's producer settings, timed by a reader.
        String topic = "bench.ceiling.producer-" + run.number;
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (StageReader reader = new StageReader(bootstrap, topic, r -> r.partition() + ":" + r.offset())) {
            long start = System.currentTimeMillis();
            Child tool = Child.start(
                    "producer-performance-" + run.number,
                    Child.java(
                            List.of("-Xmx512m", "-cp", System.getProperty("java.class.path")),
                            "org.apache.kafka.tools.ProducerPerformance",
                            "--topic",
                            topic,
                            "--num-records",
                            Integer.toString(n),
                            "--record-size",
                            Long.toString(Math.max(1, run.dueValueBytes)),
                            "--throughput",
                            "-1",
                            "--producer-props",
                            "bootstrap.servers=" + bootstrap,
                            "acks=all",
                            "linger.ms=5",
                            "compression.type=lz4",
                            "enable.idempotence=true"),
                    Map.of(),
                    dir);
            long deadline = System.currentTimeMillis() + 120_000;
            while (reader.seen() < n && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            tool.await(1, TimeUnit.MINUTES);
            List<Long> times = new ArrayList<>(reader.firstSeen().values());
            times.sort(Comparator.naturalOrder());
            if (times.size() == n) {
                run.producerRate = n / Math.max(0.001, (times.getLast() - times.getFirst()) / 1000.0);
                run.producerSeconds = (times.getLast() - start) / 1000.0;
            }
            run.producerTool = tool.tail(1).strip();
        }
    }

    private void smtpSource(int messages, int length) throws Exception {
        Process p = new ProcessBuilder(
                        smtpSource.toString(),
                        "-d", // reuse each connection, as the notifier's pool does
                        "-s",
                        Integer.toString(SMTP_CONNECTIONS),
                        "-m",
                        Integer.toString(messages),
                        "-l",
                        Integer.toString(length),
                        "-f",
                        "checkins@example.org",
                        "-t",
                        "member@example.org",
                        "127.0.0.1:" + sink.port)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("smtp-source.log").toFile()))
                .start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("smtp-source failed; see " + dir.resolve("smtp-source.log"));
        }
    }

    private void waitForSink(long count, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (sink.count() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("smtp-sink counted " + sink.count() + ", expected " + count);
            }
            Thread.sleep(20);
        }
    }

    // ------------------------------------------------------------------ the end

    private void summarize() {
        say("");
        say(String.format(
                Locale.ROOT,
                "summary over %d runs (min / median / max), lag after the due instant, %,d members, %,d due:",
                results.size(),
                members,
                peak));
        for (String stage : List.of("checkin.due", "outreach.requests", "accepted by SMTP")) {
            List<Double> p50 = new ArrayList<>();
            List<Double> p99 = new ArrayList<>();
            List<Double> last = new ArrayList<>();
            for (Run r : results) {
                Lags l = switch (stage) {
                    case "checkin.due" -> r.onDue;
                    case "outreach.requests" -> r.onRequests;
                    default -> r.accepted;
                };
                p50.add(l.percentile(50) / 1000.0);
                p99.add(l.percentile(99) / 1000.0);
                last.add(l.last() / 1000.0);
            }
            say(String.format(
                    Locale.ROOT,
                    "  %-18s p50 %s s; p99 %s s; last %s s",
                    stage,
                    Lags.spread(p50, "%.1f"),
                    Lags.spread(p99, "%.1f"),
                    Lags.spread(last, "%.1f")));
        }
        List<Double> source = results.stream().map(r -> r.sourceSeconds).toList();
        List<Double> producer = results.stream().map(r -> r.producerRate).toList();
        say("  ceiling: smtp-source 100,000 messages in " + Lags.spread(source, "%.1f") + " s; ProducerPerformance "
                + Lags.spread(producer, "%,.0f") + " records/s");
        List<Double> last = results.stream()
                .map(r -> r.accepted.count() == peak ? r.accepted.last() / 1000.0 : Double.POSITIVE_INFINITY)
                .toList();
        double median = Lags.median(last);
        say(
                median <= 60
                        ? "target (last of " + peak
                                + " accepted by SMTP within 60 s of its due instant): MET at the median"
                        : "target (last of " + peak + " accepted by SMTP within 60 s of its due instant): MISSED at the"
                                + " median");
        System.out.printf(Locale.ROOT, "bench: pipeline last-s=%d%n", Math.round(median));
    }

    private synchronized void stopAll() {
        if (stopped) {
            return;
        }
        stopped = true;
        List<String> reverse = new ArrayList<>(services.keySet());
        java.util.Collections.reverse(reverse);
        for (String s : reverse) {
            services.get(s).close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (sink != null) {
            sink.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        for (String name : System.getProperty("bench.jfr", "").split(",")) {
            Path jfr = dir.resolve(name.strip() + ".jfr");
            if (!name.isBlank() && Files.exists(jfr)) {
                say("JFR recording of " + name + ": " + jfr + " (jfr view hot-methods " + jfr + ")");
            }
        }
    }

    private static void say(String line) {
        System.out.printf("%tT %s%n", System.currentTimeMillis(), line);
        System.out.flush();
    }

    private static void deleteTree(Path root) throws Exception {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
