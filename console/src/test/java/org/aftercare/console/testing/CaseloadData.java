package org.aftercare.console.testing;

import static org.aftercare.console.readmodel.Fixtures.answered;
import static org.aftercare.console.readmodel.Fixtures.completed;
import static org.aftercare.console.readmodel.Fixtures.missed;
import static org.aftercare.console.readmodel.Fixtures.profile;
import static org.aftercare.console.readmodel.Fixtures.raised;
import static org.aftercare.console.readmodel.Fixtures.risk;
import static org.aftercare.console.readmodel.Fixtures.staff;
import static org.aftercare.console.readmodel.Fixtures.team;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.aftercare.console.readmodel.MemberRecords;
import org.aftercare.events.Topic;
import org.aftercare.events.Topics;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.risk.RiskTier;
import org.aftercare.events.staff.StaffRole;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Two clinicians and a member each, published on the real broker as the other services would:
 * staff records, profiles, care teams, risk, a critical flag on member {@link #member}, check-in
 * statuses and answers with craving and mood (inside 30 days, and one between 30 and 90 days
 * ago). Ids carry a random suffix, so test classes sharing the broker do not meet. {@link
 * #publish} returns once the fixture's read model shows all of it.
 */
public final class CaseloadData {

    public final String suffix = UUID.randomUUID().toString().substring(0, 8);
    public final String clinicianA = "clin-a-" + suffix;
    public final String clinicianB = "clin-b-" + suffix;
    public final String supervisor = "sup-" + suffix;
    public final String member = "m-a-" + suffix;
    public final String otherMember = "m-b-" + suffix;
    public final String memberName = "Avery";
    public final String otherName = "Blake";
    public final String externalId = "EXT-A-" + suffix;
    public final String otherExternalId = "EXT-B-" + suffix;
    public final String flagId = "flag-" + suffix;
    public final String note = "Rough night, going to a meeting " + suffix;

    public CaseloadData publish(ConsoleFixture app) throws Exception {
        Instant now = app.clock.instant();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                new org.aftercare.kit.kafka.KafkaSettings(
                                app.bootstrapServers(), Topics.DEFAULT_PARTITIONS, (short) 1, java.util.Map.of())
                        .clientConfig("console-test-data"),
                new StringSerializer(),
                new ByteArraySerializer())) {
            send(
                    producer,
                    Topics.STAFF_DIRECTORY,
                    clinicianA,
                    staff(clinicianA, 1, "Dana Whitfield", StaffRole.CLINICIAN));
            send(producer, Topics.STAFF_DIRECTORY, clinicianB, staff(clinicianB, 1, "Lee Park", StaffRole.CLINICIAN));
            send(
                    producer,
                    Topics.MEMBER_PROFILE,
                    member,
                    profile(member, 1, memberName, externalId, now.minusSeconds(86_400)));
            send(
                    producer,
                    Topics.MEMBER_PROFILE,
                    otherMember,
                    profile(otherMember, 1, otherName, otherExternalId, now.minusSeconds(86_400)));
            send(producer, Topics.CARE_ASSIGNMENTS, member, team(member, 1, clinicianA));
            send(producer, Topics.CARE_ASSIGNMENTS, otherMember, team(otherMember, 1, clinicianB));
            send(
                    producer,
                    Topics.MEMBER_RISK,
                    member,
                    risk(member, RiskTier.VERY_HIGH, LocalDate.parse("2026-03-01"), now.minusSeconds(3600)));
            send(
                    producer,
                    Topics.MEMBER_RISK,
                    otherMember,
                    risk(otherMember, RiskTier.STANDARD, null, now.minusSeconds(3600)));
            send(
                    producer,
                    Topics.CASE_FLAGS,
                    member,
                    raised(member, flagId, FlagSeverity.CRITICAL, now.minusSeconds(7200)));
            Instant d1 = now.minus(Duration.ofDays(1));
            Instant d2 = now.minus(Duration.ofDays(2));
            Instant d3 = now.minus(Duration.ofDays(3));
            Instant d40 = now.minus(Duration.ofDays(40));
            send(producer, Topics.CHECKIN_STATUS, member, missed(member, "ci-2-" + suffix, d2));
            send(producer, Topics.CHECKIN_STATUS, member, completed(member, "ci-1-" + suffix, d1));
            send(
                    producer,
                    Topics.CHECKIN_RESPONSES,
                    member,
                    answered(member, "ci-1-" + suffix, AnswerStatus.STRUGGLING, 7, 2, note, d1.plusSeconds(300)));
            send(
                    producer,
                    Topics.CHECKIN_RESPONSES,
                    member,
                    answered(member, "ci-3-" + suffix, AnswerStatus.OK, 3, 4, null, d3.plusSeconds(300)));
            send(
                    producer,
                    Topics.CHECKIN_RESPONSES,
                    member,
                    answered(member, "ci-40-" + suffix, AnswerStatus.OK, 2, 5, null, d40.plusSeconds(300)));
        }
        MemberRecords records = new MemberRecords(app.console.database(), app.clock);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> records.of(otherMember).isPresent()
                        && records.of(member)
                                .map(r -> r.openFlags().size() == 1 && r.primaryStaffId() != null)
                                .orElse(false)
                        && records.series(member, 90).answers().size() == 3
                        && records.timeline(member, null, null, 100).size() >= 6);
        return this;
    }

    private static <V> void send(KafkaProducer<String, byte[]> producer, Topic<V> topic, String key, V value)
            throws Exception {
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        producer.send(new ProducerRecord<>(topic.name(), key, bytes)).get();
    }
}
