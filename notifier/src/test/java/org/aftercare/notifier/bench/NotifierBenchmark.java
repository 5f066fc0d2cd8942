package org.aftercare.notifier.bench;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.aftercare.events.Ids;
import org.aftercare.events.Samples;
import org.aftercare.events.Topics;
import org.aftercare.events.outreach.DeliveryEvent;
import org.aftercare.events.outreach.DeliveryOutcome;
import org.aftercare.events.outreach.DeliveryReport;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.RecipientRole;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.infra.kafka.EmbeddedKafka;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.kafka.TopicSetup;
import org.aftercare.kit.links.LinkSigner;
import org.aftercare.notifier.NotifierConfig;
import org.aftercare.notifier.NotifierService;
import org.aftercare.notifier.TestFixtures;
import org.aftercare.notifier.render.EmailRenderer;
import org.aftercare.notifier.render.RenderedEmail;
import org.aftercare.notifier.render.SignedLinks;
import org.aftercare.notifier.render.TemplateModel;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Emails per second end to end, against Postfix's {@code smtp-sink}, compared in the same run with
 * a bare Angus Mail loop. Not a test: {@code ./mvnw -B -q -pl notifier -am -Pbench verify -DskipTests}.
 *
 * <p>Each case (a run, a connection count) gets a fresh broker, so every side reads its own topic
 * with its own consumer group and nothing of an earlier case. Both sides take the same shape:
 * {@code bench.warmup} intents first (same JIT, same reused connections), then
 * {@code bench.messages} timed ones, published by the same producer. The clock starts before the
 * first timed intent is published and stops when the work is durable, checked by the same watcher
 * for both: the side's consumer group has committed the end of its topic, and, for the notifier,
 * every delivery report and ledger entry of the timed intents is readable by a
 * {@code read_committed} consumer.
 *
 * <ul>
 *   <li><b>Bare loop</b>: a consumer group reads the intents from its own topic, each record's
 *       pre-rendered email (rendering not timed) is built into the same MIME message as the
 *       notifier's (multipart/alternative, the same headers, 8-bit bodies when the relay announces
 *       8BITMIME) and sent over N reused Angus
 *       {@link Transport}s (one member's intents on one connection, members in parallel), then the
 *       batch's offsets are committed.
 *   <li><b>Notifier</b>: {@link NotifierService} with {@code OUTREACH_SMTP_POOL_SIZE} = N reads
 *       {@code outreach.requests}: consent check, render, sign links, SMTP, ledger, report.
 * </ul>
 *
 * <p>The {@code jakarta.mail.util.StreamProvider} property is set on the command line (the bench
 * profile), so no side pays Jakarta Mail's classpath scans.
 *
 * <p>Arguments (system properties): {@code bench.messages} (default 20000), {@code bench.warmup}
 * (3000), {@code bench.runs} (3), {@code bench.members} (2000), {@code bench.connections}
 * (comma-separated, default "1,8"), {@code bench.sides} ("bare,notifier"; through
 * {@code -Dbench.jvm.extra}, e.g. to profile one side), {@code bench.smtpSink} (default /usr/sbin/smtp-sink).
 */
public final class NotifierBenchmark {

    private static final String INDEX = "bench-index";
    private static final Duration WATCH = Duration.ofMillis(10);

    private record Figures(double bare, double notifier) {}

    public static void main(String[] args) throws Exception {
        int messages = Integer.getInteger("bench.messages", 20_000);
        int warmup = Integer.getInteger("bench.warmup", 3_000);
        int runs = Integer.getInteger("bench.runs", 3);
        int members = Integer.getInteger("bench.members", 2_000);
        List<Integer> connectionCounts = Arrays.stream(
                        System.getProperty("bench.connections", "1,8").split(","))
                .map(s -> Integer.parseInt(s.strip()))
                .toList();
        Set<String> sides =
                Set.of(System.getProperty("bench.sides", "bare,notifier").split(","));
        String sink = System.getProperty("bench.smtpSink", "/usr/sbin/smtp-sink");
        // OUTREACH_LOG_LEVEL=WARN as a deployment sets it: no line per email on either side (the
        // test classpath's logback-test.xml would log every send at INFO).
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        // A fresh topic's first produce requests may meet "not leader" and are retried: not worth a line each.
        ((ch.qos.logback.classic.Logger)
                        org.slf4j.LoggerFactory.getLogger("org.apache.kafka.clients.producer.internals.Sender"))
                .setLevel(ch.qos.logback.classic.Level.ERROR);
        if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
            throw new IllegalStateException(
                    "run with -Djakarta.mail.util.StreamProvider=... (the bench profile sets it)");
        }

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(sink));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "nobody")); // smtp-sink refuses to run as root
        }
        command.addAll(List.of("127.0.0.1:" + port, "1000"));
        Process smtpSink = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Map<Integer, List<Figures>> results = new HashMap<>();
        try {
            waitForPort(port);
            String keys = LinkSigner.randomSpec("bench");
            List<MemberProfile> profiles = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                profiles.add(profile(UUID.randomUUID().toString()));
            }
            System.out.printf(
                    "notifier benchmark: %d timed + %d warm-up messages per case, %d runs, %d members, "
                            + "smtp-sink on 127.0.0.1:%d, JDK %s, load average %s%n",
                    messages, warmup, runs, members, port, Runtime.version(), loadAverage());
            for (int run = 1; run <= runs; run++) {
                for (int connections : connectionCounts) {
                    List<OutreachRequest> warm = intents(profiles, warmup);
                    List<OutreachRequest> timed = intents(profiles, messages);
                    double bare = Double.NaN;
                    double ours = Double.NaN;
                    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
                        // Alternate which side goes first, so neither always has the fresher broker.
                        boolean bareFirst = run % 2 == 1;
                        if (bareFirst && sides.contains("bare")) {
                            bare = bareLoop(kafka, port, profiles, warm, timed, keys, connections);
                        }
                        if (sides.contains("notifier")) {
                            ours = notifier(kafka, port, profiles, warm, timed, keys, connections);
                        }
                        if (!bareFirst && sides.contains("bare")) {
                            bare = bareLoop(kafka, port, profiles, warm, timed, keys, connections);
                        }
                    }
                    results.computeIfAbsent(connections, c -> new ArrayList<>()).add(new Figures(bare, ours));
                    System.out.printf(
                            "run %d connections=%d  bare Angus loop: %.0f msg/s  notifier end to end: %.0f msg/s  "
                                    + "ratio %.2f  (load average %s)%n",
                            run, connections, bare, ours, ours / bare, loadAverage());
                }
            }
        } finally {
            smtpSink.destroy();
        }
        double lowest = Double.MAX_VALUE;
        for (int connections : connectionCounts) {
            List<Figures> f = results.get(connections);
            double[] ratios =
                    f.stream().mapToDouble(x -> x.notifier() / x.bare()).toArray();
            System.out.printf(
                    "connections=%d over %d runs: bare %s msg/s, notifier %s msg/s, ratio %s (min / median / max)%n",
                    connections,
                    f.size(),
                    spread(f.stream().mapToDouble(Figures::bare).toArray(), "%.0f"),
                    spread(f.stream().mapToDouble(Figures::notifier).toArray(), "%.0f"),
                    spread(ratios, "%.2f"));
            lowest = Math.min(lowest, median(ratios));
        }
        System.out.printf(Locale.ROOT, "bench: notifier median-ratio=%.2f%n", lowest);
        System.exit(0); // non-daemon threads of the brokers' kits must not keep the JVM
    }

    private static String spread(double[] values, String format) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, format, sorted[0])
                + " / " + String.format(Locale.ROOT, format, median(values))
                + " / " + String.format(Locale.ROOT, format, sorted[sorted.length - 1]);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String loadAverage() {
        try {
            return String.join(
                    " ",
                    Arrays.copyOf(
                            java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                                    .strip()
                                    .split(" "),
                            3));
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static MemberProfile profile(String memberId) {
        MemberProfile s = Samples.memberProfile();
        return new MemberProfile(
                "profile:" + memberId + ":1",
                MemberProfile.SCHEMA_VERSION,
                Instant.now(),
                memberId,
                1,
                "EXT",
                "Sam",
                "m-" + memberId + "@example.org",
                s.timeZone(),
                "en",
                MemberStatus.ACTIVE,
                s.treatmentEndedOn(),
                s.recoveryStartDate(),
                s.plan(),
                s.copingPlan(),
                List.of(),
                s.preferences());
    }

    private static List<OutreachRequest> intents(List<MemberProfile> profiles, int messages) {
        Instant due = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String run = UUID.randomUUID().toString();
        List<OutreachRequest> intents = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            MemberProfile p = profiles.get(i % profiles.size());
            String checkInId = Ids.checkInId(p.memberId(), due.plusSeconds(i));
            intents.add(OutreachRequest.builder(
                            p.memberId(), Ids.notificationId(run, checkInId), OutreachKind.CHECK_IN_PROMPT)
                    .urgency(Urgency.SCHEDULED)
                    .checkInId(checkInId)
                    .expiresAt(due.plus(Duration.ofHours(6)))
                    .build(due));
        }
        return intents;
    }

    private static Map<String, Object> producerConfig(EmbeddedKafka kafka) {
        // Not idempotent: on a topic created a moment ago the first requests may meet "not leader",
        // and the idempotent producer's retries then ran into out-of-order sequence errors for good.
        // One request in flight keeps the retries in order.
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                false,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                1);
    }

    /** Publishes intents (the same bytes for both sides), each with its index in a header, and waits for the acks. */
    private static void publish(KafkaProducer<byte[], byte[]> producer, String topic, List<OutreachRequest> intents) {
        for (int i = 0; i < intents.size(); i++) {
            OutreachRequest r = intents.get(i);
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                    topic,
                    key(r.memberId()),
                    Topics.OUTREACH_REQUESTS.valueSerde().serializer().serialize(topic, r));
            record.headers().add(INDEX, ByteBuffer.allocate(4).putInt(i).array());
            producer.send(record);
        }
        producer.flush();
    }

    // ---------------------------------------------------------------- the bare loop

    /** The baseline: the same emails, rendered beforehand; a consumer group, plain Angus Mail, N reused Transports. */
    private static double bareLoop(
            EmbeddedKafka kafka,
            int port,
            List<MemberProfile> profiles,
            List<OutreachRequest> warm,
            List<OutreachRequest> timed,
            String keys,
            int connections)
            throws Exception {
        String topic = "bench.bare." + UUID.randomUUID();
        String group = "bench-bare-" + UUID.randomUUID();
        try (Admin admin = admin(kafka)) {
            // As many partitions as the notifier's outreach.requests.
            Map<String, String> env = env(kafka, port, keys, connections, group);
            int partitions = NotifierConfig.from(Settings.of(env), env).kafka().partitions();
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        BareLoop loop = new BareLoop(kafka, port, topic, group, profiles, keys, connections);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(producerConfig(kafka), new ByteArraySerializer(), new ByteArraySerializer())) {
            loop.emails(warm);
            loop.start();
            DurableWatch warmed = new DurableWatch(kafka, group, topic, warm.size(), false);
            publish(producer, topic, warm);
            warmed.await();
            loop.emails(timed);
            DurableWatch watch = new DurableWatch(kafka, group, topic, timed.size(), false);
            long started = System.nanoTime();
            publish(producer, topic, timed);
            watch.await();
            double seconds = (System.nanoTime() - started) / 1e9;
            if (loop.sent() != warm.size() + timed.size()) {
                throw new IllegalStateException("bare loop sent " + loop.sent() + " emails");
            }
            return timed.size() / seconds;
        } finally {
            loop.close();
        }
    }

    /** The bare loop's consumer thread and its N connection threads. */
    private static final class BareLoop implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final String topic;
        private final Session session;
        private volatile boolean eightBit;
        private final int connections;
        private final ExecutorService pool;
        private final List<Transport> transports = new ArrayList<>();
        private final Map<String, MemberProfile> byId = new HashMap<>();
        private final EmailRenderer renderer = new EmailRenderer();
        private final TemplateModel models;
        private final Thread thread;
        private volatile List<RenderedEmail> rendered = List.of();
        private volatile List<String> to = List.of();
        private volatile boolean running = true;
        private volatile Throwable failure;
        private final java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();

        BareLoop(
                EmbeddedKafka kafka,
                int port,
                String topic,
                String group,
                List<MemberProfile> profiles,
                String keys,
                int connections) {
            this.topic = topic;
            this.connections = connections;
            Map<String, Object> config = new HashMap<>();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
            this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            profiles.forEach(p -> byId.put(p.memberId(), p));
            this.models = new TemplateModel(new SignedLinks(
                    LinkSigner.fromSpec(keys, Clock.systemUTC()),
                    "https://checkin.example.org",
                    Duration.ofDays(1),
                    Clock.systemUTC()));
            Properties props = new Properties();
            props.put("mail.smtp.host", "127.0.0.1");
            props.put("mail.smtp.port", Integer.toString(port));
            props.put("mail.smtp.connectiontimeout", "10000");
            props.put("mail.smtp.timeout", "10000");
            props.put("mail.smtp.writetimeout", "10000");
            props.put("mail.smtp.from", "checkins@example.org");
            props.put("mail.smtp.localhost", "example.org");
            this.session = Session.getInstance(props);
            this.pool = Executors.newFixedThreadPool(connections);
            this.thread =
                    Thread.ofPlatform().name("bench-bare-loop").daemon(true).unstarted(this::run);
        }

        /** Renders the emails of the next intents to come (not timed: the loop only sends). */
        void emails(List<OutreachRequest> intents) {
            List<RenderedEmail> r = new ArrayList<>();
            List<String> t = new ArrayList<>();
            for (OutreachRequest request : intents) {
                MemberProfile p = byId.get(request.memberId());
                r.add(renderer.render(
                        request.kind(), RecipientRole.MEMBER, Locale.ENGLISH, models.forMember(request, p)));
                t.add(p.email());
            }
            rendered = r;
            to = t;
        }

        void start() throws Exception {
            for (int i = 0; i < connections; i++) {
                Transport transport = session.getTransport("smtp");
                transport.connect();
                transports.add(transport);
                // The same encoding as the notifier's: 8-bit bodies when the relay announces 8BITMIME.
                eightBit = ((SMTPTransport) transport).supportsExtension("8BITMIME");
            }
            consumer.subscribe(List.of(topic));
            thread.start();
        }

        long sent() {
            if (failure != null) {
                throw new IllegalStateException("bare loop failed", failure);
            }
            return sent.get();
        }

        private void run() {
            try {
                while (running) {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                    if (records.isEmpty()) {
                        continue;
                    }
                    // One member's intents on one connection, in order; members spread over the connections.
                    List<List<ConsumerRecord<byte[], byte[]>>> shares = new ArrayList<>();
                    for (int i = 0; i < connections; i++) {
                        shares.add(new ArrayList<>());
                    }
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        shares.get(Math.floorMod(Arrays.hashCode(record.key()), connections))
                                .add(record);
                    }
                    List<RenderedEmail> emails = rendered;
                    List<String> addresses = to;
                    List<Future<?>> tasks = new ArrayList<>();
                    for (int i = 0; i < connections; i++) {
                        Transport transport = transports.get(i);
                        List<ConsumerRecord<byte[], byte[]>> share = shares.get(i);
                        tasks.add(pool.submit(() -> {
                            for (ConsumerRecord<byte[], byte[]> record : share) {
                                Header h = record.headers().lastHeader(INDEX);
                                int index = ByteBuffer.wrap(h.value()).getInt();
                                send(transport, emails.get(index), addresses.get(index));
                            }
                            return null;
                        }));
                    }
                    for (Future<?> task : tasks) {
                        task.get();
                    }
                    consumer.commitSync();
                }
            } catch (org.apache.kafka.common.errors.WakeupException e) {
                // Closing.
            } catch (Throwable e) {
                failure = e;
            }
        }

        private void send(Transport transport, RenderedEmail e, String address) throws Exception {
            SMTPMessage m = new SMTPMessage(session);
            m.setFrom(new InternetAddress("checkins@example.org", "Check-in", "UTF-8"));
            m.setRecipient(Message.RecipientType.TO, new InternetAddress(address, true));
            m.setSubject(e.subject(), "UTF-8");
            m.setHeader("List-Unsubscribe", "<https://checkin.example.org/u>");
            m.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            MimeBodyPart text;
            MimeBodyPart html;
            if (eightBit) {
                // As the notifier builds them: each part from its UTF-8 bytes, marked 8bit.
                text = eightBitPart(e.text(), "plain");
                html = eightBitPart(e.html(), "html");
                m.setMailExtension("BODY=8BITMIME");
            } else {
                text = new MimeBodyPart();
                text.setText(e.text(), "UTF-8", "plain");
                html = new MimeBodyPart();
                html.setText(e.html(), "UTF-8", "html");
            }
            MimeMultipart alt = new MimeMultipart("alternative");
            alt.addBodyPart(text);
            alt.addBodyPart(html);
            m.setContent(alt);
            m.saveChanges();
            transport.sendMessage(m, m.getAllRecipients());
            sent.incrementAndGet();
        }

        private static MimeBodyPart eightBitPart(String body, String subtype) throws Exception {
            InternetHeaders headers = new InternetHeaders();
            headers.addHeader("Content-Type", "text/" + subtype + "; charset=UTF-8");
            headers.addHeader("Content-Transfer-Encoding", "8bit");
            return new MimeBodyPart(headers, body.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() throws Exception {
            running = false;
            consumer.wakeup();
            thread.join(10_000);
            consumer.close(Duration.ofSeconds(5));
            pool.shutdownNow();
            for (Transport t : transports) {
                t.close();
            }
        }
    }

    // ---------------------------------------------------------------- the notifier

    /** The notifier: intents published to {@code outreach.requests}, timed until their work is durable. */
    private static double notifier(
            EmbeddedKafka kafka,
            int port,
            List<MemberProfile> profiles,
            List<OutreachRequest> warm,
            List<OutreachRequest> timed,
            String keys,
            int connections)
            throws Exception {
        String group = "bench-notifier-" + UUID.randomUUID();
        Map<String, String> env = env(kafka, port, keys, connections, group);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(producerConfig(kafka), new ByteArraySerializer(), new ByteArraySerializer())) {
            NotifierConfig config = NotifierConfig.from(Settings.of(env), env);
            // The topics as the services create them (6 partitions), before the first profile would auto-create one.
            List<org.aftercare.events.Topic<?>> topics = new ArrayList<>(Topics.ALL);
            topics.addAll(Topics.NOTIFIER_INTERNAL);
            TopicSetup.ensure(config.kafka(), topics);
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> producer.partitionsFor(Topics.MEMBER_PROFILE.name()).stream()
                            .allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
            for (MemberProfile p : profiles) {
                producer.send(new ProducerRecord<>(
                        Topics.MEMBER_PROFILE.name(),
                        key(p.memberId()),
                        Topics.MEMBER_PROFILE.valueSerde().serializer().serialize(Topics.MEMBER_PROFILE.name(), p)));
            }
            producer.flush();
            try (NotifierService notifier = NotifierService.start(config)) {
                await().atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(50))
                        .until(notifier::isReady);
                String topic = Topics.OUTREACH_REQUESTS.name();
                DurableWatch warmed = new DurableWatch(kafka, group, topic, warm.size(), true);
                publish(producer, topic, warm);
                warmed.await();
                DurableWatch watch = new DurableWatch(kafka, group, topic, timed.size(), true);
                long started = System.nanoTime();
                publish(producer, topic, timed);
                watch.await();
                double seconds = (System.nanoTime() - started) / 1e9;
                watch.checkAllSent(kafka, timed);
                double counted = sent(notifier);
                if (counted != warm.size() + timed.size()) {
                    throw new IllegalStateException("notifier counted " + counted + " sent");
                }
                return timed.size() / seconds;
            }
        }
    }

    /** The notifier's settings: production defaults but for addresses, pool size and keys. */
    private static Map<String, String> env(EmbeddedKafka kafka, int port, String keys, int connections, String group) {
        Map<String, String> env = new HashMap<>();
        env.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("OUTREACH_NOTIFIER_GROUP_ID", group);
        env.put("OUTREACH_NOTIFIER_HTTP_PORT", "0");
        env.put("OUTREACH_SMTP_HOST", "127.0.0.1");
        env.put("OUTREACH_SMTP_PORT", Integer.toString(port));
        env.put("OUTREACH_SMTP_POOL_SIZE", Integer.toString(connections));
        env.put("OUTREACH_NOTIFIER_MAX_POLL_RECORDS", "500");
        env.put("OUTREACH_MAIL_FROM", "checkins@example.org");
        env.put("OUTREACH_LINK_KEYS", keys);
        env.put("OUTREACH_ADDRESS_HASH_KEY", TestFixtures.ADDRESS_HASH_KEY);
        env.put("OUTREACH_LOG_LEVEL", "WARN");
        return env;
    }

    /**
     * Waits until a side's work on {@code expected} intents is durable: its group committed the end
     * of its topic and, for the notifier, {@code expected} more delivery reports and {@code sent:}
     * ledger entries are readable with {@code read_committed} than when the watch was made.
     * Everything it needs is looked up before the clock starts, except the offsets it watches.
     */
    private static final class DurableWatch implements AutoCloseable {
        private final Admin admin;
        private final KafkaConsumer<byte[], byte[]> offsets;
        private final String topic;
        private final int expected;
        private final KafkaConsumer<byte[], byte[]> reader;
        private final Map<TopicPartition, Long> topicStart;
        private final Map<TopicPartition, Long> watchedStart;

        DurableWatch(EmbeddedKafka kafka, String groupId, String topic, int expected, boolean notifier)
                throws Exception {
            this.admin = admin(kafka);
            this.topic = topic;
            this.expected = expected;
            this.topicStart = endOffsets(admin, partitions(topic));
            // Reads the group's committed offsets (never joins it): the coordinator is looked up once.
            Map<String, Object> group = new HashMap<>();
            group.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            group.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
            group.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            this.offsets = new KafkaConsumer<>(group, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            if (notifier) {
                Map<String, Object> config = new HashMap<>();
                config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
                config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
                config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
                config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
                this.reader = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                List<TopicPartition> watched = new ArrayList<>(partitions(Topics.OUTREACH_DELIVERIES.name()));
                watched.addAll(partitions(Topics.NOTIFIER_LEDGER.name()));
                reader.assign(watched);
                this.watchedStart = endOffsets(admin, watched);
            } else {
                this.reader = null;
                this.watchedStart = Map.of();
            }
        }

        void await() throws Exception {
            try {
                long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
                while (System.nanoTime() < deadline) {
                    if (committedToEnd() && (reader == null || readable())) {
                        return;
                    }
                    Thread.sleep(WATCH.toMillis());
                }
                throw new IllegalStateException("work not durable within 30 minutes");
            } finally {
                close();
            }
        }

        /**
         * True when {@code expected} more reports and as many more ledger records are below the last
         * stable offset, so a {@code read_committed} consumer can read them (read afterwards, off
         * the clock, by {@link #checkAllSent}).
         */
        private boolean readable() {
            Map<TopicPartition, Long> ends = reader.endOffsets(watchedStart.keySet(), Duration.ofSeconds(10));
            long reports = 0;
            long ledger = 0;
            for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
                long added = e.getValue() - watchedStart.get(e.getKey());
                if (e.getKey().topic().equals(Topics.OUTREACH_DELIVERIES.name())) {
                    reports += added;
                } else {
                    ledger += added;
                }
            }
            return reports >= expected && ledger >= expected;
        }

        private boolean committedToEnd() {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    offsets.committed(topicStart.keySet(), Duration.ofSeconds(10));
            long done = 0;
            long start = 0;
            for (Map.Entry<TopicPartition, Long> e : topicStart.entrySet()) {
                OffsetAndMetadata o = committed.get(e.getKey());
                done += o == null ? 0 : o.offset();
                start += e.getValue();
            }
            return done >= start + expected;
        }

        /** After the clock stopped: every timed intent was reported sent, once. */
        void checkAllSent(EmbeddedKafka kafka, List<OutreachRequest> timed) {
            Set<String> ids =
                    timed.stream().map(OutreachRequest::notificationId).collect(Collectors.toSet());
            Set<String> sent = new HashSet<>();
            Set<String> ledger = new HashSet<>();
            List<ConsumerRecord<byte[], byte[]>> reports = new ArrayList<>();
            Map<String, Object> config = new HashMap<>();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            try (KafkaConsumer<byte[], byte[]> check =
                    new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                check.assign(watchedStart.keySet());
                watchedStart.forEach(check::seek);
                long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                while ((reports.size() < ids.size() || ledger.size() < ids.size()) && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : check.poll(Duration.ofMillis(200))) {
                        if (r.topic().equals(Topics.OUTREACH_DELIVERIES.name())) {
                            reports.add(r);
                        } else {
                            String key = new String(r.key(), StandardCharsets.UTF_8);
                            if (!key.startsWith("sent:") || !ids.contains(key.substring(5))) {
                                throw new IllegalStateException("unexpected ledger entry");
                            }
                            ledger.add(key);
                        }
                    }
                }
            }
            for (ConsumerRecord<byte[], byte[]> r : reports) {
                DeliveryEvent e =
                        Topics.OUTREACH_DELIVERIES.valueSerde().deserializer().deserialize(r.topic(), r.value());
                DeliveryReport report = (DeliveryReport) e;
                if (report.outcome() != DeliveryOutcome.SENT
                        || !ids.contains(report.notificationId())
                        || !sent.add(report.notificationId())) {
                    throw new IllegalStateException("unexpected report: " + report.outcome() + " " + report.reason());
                }
            }
            if (sent.size() != ids.size() || ledger.size() != ids.size()) {
                throw new IllegalStateException(
                        sent.size() + " of " + ids.size() + " reported sent, " + ledger.size() + " in the ledger");
            }
        }

        private List<TopicPartition> partitions(String name) throws Exception {
            return admin
                    .describeTopics(List.of(name))
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .get(name)
                    .partitions()
                    .stream()
                    .map(p -> new TopicPartition(name, p.partition()))
                    .toList();
        }

        @Override
        public void close() {
            if (reader != null) {
                reader.close(Duration.ofSeconds(5));
            }
            offsets.close(Duration.ofSeconds(5));
            admin.close(Duration.ofSeconds(5));
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, List<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    private static Admin admin(EmbeddedKafka kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static double sent(NotifierService notifier) {
        return notifier.registry().find("outreach.emails.sent").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private static byte[] key(String memberId) {
        return memberId.getBytes(StandardCharsets.UTF_8);
    }

    private static void waitForPort(int port) {
        await("smtp-sink listening on port " + port)
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    try (Socket s = new Socket("127.0.0.1", port)) {
                        return true;
                    }
                });
    }
}
