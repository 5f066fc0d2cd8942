package org.aftercare.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aftercare.events.DeadLetters;
import org.aftercare.events.Ids;
import org.aftercare.events.Samples;
import org.aftercare.events.Topics;
import org.aftercare.events.outreach.DeliveryOutcome;
import org.aftercare.events.outreach.DeliveryReport;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.infra.kafka.TopicProbe;
import org.aftercare.infra.smtp.EmbeddedSmtp;
import org.aftercare.infra.time.MutableClock;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.links.LinkSigner;
import org.aftercare.notifier.KafkaProbes.Reports;
import org.aftercare.notifier.delivery.DeliveryHooks;
import org.aftercare.notifier.delivery.OutreachDelivery;
import org.aftercare.notifier.delivery.SendWindow;
import org.aftercare.notifier.smtp.ScriptedSmtpServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly one email per intent across crashes, retries through the retry topic during an SMTP
 * outage, bounces remembered, and quiet-hours holds that survive a restart: a real broker, real
 * SMTP servers, and a notifier stopped abruptly through its fault-injection hooks.
 */
class DeliveryGuaranteesIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String KEYS = LinkSigner.randomSpec("it");

    private static KafkaProducer<byte[], byte[]> producer;
    private final List<AutoCloseable> running = new ArrayList<>();

    /** Thrown by a hook: the delivery loop halts at once, as if the process died there. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash() {
            super("simulated crash", null, false, false);
        }
    }

    @BeforeAll
    static void startProducer() {
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    @AfterAll
    static void stopProducer() {
        if (producer != null) {
            producer.close();
        }
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : running.reversed()) {
            c.close();
        }
    }

    private NotifierService notifier(String group, int smtpPort, DeliveryHooks hooks, Clock clock) {
        Map<String, String> env = new HashMap<>();
        env.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers());
        env.put("OUTREACH_NOTIFIER_GROUP_ID", group);
        env.put("OUTREACH_NOTIFIER_HTTP_PORT", "0");
        env.put("OUTREACH_SMTP_HOST", "127.0.0.1");
        env.put("OUTREACH_SMTP_PORT", Integer.toString(smtpPort));
        env.put("OUTREACH_SMTP_TIMEOUT", "2s");
        env.put("OUTREACH_SMTP_POOL_SIZE", "2");
        env.put("OUTREACH_MAIL_FROM", "checkins@example.org");
        env.put("OUTREACH_MAIL_DOMAIN", "mail.example.org");
        env.put("OUTREACH_LINK_KEYS", KEYS);
        env.put("OUTREACH_ADDRESS_HASH_KEY", TestFixtures.ADDRESS_HASH_KEY);
        // "Several minutes" of outage compressed: short backoffs, many attempts.
        env.put("OUTREACH_NOTIFIER_RETRY_MAX_ATTEMPTS", "60");
        env.put("OUTREACH_NOTIFIER_RETRY_FIRST_BACKOFF", "200ms");
        env.put("OUTREACH_NOTIFIER_RETRY_MAX_BACKOFF", "1s");
        NotifierService service = NotifierService.start(NotifierConfig.from(Settings.of(env), env), hooks, clock);
        running.add(() -> service.close(Duration.ofSeconds(20)));
        return service;
    }

    private EmbeddedSmtp smtp(int port) {
        EmbeddedSmtp smtp = EmbeddedSmtp.start(port);
        running.add(smtp);
        return smtp;
    }

    @Test
    void aCrashJustBeforeTheSendEndsWithExactlyOneEmailAfterRestart() throws Exception {
        EmbeddedSmtp smtp = smtp(0);
        String group = "crash-before-send-" + UUID.randomUUID();
        String memberId = enroll();
        OutreachRequest prompt = prompt(memberId);
        AtomicBoolean armed = new AtomicBoolean(true);
        NotifierService first = notifier(
                group,
                smtp.port(),
                new DeliveryHooks() {
                    @Override
                    public void beforeSend(String notificationId) {
                        if (notificationId.equals(prompt.notificationId()) && armed.getAndSet(false)) {
                            throw new SimulatedCrash();
                        }
                    }
                },
                Clock.systemUTC());

        KafkaProbes.publish(producer, Topics.OUTREACH_REQUESTS, memberId, prompt);
        await().atMost(WAIT).until(() -> !first.isDelivering());
        assertThat(mailsTo(smtp, memberId)).isZero();
        first.close(Duration.ofSeconds(20));

        notifier(group, smtp.port(), DeliveryHooks.NONE, Clock.systemUTC());
        try (Reports reports = new Reports(KAFKA.bootstrapServers(), WAIT)) {
            reports.await(memberId, prompt.notificationId(), DeliveryOutcome.SENT);
        }
        assertThat(mailsTo(smtp, memberId)).isEqualTo(1);
    }

    @Test
    void aCrashAfterTheServerAcceptedButBeforeTheOffsetCommitEndsWithExactlyOneEmail() throws Exception {
        EmbeddedSmtp smtp = smtp(0);
        String group = "crash-before-commit-" + UUID.randomUUID();
        String memberId = enroll();
        OutreachRequest prompt = prompt(memberId);
        AtomicBoolean armed = new AtomicBoolean(true);
        NotifierService first = notifier(
                group,
                smtp.port(),
                new DeliveryHooks() {
                    @Override
                    public void beforeCommit() {
                        if (mailsTo(smtp, memberId) == 1 && armed.getAndSet(false)) {
                            throw new SimulatedCrash();
                        }
                    }
                },
                Clock.systemUTC());

        KafkaProbes.publish(producer, Topics.OUTREACH_REQUESTS, memberId, prompt);
        await().atMost(WAIT).until(() -> !first.isDelivering());
        assertThat(mailsTo(smtp, memberId)).isEqualTo(1);
        first.close(Duration.ofSeconds(20));

        notifier(group, smtp.port(), DeliveryHooks.NONE, Clock.systemUTC());
        try (Reports reports = new Reports(KAFKA.bootstrapServers(), WAIT)) {
            // The intent came back (its offset was never committed) and the ledger knew it was sent:
            // its report is said again, with the same event id, which readers already hold.
            await().atMost(WAIT).until(() -> reports.count(prompt.notificationId(), DeliveryOutcome.SENT) == 2);
            assertThat(reports.all(prompt.notificationId()))
                    .extracting(DeliveryReport::eventId)
                    .containsOnly(prompt.notificationId() + ":sent:1");
        }
        assertThat(mailsTo(smtp, memberId)).isEqualTo(1);
    }

    @Test
    void aCrashAfterTheServerAcceptedButBeforeTheReportIsWrittenStillReportsTheEmailSent() throws Exception {
        EmbeddedSmtp smtp = smtp(0);
        String group = "crash-after-data-" + UUID.randomUUID();
        String memberId = enroll();
        OutreachRequest prompt = prompt(memberId);
        AtomicBoolean armed = new AtomicBoolean(true);
        NotifierService first = notifier(
                group,
                smtp.port(),
                new DeliveryHooks() {
                    @Override
                    public void afterSend(String notificationId) {
                        if (notificationId.equals(prompt.notificationId()) && armed.getAndSet(false)) {
                            throw new SimulatedCrash();
                        }
                    }
                },
                Clock.systemUTC());

        KafkaProbes.publish(producer, Topics.OUTREACH_REQUESTS, memberId, prompt);
        await().atMost(WAIT).until(() -> !first.isDelivering());
        assertThat(mailsTo(smtp, memberId)).isEqualTo(1);
        first.close(Duration.ofSeconds(20)); // the ledger entry is written; the report never was

        notifier(group, smtp.port(), DeliveryHooks.NONE, Clock.systemUTC());
        try (Reports reports = new Reports(KAFKA.bootstrapServers(), WAIT)) {
            // The intent came back; the ledger knew it was sent, and the report says so (once counted).
            DeliveryReport sent = reports.await(memberId, prompt.notificationId(), DeliveryOutcome.SENT);
            assertThat(sent.attempt()).isEqualTo(1);
            assertThat(sent.eventId()).isEqualTo(prompt.notificationId() + ":sent:1");
        }
        assertThat(mailsTo(smtp, memberId)).isEqualTo(1);
    }

    @Test
    void anSmtpOutageWithManyRetriesLosesNothingAndSendsEachOnce() throws Exception {
        EmbeddedSmtp smtp = smtp(0);
        int port = smtp.port();
        String group = "outage-" + UUID.randomUUID();
        notifier(group, port, DeliveryHooks.NONE, Clock.systemUTC());
        List<String> members = List.of(enroll(), enroll(), enroll());
        smtp.close();

        List<OutreachRequest> prompts = new ArrayList<>();
        for (String memberId : members) {
            OutreachRequest p = prompt(memberId);
            prompts.add(p);
            KafkaProbes.publish(producer, Topics.OUTREACH_REQUESTS, memberId, p);
        }
        try (Reports reports = new Reports(KAFKA.bootstrapServers(), WAIT)) {
            for (OutreachRequest p : prompts) {
                DeliveryReport deferred = reports.await(p.memberId(), p.notificationId(), DeliveryOutcome.DEFERRED);
                assertThat(deferred.reason()).startsWith("smtp-");
            }
            // Several retries each while the relay is down.
            await().atMost(WAIT)
                    .until(() -> reports.count(prompts.get(0).notificationId(), DeliveryOutcome.DEFERRED) >= 3);

            EmbeddedSmtp back = smtp(port);
            for (OutreachRequest p : prompts) {
                reports.await(p.memberId(), p.notificationId(), DeliveryOutcome.SENT);
            }
            for (String memberId : members) {
                assertThat(mailsTo(back, memberId)).isEqualTo(1);
            }
        }
    }

    @Test
    void aRefusedAddressIsBouncedDeadLetteredAndNeverMailedAgain() throws Exception {
        try (ScriptedSmtpServer refusing = new ScriptedSmtpServer(ScriptedSmtpServer.Behaviour.REJECT_RECIPIENT)) {
            String group = "bounce-" + UUID.randomUUID();
            notifier(group, refusing.port(), DeliveryHooks.NONE, Clock.systemUTC());
            String memberId = enroll();
            OutreachRequest first = prompt(memberId);
            KafkaProbes.publish(producer, Topics.OUTREACH_REQUESTS, memberId, first);
            try (Reports reports = new Reports(KAFKA.bootstrapServers(), WAIT);
                    TopicProbe<byte[]> dlq = new TopicProbe<>(KAFKA.bootstrapServers(), Topics.OUTREACH_DLQ);
                    TopicProbe<byte[]> ledger = new TopicProbe<>(KAFKA.bootstrapServers(), Topics.NOTIFIER_LEDGER)) {
                DeliveryReport bounced = reports.await(memberId, first.notificationId(), DeliveryOutcome.BOUNCED);
                assertThat(bounced.reason()).isEqualTo("smtp-550");
                List<ConsumerRecord<String, byte[]>> parked = KafkaProbes.awaitDeadLetters(dlq, memberId, WAIT);
                assertThat(KafkaProbes.header(parked.get(0), DeadLetters.ERROR_REASON))
                        .isEqualTo("smtp-550");
                int connections = refusing.connections();

                OutreachRequest second = OutreachRequest.builder(
                                memberId, "n-enc-" + UUID.randomUUID(), OutreachKind.ENCOURAGEMENT)
                        .urgency(Urgency.URGENT)
                        .build(Instant.now());
                KafkaProbes.publish(producer, Topics.OUTREACH_REQUESTS, memberId, second);
                DeliveryReport suppressed =
                        reports.await(memberId, second.notificationId(), DeliveryOutcome.SUPPRESSED);
                assertThat(suppressed.reason()).isEqualTo(OutreachDelivery.BOUNCED_ADDRESS);
                assertThat(refusing.connections()).isEqualTo(connections);

                // The ledger names the address by its keyed hash, never by a plain SHA-256 anyone can recompute.
                String keyed = "bounce:" + TestFixtures.hmacSha256Hex(TestFixtures.ADDRESS_HASH_KEY, address(memberId));
                String unkeyed = "bounce:" + TestFixtures.sha256Hex(address(memberId));
                await().atMost(WAIT).until(() -> ledger.poll().stream().anyMatch(r -> keyed.equals(r.key())));
                assertThat(ledger.poll())
                        .noneMatch(r -> unkeyed.equals(r.key()))
                        .noneMatch(r -> new String(r.value() == null ? new byte[0] : r.value(), StandardCharsets.UTF_8)
                                .contains(address(memberId)));
            }
        }
    }

    @Test
    void aQuietHoursHoldSurvivesARestartAndIsSentOnceWhenTheyEnd() throws Exception {
        EmbeddedSmtp smtp = smtp(0);
        String group = "quiet-" + UUID.randomUUID();
        // 23:00 in New York (the sample member's zone; quiet 21:00-08:00).
        Instant night = ZonedDateTime.now(ZoneId.of("America/New_York"))
                .plusDays(1)
                .withHour(23)
                .withMinute(0)
                .withSecond(0)
                .withNano(0)
                .toInstant();
        MutableClock clock = new MutableClock(night);
        NotifierService first = notifier(group, smtp.port(), DeliveryHooks.NONE, clock);
        String memberId = enroll();
        OutreachRequest note = OutreachRequest.builder(
                        memberId, "n-enc-" + UUID.randomUUID(), OutreachKind.ENCOURAGEMENT)
                .build(night);
        KafkaProbes.publish(producer, Topics.OUTREACH_REQUESTS, memberId, note);

        try (Reports reports = new Reports(KAFKA.bootstrapServers(), WAIT)) {
            DeliveryReport held = reports.await(memberId, note.notificationId(), DeliveryOutcome.DEFERRED);
            assertThat(held.reason()).isEqualTo(SendWindow.QUIET_HOURS);
            first.close(Duration.ofSeconds(20));

            NotifierService second = notifier(group, smtp.port(), DeliveryHooks.NONE, clock);
            await().atMost(WAIT).until(second::isReady);
            clock.advance(Duration.ofHours(4)); // 03:00: still quiet
            assertThat(mailsTo(smtp, memberId)).isZero();
            clock.advance(Duration.ofHours(5).plusMinutes(1)); // 08:01
            reports.await(memberId, note.notificationId(), DeliveryOutcome.SENT);
        }
        assertThat(mailsTo(smtp, memberId)).isEqualTo(1);
    }

    // --- helpers ---

    private static String enroll() throws Exception {
        String memberId = UUID.randomUUID().toString();
        MemberProfile s = Samples.memberProfile();
        KafkaProbes.publish(
                producer,
                Topics.MEMBER_PROFILE,
                memberId,
                new MemberProfile(
                        "profile:" + memberId + ":1",
                        MemberProfile.SCHEMA_VERSION,
                        Instant.now(),
                        memberId,
                        1,
                        "EXT-IT",
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
                        s.preferences()));
        return memberId;
    }

    private static String address(String memberId) {
        return "member-" + memberId + "@example.org";
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

    private static long mailsTo(EmbeddedSmtp smtp, String memberId) {
        return smtp.messages().stream()
                .filter(m -> m.envelopeRecipients().contains(address(memberId)))
                .count();
    }
}
