package org.aftercare.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aftercare.events.Ids;
import org.aftercare.events.Samples;
import org.aftercare.events.Topics;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.outreach.DeliveryOutcome;
import org.aftercare.events.outreach.DeliveryReport;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.events.profile.Preferences;
import org.aftercare.events.staff.AlertCadence;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.events.staff.StaffRole;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.infra.smtp.EmbeddedSmtp;
import org.aftercare.infra.smtp.ReceivedMessage;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.links.LinkKind;
import org.aftercare.kit.links.LinkSigner;
import org.aftercare.kit.links.LinkToken;
import org.aftercare.notifier.KafkaProbes.Reports;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Staff email against a real Kafka broker and a real SMTP server: a staff record on
 * {@code staff.directory} and a member profile in, one flag email to the work email out (the
 * disclosure notice, a signed flag link the service kit's signer opens); a deactivated staff
 * member suppressed with its reason; a digest that leaves an erased member out; an urgent flag
 * sent at once in the member's quiet hours while a routine member email is held.
 */
class StaffEmailsIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String LINK_KEYS = LinkSigner.randomSpec("it-staff");

    private static EmbeddedSmtp smtp;
    private static NotifierService notifier;
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void start() {
        smtp = EmbeddedSmtp.start(0);
        Map<String, String> env = new HashMap<>();
        env.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers());
        env.put("OUTREACH_NOTIFIER_GROUP_ID", "notifier-staff-it-" + UUID.randomUUID());
        env.put("OUTREACH_NOTIFIER_HTTP_PORT", "0");
        env.put("OUTREACH_SMTP_HOST", smtp.host());
        env.put("OUTREACH_SMTP_PORT", Integer.toString(smtp.port()));
        env.put("OUTREACH_MAIL_FROM", "checkins@example.org");
        env.put("OUTREACH_LINK_BASE_URL", "https://checkin.example.org");
        env.put("OUTREACH_LINK_KEYS", LINK_KEYS);
        env.put("OUTREACH_ADDRESS_HASH_KEY", TestFixtures.ADDRESS_HASH_KEY);
        env.put("OUTREACH_ONCALL_EMAIL", "oncall@program.example.org");
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
    void aStaffFlagIsEmailedOnceToTheWorkEmailWithTheNoticeAndASignedLinkToTheFlag() throws Exception {
        String staffId = "staff-" + UUID.randomUUID();
        String workEmail = "dana-" + staffId + "@program.example.org";
        String memberId = UUID.randomUUID().toString();
        publishStaff(staff(staffId, workEmail, true));
        KafkaProbes.publish(producer, Topics.MEMBER_PROFILE, memberId, profile(memberId, "Sam", ZoneOffset.UTC, false));
        String flagId = Ids.flagId(memberId, "missed:ci-1");
        OutreachRequest flag = flag(memberId, flagId, Recipient.staff(staffId), "high", Urgency.ROUTINE);

        KafkaProbes.publish(producer, Topics.OUTREACH_REQUESTS, memberId, flag);

        try (Reports reports = new Reports(KAFKA.bootstrapServers(), WAIT)) {
            reports.await(memberId, flag.notificationId(), DeliveryOutcome.SENT);
        }
        List<ReceivedMessage> mails = mailsTo(workEmail);
        assertThat(mails).hasSize(1);
        MimeMessage mail = mails.getFirst().mime();
        assertThat(mail.getSubject()).isEqualTo("A member needs follow-up");
        String text = text(mail);
        assertThat(text)
                .contains("Sam (EXT-" + memberId.substring(0, 8) + ")")
                .contains("What happened: missed check-ins")
                .contains("Severity: high")
                .contains("42 CFR part 2")
                .doesNotContain("sam-" + memberId);
        LinkToken token = openLink(text, "/f/");
        assertThat(LinkKind.of(token)).contains(LinkKind.STAFF_FLAG);
        assertThat(token.memberId()).isEqualTo(memberId);
        assertThat(token.subject()).isEqualTo(flagId + ":" + staffId);
        assertThat(token.binding()).isNull();
    }

    @Test
    void aFlagForADeactivatedStaffMemberIsSuppressedWithItsReason() throws Exception {
        String staffId = "staff-" + UUID.randomUUID();
        String workEmail = "left-" + staffId + "@program.example.org";
        String memberId = UUID.randomUUID().toString();
        publishStaff(staff(staffId, workEmail, true));
        publishStaff(revision(staff(staffId, workEmail, false), 2));
        KafkaProbes.publish(producer, Topics.MEMBER_PROFILE, memberId, profile(memberId, "Sam", ZoneOffset.UTC, false));
        OutreachRequest flag =
                flag(memberId, Ids.flagId(memberId, "help:1"), Recipient.staff(staffId), "critical", Urgency.URGENT);

        KafkaProbes.publish(producer, Topics.OUTREACH_REQUESTS, memberId, flag);

        try (Reports reports = new Reports(KAFKA.bootstrapServers(), WAIT)) {
            DeliveryReport suppressed = reports.await(memberId, flag.notificationId(), DeliveryOutcome.SUPPRESSED);
            assertThat(suppressed.reason()).isEqualTo("staff-inactive");
            assertThat(reports.count(flag.notificationId(), DeliveryOutcome.SENT))
                    .isZero();
        }
        assertThat(mailsTo(workEmail)).isEmpty();
    }

    @Test
    void aDigestOfTwoMembersOneOfThemErasedIsOneEmailListingTheOther() throws Exception {
        String staffId = "staff-" + UUID.randomUUID();
        String workEmail = "digest-" + staffId + "@program.example.org";
        String kept = UUID.randomUUID().toString();
        String erased = UUID.randomUUID().toString();
        publishStaff(staff(staffId, workEmail, true));
        KafkaProbes.publish(producer, Topics.MEMBER_PROFILE, kept, profile(kept, "Robin", ZoneOffset.UTC, false));
        KafkaProbes.publish(producer, Topics.MEMBER_PROFILE, erased, profile(erased, "Kim", ZoneOffset.UTC, false));
        producer.send(new ProducerRecord<>(Topics.MEMBER_PROFILE.name(), erased.getBytes(StandardCharsets.UTF_8), null))
                .get();
        Instant windowStart = Instant.parse("2026-03-10T09:00:00Z");
        Map<String, String> data = new HashMap<>();
        data.put("window", "2026-03-10T12:00:00Z");
        data.put("items", "2");
        data.put("item.0.memberId", erased);
        data.put("item.0.flagId", Ids.flagId(erased, "low-mood:1"));
        data.put("item.0.severity", "medium");
        data.put("item.0.reasons", "low-mood");
        data.put("item.0.state", "open");
        data.put("item.1.memberId", kept);
        data.put("item.1.flagId", Ids.flagId(kept, "low-rate:1"));
        data.put("item.1.severity", "medium");
        data.put("item.1.reasons", "low-answer-rate");
        data.put("item.1.state", "acknowledged");
        OutreachRequest digest = OutreachRequest.builder(
                        staffId,
                        Ids.notificationId("staff-digest", staffId, windowStart.toString()),
                        OutreachKind.STAFF_DIGEST)
                .to(Recipient.staff(staffId))
                .data(data)
                .build(Instant.now());

        KafkaProbes.publish(producer, Topics.OUTREACH_REQUESTS, staffId, digest);

        try (Reports reports = new Reports(KAFKA.bootstrapServers(), WAIT)) {
            reports.await(staffId, digest.notificationId(), DeliveryOutcome.SENT);
        }
        List<ReceivedMessage> mails = mailsTo(workEmail);
        assertThat(mails).hasSize(1);
        assertThat(mails.getFirst().mime().getSubject()).isEqualTo("Your follow-up list");
        String text = text(mails.getFirst().mime());
        assertThat(text)
                .contains("- Robin (EXT-" + kept.substring(0, 8) + "): answered fewer than half of recent check-ins;"
                        + " medium; acknowledged")
                .contains("42 CFR part 2")
                .doesNotContain("Kim")
                .doesNotContain(erased.substring(0, 8));
        LinkToken token = openLink(text, "/f/");
        assertThat(token.memberId()).isEqualTo(kept);
        assertThat(token.subject()).isEqualTo(Ids.flagId(kept, "low-rate:1") + ":" + staffId);
    }

    @Test
    void anUrgentStaffFlagInTheMembersQuietHoursGoesAtOnceWhileTheirRoutineEmailWaits() throws Exception {
        String staffId = "staff-" + UUID.randomUUID();
        String workEmail = "night-" + staffId + "@program.example.org";
        String memberId = UUID.randomUUID().toString();
        ZoneId lateEvening = zoneWhereItIsLateEvening(Clock.systemUTC().instant());
        publishStaff(staff(staffId, workEmail, true));
        KafkaProbes.publish(producer, Topics.MEMBER_PROFILE, memberId, profile(memberId, "Sam", lateEvening, false));
        OutreachRequest encouragement = OutreachRequest.builder(memberId, "enc-" + memberId, OutreachKind.ENCOURAGEMENT)
                .build(Instant.now());
        OutreachRequest flag = flag(
                memberId, Ids.flagId(memberId, "help:night"), Recipient.staff(staffId), "critical", Urgency.URGENT);

        KafkaProbes.publish(producer, Topics.OUTREACH_REQUESTS, memberId, encouragement);
        KafkaProbes.publish(producer, Topics.OUTREACH_REQUESTS, memberId, flag);

        try (Reports reports = new Reports(KAFKA.bootstrapServers(), WAIT)) {
            DeliveryReport held = reports.await(memberId, encouragement.notificationId(), DeliveryOutcome.DEFERRED);
            assertThat(held.reason()).isEqualTo("quiet-hours");
            reports.await(memberId, flag.notificationId(), DeliveryOutcome.SENT);
            assertThat(reports.count(flag.notificationId(), DeliveryOutcome.DEFERRED))
                    .isZero();
        }
        List<ReceivedMessage> mails = mailsTo(workEmail);
        assertThat(mails).hasSize(1);
        assertThat(mails.getFirst().mime().getSubject()).isEqualTo("Follow-up needed (urgent)");
        assertThat(text(mails.getFirst().mime())).contains("What happened: asked for help");
        assertThat(mailsTo("sam-" + memberId + "@example.org")).isEmpty();
    }

    /** A fixed-offset zone in which {@code now} is between 22:00 and 23:00: inside 21:00-08:00 quiet hours. */
    private static ZoneId zoneWhereItIsLateEvening(Instant now) {
        int utcHour = now.atZone(ZoneOffset.UTC).getHour();
        int offset = Math.floorMod(22 - utcHour + 12, 24) - 12;
        return ZoneOffset.ofHours(offset);
    }

    private static OutreachRequest flag(
            String memberId, String flagId, Recipient to, String severity, Urgency urgency) {
        String reasons = severity.equals("critical") ? "need-help" : "consecutive-misses";
        return OutreachRequest.builder(
                        memberId,
                        Ids.notificationId(memberId, "staff-flag", flagId, "1", to.key()),
                        OutreachKind.STAFF_FLAG)
                .to(to)
                .urgency(urgency)
                .data(Map.of("flagId", flagId, "severity", severity, "reasons", reasons, "change", "raised"))
                .build(Instant.now());
    }

    private static StaffMember staff(String staffId, String workEmail, boolean active) {
        return new StaffMember(
                "staff:" + staffId + ":1",
                StaffMember.SCHEMA_VERSION,
                Instant.now(),
                staffId,
                1,
                "Dana Reyes",
                workEmail,
                Set.of(StaffRole.CLINICIAN),
                Map.of(FlagSeverity.HIGH, AlertCadence.IMMEDIATELY),
                null,
                ZoneId.of("America/New_York"),
                active);
    }

    private static StaffMember revision(StaffMember s, long revision) {
        return new StaffMember(
                "staff:" + s.staffId() + ":" + revision,
                s.schemaVersion(),
                s.occurredAt(),
                s.staffId(),
                revision,
                s.name(),
                s.workEmail(),
                s.roles(),
                s.alerts(),
                s.digestAt(),
                s.timeZone(),
                s.active());
    }

    private static void publishStaff(StaffMember staff) throws Exception {
        KafkaProbes.publish(producer, Topics.STAFF_DIRECTORY, staff.staffId(), staff);
    }

    private static MemberProfile profile(String memberId, String firstName, ZoneId zone, boolean unsubscribed) {
        MemberProfile s = Samples.memberProfile();
        return new MemberProfile(
                "profile:" + memberId + ":1",
                MemberProfile.SCHEMA_VERSION,
                Instant.now(),
                memberId,
                1,
                "EXT-" + memberId.substring(0, 8),
                firstName,
                "sam-" + memberId + "@example.org",
                zone,
                "en",
                MemberStatus.ACTIVE,
                s.treatmentEndedOn(),
                s.recoveryStartDate(),
                s.plan(),
                s.copingPlan(),
                List.of(),
                new Preferences(LocalTime.of(21, 0), LocalTime.of(8, 0), true, true, unsubscribed));
    }

    /** Opens the first link of this path in the email with the service kit's signer, as the scheduler would. */
    private static LinkToken openLink(String text, String path) throws Exception {
        Matcher link = Pattern.compile("https://checkin\\.example\\.org" + Pattern.quote(path) + "([A-Za-z0-9_.-]+)")
                .matcher(text);
        assertThat(link.find()).as("a %s link", path).isTrue();
        return LinkSigner.fromSpec(LINK_KEYS, Clock.systemUTC()).verify(link.group(1));
    }

    private static String text(MimeMessage mail) throws Exception {
        Multipart parts = (Multipart) mail.getContent();
        return (String) parts.getBodyPart(0).getContent();
    }

    private static List<ReceivedMessage> mailsTo(String address) {
        return smtp.messages().stream()
                .filter(m -> m.envelopeRecipients().contains(address))
                .toList();
    }
}
