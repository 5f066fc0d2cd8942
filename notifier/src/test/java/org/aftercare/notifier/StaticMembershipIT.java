package org.aftercare.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.aftercare.events.Ids;
import org.aftercare.events.Samples;
import org.aftercare.events.Topics;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.infra.smtp.EmbeddedSmtp;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.kafka.GroupMembership;
import org.aftercare.kit.links.LinkSigner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Static members of the delivery group on a real broker: two notifiers under their own instance
 * ids share the partitions, and one that stops cleanly hands its partitions over at once rather
 * than keeping them for its session timeout (set to five minutes here, so that only a member that
 * really left lets the other deliver within the test's hang guard).
 */
class StaticMembershipIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    private static final int MEMBERS = 24;

    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : running.reversed()) {
            c.close();
        }
    }

    @Test
    void aStaticMemberThatStopsCleanlyHandsItsPartitionsOverAtOnce() throws Exception {
        EmbeddedSmtp smtp = EmbeddedSmtp.start(0);
        running.add(smtp);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer());
        running.add(producer);
        Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()));
        running.add(admin);
        String group = "static-" + UUID.randomUUID();

        NotifierService first = notifier(group, "pod-a", smtp.port());
        notifier(group, "pod-b", smtp.port());
        // Until both have joined (the group does not exist before the first one's join).
        await().atMost(HANG_GUARD).ignoreExceptions().until(() -> {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group))
                    .describedGroups()
                    .get(group)
                    .get();
            return d.members().size() == 2
                    && d.members().stream()
                            .allMatch(m -> !m.assignment().topicPartitions().isEmpty());
        });
        assertThat(admin.describeConsumerGroups(List.of(group))
                        .describedGroups()
                        .get(group)
                        .get()
                        .members())
                .extracting(MemberDescription::groupInstanceId)
                .containsExactlyInAnyOrder(Optional.of("pod-a-delivery"), Optional.of("pod-b-delivery"));

        first.close(Duration.ofSeconds(20));
        List<String> members = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            members.add(enroll(producer));
        }
        for (String memberId : members) {
            KafkaProbes.publish(producer, Topics.OUTREACH_REQUESTS, memberId, prompt(memberId));
        }

        // Members land on every partition: all are prompted only if pod-a's partitions moved to pod-b.
        await().atMost(HANG_GUARD)
                .alias("every prompt delivered by the remaining member")
                .until(() -> members.stream().allMatch(m -> mailsTo(smtp, m) == 1));
    }

    private NotifierService notifier(String group, String instanceId, int smtpPort) {
        Map<String, String> env = new HashMap<>();
        env.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers());
        env.put("OUTREACH_NOTIFIER_GROUP_ID", group);
        env.put(GroupMembership.INSTANCE_ID, instanceId);
        env.put(GroupMembership.SESSION_TIMEOUT, "5m");
        env.put("OUTREACH_NOTIFIER_HTTP_PORT", "0");
        env.put("OUTREACH_SMTP_HOST", "127.0.0.1");
        env.put("OUTREACH_SMTP_PORT", Integer.toString(smtpPort));
        env.put("OUTREACH_SMTP_POOL_SIZE", "2");
        env.put("OUTREACH_MAIL_FROM", "checkins@example.org");
        env.put("OUTREACH_MAIL_DOMAIN", "mail.example.org");
        env.put("OUTREACH_LINK_KEYS", LinkSigner.randomSpec("static"));
        env.put("OUTREACH_ADDRESS_HASH_KEY", TestFixtures.ADDRESS_HASH_KEY);
        NotifierService service = NotifierService.start(NotifierConfig.from(Settings.of(env), env));
        running.add(() -> service.close(Duration.ofSeconds(20)));
        return service;
    }

    private static String enroll(KafkaProducer<byte[], byte[]> producer) throws Exception {
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
                        "EXT-STATIC",
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
