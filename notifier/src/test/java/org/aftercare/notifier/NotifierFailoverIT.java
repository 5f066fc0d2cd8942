package org.aftercare.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.MessagingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.aftercare.events.Ids;
import org.aftercare.events.Samples;
import org.aftercare.events.Topics;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.infra.kafka.EmbeddedKafka;
import org.aftercare.infra.process.ChildJvm;
import org.aftercare.infra.smtp.EmbeddedSmtp;
import org.aftercare.infra.smtp.ReceivedMessage;
import org.aftercare.kit.kafka.GroupMembership;
import org.aftercare.kit.kafka.KafkaSettings;
import org.aftercare.kit.kafka.TopicSetup;
import org.aftercare.kit.links.LinkSigner;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Failover of a real notifier process: the notifier runs as {@link NotifierMain} in a JVM of its
 * own, against a broker and an SMTP server in this one, while intents keep arriving. It is killed
 * with SIGKILL mid-stream and started again at once under the same {@code
 * OUTREACH_KAFKA_GROUP_INSTANCE_ID}, three times. Every intent must arrive, none twice beyond the
 * window the notifier's README documents (an email whose ledger entry the broker had not yet
 * acknowledged when the process died is sent again, with the same Message-ID), and delivery must
 * resume after each kill. How long that took (kill to the first email of the restarted process) is
 * printed and written to {@code target/failover/notifier.txt}; it is measured, never asserted
 * (docs/operations.md, "Failover").
 *
 * <p>Its own broker, so nothing other test classes left on the topics is in the way of the
 * measurement. {@code -Doutreach.failover.membership=dynamic} runs the same with dynamic membership,
 * the comparison in the docs.
 */
class NotifierFailoverIT {

    private static final int KILLS = 3;
    /** Emails the running process must have delivered before it is killed: it is mid-stream. */
    private static final int DELIVERED_BEFORE_KILL = 15;
    /** One intent every 40 ms while the test runs: the notifier keeps up, and a backlog grows while it is down. */
    private static final Duration PACE = Duration.ofMillis(40);

    private static final Duration OLD_PROCESS_TAIL = Duration.ofMillis(500);
    private static final int SMTP_POOL = 2;
    /**
     * How long before a kill the first copy of a repeated email may have been sent: the time from
     * the server's acceptance to the broker's acknowledgement of the ledger entry, generously
     * bounded for a loaded machine (a repeat of anything older would mean a lost ledger entry).
     */
    private static final Duration REPEAT_WINDOW = Duration.ofSeconds(5);
    /** Guards against hanging only; the figures go to the docs. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(90);

    private static EmbeddedKafka kafka;
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        // As the deployments do: the topics exist, with their partitions, before anything is published.
        TopicSetup.ensureAll(
                new KafkaSettings(kafka.bootstrapServers(), Topics.DEFAULT_PARTITIONS, (short) 1, Map.of()));
        producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ProducerConfig.LINGER_MS_CONFIG,
                        0),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    @AfterAll
    static void stopBroker() {
        if (producer != null) {
            producer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aNotifierKilledMidStreamAndRestartedUnderItsNameResumesAndSendsEveryIntentOnce() throws Exception {
        boolean dynamic = "dynamic".equals(System.getProperty("outreach.failover.membership"));
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path logs = Path.of("target", "failover");
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        List<Duration> resumes = new ArrayList<>();
        List<Instant> kills = new ArrayList<>();
        List<String> published = new CopyOnWriteArrayList<>();

        try (EmbeddedSmtp smtp = EmbeddedSmtp.start(0)) {
            Map<String, String> env = environment(smtp.port(), "failover-" + run);
            if (!dynamic) {
                env.put(GroupMembership.INSTANCE_ID, "notifier-failover-" + run);
            }
            ScheduledExecutorService feed = Executors.newSingleThreadScheduledExecutor();
            feed.scheduleAtFixedRate(() -> feed(published), 0, PACE.toMillis(), TimeUnit.MILLISECONDS);
            ChildJvm notifier = ChildJvm.start(NotifierMain.class, env, logs.resolve("notifier-" + run + ".log"));
            try {
                for (int kill = 1; kill <= KILLS; kill++) {
                    int before = ours(smtp).size();
                    await().atMost(HANG_GUARD).until(() -> ours(smtp).size() >= before + DELIVERED_BEFORE_KILL);

                    notifier.kill(Duration.ofSeconds(30));
                    Instant dead = Instant.now();
                    kills.add(dead);
                    notifier = ChildJvm.start(NotifierMain.class, env, notifier.log());
                    // The server may still be storing what the dead process finished sending; no new
                    // JVM delivers anything within half a second of its start.
                    Instant fresh = dead.plus(OLD_PROCESS_TAIL);
                    await().atMost(HANG_GUARD)
                            .alias("delivery resumed after kill " + kill)
                            .until(() -> firstAfter(smtp, fresh) != null);
                    resumes.add(Duration.between(dead, firstAfter(smtp, fresh).receivedAt()));
                }
                feed.shutdown();
                assertThat(feed.awaitTermination(HANG_GUARD.toSeconds(), TimeUnit.SECONDS))
                        .isTrue();

                // Nothing lost: every intent published arrives, the backlog of each outage included.
                await().atMost(HANG_GUARD)
                        .alias("every intent delivered")
                        .until(() -> ours(smtp).stream()
                                .map(NotifierFailoverIT::recipient)
                                .collect(Collectors.toSet())
                                .containsAll(published.stream()
                                        .map(NotifierFailoverIT::address)
                                        .toList()));
            } finally {
                feed.shutdownNow();
                notifier.close();
            }

            Map<String, List<ReceivedMessage>> copies =
                    ours(smtp).stream().collect(Collectors.groupingBy(NotifierFailoverIT::recipient));
            Map<String, List<ReceivedMessage>> repeated = copies.entrySet().stream()
                    .filter(e -> e.getValue().size() > 1)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            String report = report(dynamic, load, resumes, published.size(), repeated.size());
            System.out.println(report);
            Files.createDirectories(logs);
            Files.writeString(
                    logs.resolve(dynamic ? "notifier-dynamic.txt" : "notifier.txt"),
                    report + "\n",
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);

            assertThat(copies.keySet())
                    .as("an email for every intent, none for anyone else")
                    .containsExactlyInAnyOrderElementsOf(
                            published.stream().map(NotifierFailoverIT::address).toList());
            // The documented window: a send the server accepted but whose ledger entry the broker had
            // not acknowledged when the process died is sent again by the next one, with the same
            // Message-ID. So a repeat is one more copy, of an email sent just before a kill.
            assertThat(repeated.values()).allSatisfy(twice -> {
                assertThat(twice).hasSize(2);
                assertThat(messageId(twice.get(1))).isEqualTo(messageId(twice.get(0)));
                Instant first = twice.get(0).receivedAt();
                assertThat(kills)
                        .as("a repeat's first copy was sent just before a kill")
                        .anySatisfy(kill -> assertThat(first).isBetween(kill.minus(REPEAT_WINDOW), kill));
            });
            assertThat(resumes).hasSize(KILLS);
        }
    }

    private static Map<String, String> environment(int smtpPort, String group) {
        Map<String, String> env = new HashMap<>();
        env.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("OUTREACH_NOTIFIER_GROUP_ID", group);
        env.put("OUTREACH_NOTIFIER_HTTP_HOST", "127.0.0.1");
        env.put("OUTREACH_NOTIFIER_HTTP_PORT", "0");
        env.put("OUTREACH_SMTP_HOST", "127.0.0.1");
        env.put("OUTREACH_SMTP_PORT", Integer.toString(smtpPort));
        env.put("OUTREACH_SMTP_POOL_SIZE", Integer.toString(SMTP_POOL));
        env.put("OUTREACH_MAIL_FROM", "checkins@example.org");
        env.put("OUTREACH_MAIL_DOMAIN", "mail.example.org");
        env.put("OUTREACH_LINK_KEYS", LinkSigner.randomSpec("failover"));
        env.put("OUTREACH_ADDRESS_HASH_KEY", TestFixtures.ADDRESS_HASH_KEY);
        return env;
    }

    /** Publishes a member and its check-in prompt; counted once the broker acknowledged both. */
    private static void feed(List<String> published) {
        String memberId = UUID.randomUUID().toString();
        try {
            KafkaProbes.publish(producer, Topics.MEMBER_PROFILE, memberId, profile(memberId));
            KafkaProbes.publish(producer, Topics.OUTREACH_REQUESTS, memberId, prompt(memberId));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            throw new IllegalStateException("feed failed", e);
        }
        published.add(memberId);
    }

    private static String report(boolean dynamic, String loadBefore, List<Duration> resumes, int intents, int repeated)
            throws Exception {
        List<Long> ms = resumes.stream().map(Duration::toMillis).sorted().toList();
        return String.format(
                "notifier failover (%s membership): kill -9 to first email of the restarted process, ms: %s"
                        + " (min %d, median %d, max %d); %d intents, %d sent twice; load %s -> %s",
                dynamic ? "dynamic" : "static",
                resumes.stream().map(Duration::toMillis).toList(),
                ms.getFirst(),
                ms.get(ms.size() / 2),
                ms.getLast(),
                intents,
                repeated,
                loadBefore,
                Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private static List<ReceivedMessage> ours(EmbeddedSmtp smtp) {
        return smtp.messages().stream()
                .filter(m -> recipient(m).startsWith("member-"))
                .toList();
    }

    private static ReceivedMessage firstAfter(EmbeddedSmtp smtp, Instant instant) {
        return ours(smtp).stream()
                .filter(m -> m.receivedAt().isAfter(instant))
                .findFirst()
                .orElse(null);
    }

    private static String messageId(ReceivedMessage m) {
        try {
            return m.mime().getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String recipient(ReceivedMessage m) {
        return m.envelopeRecipients().getFirst();
    }

    private static String address(String memberId) {
        return "member-" + memberId + "@example.org";
    }

    private static MemberProfile profile(String memberId) {
        MemberProfile s = Samples.memberProfile();
        return new MemberProfile(
                "profile:" + memberId + ":1",
                MemberProfile.SCHEMA_VERSION,
                Instant.now(),
                memberId,
                1,
                "EXT-FAILOVER",
                "Sam",
                address(memberId),
                s.timeZone(),
                "en",
                MemberStatus.ACTIVE,
                s.treatmentEndedOn(),
                s.recoveryStartDate(),
                s.plan(),
                s.copingPlan(),
                s.contacts(),
                s.preferences());
    }

    private static OutreachRequest prompt(String memberId) {
        Instant due = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String checkInId = Ids.checkInId(memberId, due);
        return OutreachRequest.builder(
                        memberId, Ids.notificationId(memberId, "prompt", checkInId), OutreachKind.CHECK_IN_PROMPT)
                .urgency(Urgency.SCHEDULED)
                .checkInId(checkInId)
                .expiresAt(due.plus(Duration.ofHours(6)))
                .build(due);
    }
}
