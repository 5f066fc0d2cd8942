package org.aftercare.notifier.bench;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.aftercare.events.Ids;
import org.aftercare.events.Samples;
import org.aftercare.events.Topics;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.RecipientRole;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.infra.kafka.EmbeddedKafka;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.links.LinkSigner;
import org.aftercare.notifier.NotifierConfig;
import org.aftercare.notifier.NotifierService;
import org.aftercare.notifier.TestFixtures;
import org.aftercare.notifier.render.EmailRenderer;
import org.aftercare.notifier.render.RenderedEmail;
import org.aftercare.notifier.render.SignedLinks;
import org.aftercare.notifier.render.TemplateModel;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Emails per second end to end (intent on Kafka → consent → rendered → accepted by SMTP, with the
 * ledger write and the delivery report) against Postfix's {@code smtp-sink}, compared in the same
 * run with a bare Angus Mail loop sending the same rendered messages over the same number of
 * reused connections. Not a test: {@code ./mvnw -B -q -pl notifier -am -Pbench verify -DskipTests}.
 *
 * <p>Arguments (system properties): {@code bench.messages} (default 20000), {@code bench.members}
 * (2000), {@code bench.connections} (comma-separated, default "1,8"), {@code bench.smtpSink}
 * (default /usr/sbin/smtp-sink).
 */
public final class NotifierBenchmark {

    public static void main(String[] args) throws Exception {
        int messages = Integer.getInteger("bench.messages", 20_000);
        int members = Integer.getInteger("bench.members", 2_000);
        String[] connectionCounts =
                System.getProperty("bench.connections", "1,8").split(",");
        String sink = System.getProperty("bench.smtpSink", "/usr/sbin/smtp-sink");

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(sink, "-c"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "nobody")); // smtp-sink refuses to run as root
        }
        command.addAll(List.of("127.0.0.1:" + port, "1000"));
        Process smtpSink = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            waitForPort(port);
            String keys = LinkSigner.randomSpec("bench");
            List<MemberProfile> profiles = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                profiles.add(profile(UUID.randomUUID().toString()));
            }
            System.out.printf(
                    "notifier benchmark: %d messages, %d members, smtp-sink on 127.0.0.1:%d, JDK %s%n",
                    messages, members, port, Runtime.version());
            for (String c : connectionCounts) {
                int connections = Integer.parseInt(c.strip());
                List<OutreachRequest> intents = intents(profiles, messages);
                double bare = bareLoop(port, profiles, intents, keys, connections);
                double pipeline = pipeline(kafka, port, profiles, intents, keys, connections);
                System.out.printf(
                        "connections=%d  bare Angus loop: %.0f msg/s  notifier end to end: %.0f msg/s  "
                                + "ratio %.2f%n",
                        connections, bare, pipeline, pipeline / bare);
            }
        } finally {
            smtpSink.destroy();
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

    /** The baseline: the same rendered emails, plain Angus Mail, one reused Transport per thread. */
    private static double bareLoop(
            int port, List<MemberProfile> profiles, List<OutreachRequest> intents, String keys, int connections)
            throws Exception {
        Map<String, MemberProfile> byId = new HashMap<>();
        profiles.forEach(p -> byId.put(p.memberId(), p));
        EmailRenderer renderer = new EmailRenderer();
        TemplateModel models = new TemplateModel(new SignedLinks(
                LinkSigner.fromSpec(keys, Clock.systemUTC()),
                "https://checkin.example.org",
                Duration.ofDays(1),
                Clock.systemUTC()));
        List<RenderedEmail> rendered = new ArrayList<>();
        List<String> to = new ArrayList<>();
        for (OutreachRequest r : intents) {
            MemberProfile p = byId.get(r.memberId());
            rendered.add(renderer.render(r.kind(), RecipientRole.MEMBER, Locale.ENGLISH, models.forMember(r, p)));
            to.add(p.email());
        }
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(port));
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "10000");
        props.put("mail.smtp.writetimeout", "10000");
        Session session = Session.getInstance(props);
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long started = System.nanoTime();
        List<Future<?>> tasks = new ArrayList<>();
        for (int t = 0; t < connections; t++) {
            int first = t;
            tasks.add(pool.submit(() -> {
                try (Transport transport = session.getTransport("smtp")) {
                    transport.connect();
                    for (int i = first; i < rendered.size(); i += connections) {
                        RenderedEmail e = rendered.get(i);
                        MimeMessage m = new MimeMessage(session);
                        m.setFrom(new InternetAddress("checkins@example.org", "Check-in", "UTF-8"));
                        m.setRecipient(Message.RecipientType.TO, new InternetAddress(to.get(i)));
                        m.setSubject(e.subject(), "UTF-8");
                        MimeBodyPart text = new MimeBodyPart();
                        text.setText(e.text(), "UTF-8", "plain");
                        MimeBodyPart html = new MimeBodyPart();
                        html.setText(e.html(), "UTF-8", "html");
                        MimeMultipart alt = new MimeMultipart("alternative");
                        alt.addBodyPart(text);
                        alt.addBodyPart(html);
                        m.setContent(alt);
                        m.saveChanges();
                        transport.sendMessage(m, m.getAllRecipients());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : tasks) {
            f.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        return rendered.size() / seconds;
    }

    /** The notifier: intents published to Kafka, timed until every one is reported sent. */
    private static double pipeline(
            EmbeddedKafka kafka,
            int port,
            List<MemberProfile> profiles,
            List<OutreachRequest> intents,
            String keys,
            int connections)
            throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("OUTREACH_NOTIFIER_GROUP_ID", "bench-" + UUID.randomUUID());
        env.put("OUTREACH_NOTIFIER_HTTP_PORT", "0");
        env.put("OUTREACH_SMTP_HOST", "127.0.0.1");
        env.put("OUTREACH_SMTP_PORT", Integer.toString(port));
        env.put("OUTREACH_SMTP_POOL_SIZE", Integer.toString(connections));
        env.put("OUTREACH_NOTIFIER_MAX_POLL_RECORDS", "500");
        env.put("OUTREACH_MAIL_FROM", "checkins@example.org");
        env.put("OUTREACH_LINK_KEYS", keys);
        env.put("OUTREACH_ADDRESS_HASH_KEY", TestFixtures.ADDRESS_HASH_KEY);
        env.put("OUTREACH_LOG_LEVEL", "WARN");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ProducerConfig.LINGER_MS_CONFIG,
                        5),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (MemberProfile p : profiles) {
                producer.send(new ProducerRecord<>(
                        Topics.MEMBER_PROFILE.name(),
                        key(p.memberId()),
                        Topics.MEMBER_PROFILE.valueSerde().serializer().serialize(Topics.MEMBER_PROFILE.name(), p)));
            }
            producer.flush();
            try (NotifierService notifier = NotifierService.start(NotifierConfig.from(Settings.of(env), env))) {
                await().atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(50))
                        .until(notifier::isReady);
                long started = System.nanoTime();
                for (OutreachRequest r : intents) {
                    producer.send(new ProducerRecord<>(
                            Topics.OUTREACH_REQUESTS.name(),
                            key(r.memberId()),
                            Topics.OUTREACH_REQUESTS
                                    .valueSerde()
                                    .serializer()
                                    .serialize(Topics.OUTREACH_REQUESTS.name(), r)));
                }
                producer.flush();
                await().atMost(Duration.ofMinutes(30))
                        .pollInterval(Duration.ofMillis(10))
                        .until(() -> sent(notifier) >= intents.size());
                double seconds = (System.nanoTime() - started) / 1e9;
                return intents.size() / seconds;
            }
        }
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
