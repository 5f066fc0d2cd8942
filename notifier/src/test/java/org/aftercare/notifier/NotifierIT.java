package org.aftercare.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.aftercare.events.profile.Preferences;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.infra.kafka.TopicProbe;
import org.aftercare.infra.smtp.EmbeddedSmtp;
import org.aftercare.infra.smtp.ReceivedMessage;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.links.LinkKind;
import org.aftercare.kit.links.LinkSigner;
import org.aftercare.kit.links.LinkToken;
import org.aftercare.notifier.KafkaProbes.Reports;
import org.aftercare.notifier.delivery.DeliveryPolicy;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The notifier against a real Kafka broker and a real SMTP server: intents in, emails and reports
 * out, repeats suppressed, unreadable records parked with their reason while delivery goes on, and
 * the questionnaire prompt and reminder (issue 13) as streams emits them.
 */
class NotifierIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String LINK_KEYS = LinkSigner.randomSpec("it");
    private static final String BASE_URL = "https://checkin.example.org";

    private static EmbeddedSmtp smtp;
    private static NotifierService notifier;
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void start() {
        smtp = EmbeddedSmtp.start(0);
        Map<String, String> env = new HashMap<>();
        env.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers());
        env.put("OUTREACH_NOTIFIER_GROUP_ID", "notifier-it-" + UUID.randomUUID());
        env.put("OUTREACH_NOTIFIER_HTTP_PORT", "0");
        env.put("OUTREACH_SMTP_HOST", smtp.host());
        env.put("OUTREACH_SMTP_PORT", Integer.toString(smtp.port()));
        env.put("OUTREACH_MAIL_FROM", "checkins@example.org");
        env.put("OUTREACH_MAIL_DOMAIN", "mail.example.org");
        env.put("OUTREACH_LINK_BASE_URL", BASE_URL);
        env.put("OUTREACH_LINK_KEYS", LINK_KEYS);
        env.put("OUTREACH_ADDRESS_HASH_KEY", TestFixtures.ADDRESS_HASH_KEY);
        env.put("OUTREACH_NOTIFIER_RETRY_MAX_ATTEMPTS", "2");
        env.put("OUTREACH_NOTIFIER_RETRY_FIRST_BACKOFF", "100ms");
        notifier = NotifierService.start(NotifierConfig.from(Settings.of(env), env));
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (notifier != null) {
            notifier.close(Duration.ofSeconds(20));
        }
        if (smtp != null) {
            smtp.close();
        }
    }

    @Test
    void aPromptIsEmailedOnceAndReportedSentAndARepeatSendsNothingAndRestatesTheReport() throws Exception {
        String memberId = UUID.randomUUID().toString();
        String address = "member-" + memberId + "@example.org";
        KafkaProbes.publish(producer, Topics.MEMBER_PROFILE, memberId, profile(memberId, address));
        OutreachRequest prompt = prompt(memberId, OutreachKind.CHECK_IN_PROMPT);

        KafkaProbes.publish(producer, Topics.OUTREACH_REQUESTS, memberId, prompt);

        try (Reports reports = new Reports(KAFKA.bootstrapServers(), WAIT)) {
            DeliveryReport sent = reports.await(memberId, prompt.notificationId(), DeliveryOutcome.SENT);
            assertThat(sent.attempt()).isEqualTo(1);
            List<ReceivedMessage> mails = mailsTo(address);
            assertThat(mails).hasSize(1);
            assertThat(mails.get(0).mime().getMessageID())
                    .isEqualTo("<" + prompt.notificationId() + "@mail.example.org>");
            assertThat(mails.get(0).mime().getSubject()).isEqualTo("Your check-in for today");

            KafkaProbes.publish(producer, Topics.OUTREACH_REQUESTS, memberId, prompt);

            await().atMost(WAIT).until(() -> reports.count(prompt.notificationId(), DeliveryOutcome.SENT) == 2);
            assertThat(reports.all(prompt.notificationId())).containsOnly(sent); // the same report, said again
            assertThat(mailsTo(address)).hasSize(1);
        }
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(get("/metrics").body()).contains("outreach_emails_sent_total");
    }

    @Test
    void anUnreadableIntentIsParkedWithItsReasonAndTheNextIntentIsStillDelivered() throws Exception {
        String memberId = UUID.randomUUID().toString();
        String address = "member-" + memberId + "@example.org";
        KafkaProbes.publish(producer, Topics.MEMBER_PROFILE, memberId, profile(memberId, address));
        byte[] garbage = "this is not json {".getBytes(StandardCharsets.UTF_8);

        producer.send(new ProducerRecord<>(
                        Topics.OUTREACH_REQUESTS.name(), memberId.getBytes(StandardCharsets.UTF_8), garbage))
                .get();
        OutreachRequest reminder = prompt(memberId, OutreachKind.LATE_REMINDER);
        KafkaProbes.publish(producer, Topics.OUTREACH_REQUESTS, memberId, reminder);

        try (TopicProbe<byte[]> dlq = new TopicProbe<>(KAFKA.bootstrapServers(), Topics.OUTREACH_DLQ)) {
            ConsumerRecord<String, byte[]> dead =
                    KafkaProbes.awaitDeadLetters(dlq, memberId, WAIT).get(0);
            assertThat(dead.value()).isEqualTo(garbage);
            assertThat(KafkaProbes.header(dead, DeadLetters.SOURCE_TOPIC)).isEqualTo(Topics.OUTREACH_REQUESTS.name());
            assertThat(KafkaProbes.header(dead, DeadLetters.ERROR_CLASS)).endsWith("SerializationException");
            assertThat(KafkaProbes.header(dead, DeadLetters.ERROR_REASON)).contains("malformed JSON");
            assertThat(KafkaProbes.header(dead, DeadLetters.SERVICE)).isEqualTo("notifier");
            assertThat(KafkaProbes.header(dead, DeadLetters.SOURCE_OFFSET)).isNotBlank();
        }
        try (Reports reports = new Reports(KAFKA.bootstrapServers(), WAIT)) {
            reports.await(memberId, reminder.notificationId(), DeliveryOutcome.SENT);
        }
        assertThat(mailsTo(address))
                .hasSize(1)
                .allSatisfy(m -> assertThat(m.mime().getSubject()).isEqualTo("A quick reminder"));
    }

    @Test
    void aQuestionnairePromptAndItsReminderAreEachEmailedOnceWithALinkThatOpensTheQuestionnaire() throws Exception {
        String memberId = UUID.randomUUID().toString();
        String address = "member-" + memberId + "@example.org";
        String questionnaireId = "qn-" + UUID.randomUUID();
        KafkaProbes.publish(producer, Topics.MEMBER_PROFILE, memberId, profile(memberId, address));
        OutreachRequest prompt = questionnaire(memberId, questionnaireId, OutreachKind.QUESTIONNAIRE_PROMPT);
        OutreachRequest reminder = questionnaire(memberId, questionnaireId, OutreachKind.QUESTIONNAIRE_REMINDER);

        KafkaProbes.publish(producer, Topics.OUTREACH_REQUESTS, memberId, prompt);
        KafkaProbes.publish(producer, Topics.OUTREACH_REQUESTS, memberId, prompt);
        KafkaProbes.publish(producer, Topics.OUTREACH_REQUESTS, memberId, reminder);

        try (Reports reports = new Reports(KAFKA.bootstrapServers(), WAIT)) {
            DeliveryReport sent = reports.await(memberId, prompt.notificationId(), DeliveryOutcome.SENT);
            reports.await(memberId, reminder.notificationId(), DeliveryOutcome.SENT);
            // The repeat sends nothing; its report is the first one again (one event id: counted once).
            await().atMost(WAIT).until(() -> reports.count(prompt.notificationId(), DeliveryOutcome.SENT) == 2);
            assertThat(reports.all(prompt.notificationId())).containsOnly(sent);
        }
        List<ReceivedMessage> mails = mailsTo(address);
        assertThat(mails)
                .extracting(m -> m.mime().getSubject())
                .containsExactlyInAnyOrder("A few questions for you", "A gentle reminder");
        LinkSigner scheduler = LinkSigner.fromSpec(LINK_KEYS, Clock.systemUTC());
        for (ReceivedMessage mail : mails) {
            String text = part(mail.mime(), 0);
            String html = part(mail.mime(), 1);
            Matcher link = Pattern.compile(Pattern.quote(BASE_URL + LinkKind.QUESTIONNAIRE.path()) + "([A-Za-z0-9_-]+)")
                    .matcher(text);
            assertThat(link.find())
                    .as("a /q/ link in %s", mail.mime().getSubject())
                    .isTrue();
            assertThat(html).contains("href=\"" + link.group() + "\"");
            LinkToken token = scheduler.verify(link.group(1));
            assertThat(token.kind()).contains(LinkKind.QUESTIONNAIRE);
            assertThat(token.memberId()).isEqualTo(memberId);
            assertThat(token.subject()).isEqualTo(questionnaireId);
            assertThat(token.binding()).isNull();
            assertThat(text).contains("988").contains("1-800-662-4357").contains("The link stays open until");
        }
    }

    @Test
    void aMemberWhoUnsubscribedGetsNeitherTheQuestionnairePromptNorItsReminder() throws Exception {
        String memberId = UUID.randomUUID().toString();
        String address = "member-" + memberId + "@example.org";
        String questionnaireId = "qn-" + UUID.randomUUID();
        KafkaProbes.publish(
                producer,
                Topics.MEMBER_PROFILE,
                memberId,
                TestFixtures.unsubscribed(profile(memberId, address), MemberStatus.ACTIVE));
        OutreachRequest prompt = questionnaire(memberId, questionnaireId, OutreachKind.QUESTIONNAIRE_PROMPT);
        OutreachRequest reminder = questionnaire(memberId, questionnaireId, OutreachKind.QUESTIONNAIRE_REMINDER);

        KafkaProbes.publish(producer, Topics.OUTREACH_REQUESTS, memberId, prompt);
        KafkaProbes.publish(producer, Topics.OUTREACH_REQUESTS, memberId, reminder);

        try (Reports reports = new Reports(KAFKA.bootstrapServers(), WAIT)) {
            for (OutreachRequest intent : List.of(prompt, reminder)) {
                DeliveryReport report = reports.await(memberId, intent.notificationId(), DeliveryOutcome.SUPPRESSED);
                assertThat(report.reason()).isEqualTo(DeliveryPolicy.UNSUBSCRIBED);
            }
        }
        assertThat(mailsTo(address)).isEmpty();
    }

    /** A questionnaire email as streams emits it (the brief's contract): to the member, scheduled, closing in 7 days. */
    private static OutreachRequest questionnaire(String memberId, String questionnaireId, OutreachKind kind) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant closes = now.plus(Duration.ofDays(7));
        return OutreachRequest.builder(
                        memberId, Ids.notificationId(memberId, kind.name(), questionnaireId, "member"), kind)
                .urgency(Urgency.SCHEDULED)
                .expiresAt(closes)
                .data(Map.of("questionnaireId", questionnaireId, "expiresAt", closes.toString()))
                .build(now);
    }

    /** The text (0) or HTML (1) part of a received email. */
    private static String part(MimeMessage mail, int index) throws Exception {
        return (String) ((Multipart) mail.getContent()).getBodyPart(index).getContent();
    }

    @Test
    void aWeeklySummaryReachesTheMemberWhoAskedForItAndNotOnceTheyTurnedItOff() throws Exception {
        String memberId = UUID.randomUUID().toString();
        String address = "member-" + memberId + "@example.org";
        // Quiet hours that never start: what this test sees does not depend on the hour it runs at.
        Preferences wants = new Preferences(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, true, true, false, true, true);
        KafkaProbes.publish(producer, Topics.MEMBER_PROFILE, memberId, profile(memberId, address, 1, wants));
        OutreachRequest first = summary(memberId, "2026-03-08");
        KafkaProbes.publish(producer, Topics.OUTREACH_REQUESTS, memberId, first);

        try (Reports reports = new Reports(KAFKA.bootstrapServers(), WAIT)) {
            reports.await(memberId, first.notificationId(), DeliveryOutcome.SENT);
            List<ReceivedMessage> mails = mailsTo(address);
            assertThat(mails).hasSize(1);
            assertThat(mails.get(0).mime().getSubject()).isEqualTo("Your week at a glance");
            String text = (String) ((Multipart) mails.get(0).mime().getContent())
                    .getBodyPart(0)
                    .getContent();
            assertThat(text)
                    .contains("See your week: http")
                    .contains("/s/")
                    .contains("988 (call or text)")
                    .contains("SAMHSA National Helpline 1-800-662-4357");

            // The member changed their mind on their page before the next one went out.
            KafkaProbes.publish(
                    producer,
                    Topics.MEMBER_PROFILE,
                    memberId,
                    profile(memberId, address, 2, wants.withWeeklySummary(false)));
            OutreachRequest next = summary(memberId, "2026-03-15");
            KafkaProbes.publish(producer, Topics.OUTREACH_REQUESTS, memberId, next);

            DeliveryReport suppressed = reports.await(memberId, next.notificationId(), DeliveryOutcome.SUPPRESSED);
            assertThat(suppressed.reason()).isEqualTo(DeliveryPolicy.PREFERENCE_OFF);
            assertThat(mailsTo(address)).hasSize(1);
        }
    }

    /** A weekly summary as streams decides it: to the member, scheduled, no data. */
    private static OutreachRequest summary(String memberId, String week) {
        return OutreachRequest.builder(
                        memberId, Ids.notificationId(memberId, "weekly-summary", week), OutreachKind.WEEKLY_SUMMARY)
                .urgency(Urgency.SCHEDULED)
                .build(Instant.now());
    }

    private static MemberProfile profile(String memberId, String email, long revision, Preferences preferences) {
        MemberProfile s = profile(memberId, email);
        return new MemberProfile(
                "profile:" + memberId + ":" + revision,
                s.schemaVersion(),
                s.occurredAt(),
                memberId,
                revision,
                s.externalId(),
                s.firstName(),
                s.email(),
                s.timeZone(),
                s.locale(),
                s.status(),
                s.treatmentEndedOn(),
                s.recoveryStartDate(),
                s.plan(),
                s.copingPlan(),
                s.contacts(),
                preferences);
    }

    private static MemberProfile profile(String memberId, String email) {
        MemberProfile s = Samples.memberProfile();
        return new MemberProfile(
                "profile:" + memberId + ":1",
                MemberProfile.SCHEMA_VERSION,
                Instant.now(),
                memberId,
                1,
                "EXT-IT",
                "Sam",
                email,
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

    private static OutreachRequest prompt(String memberId, OutreachKind kind) {
        Instant due = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant respondBy = due.plus(Duration.ofHours(6));
        String checkInId = Ids.checkInId(memberId, due);
        return OutreachRequest.builder(memberId, Ids.notificationId(memberId, kind.name(), checkInId, "member"), kind)
                .urgency(Urgency.SCHEDULED)
                .checkInId(checkInId)
                .expiresAt(respondBy)
                .data(Map.of("respondBy", respondBy.toString()))
                .build(due);
    }

    private static List<ReceivedMessage> mailsTo(String address) {
        return smtp.messages().stream()
                .filter(m -> m.envelopeRecipients().contains(address))
                .toList();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + notifier.httpPort() + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
