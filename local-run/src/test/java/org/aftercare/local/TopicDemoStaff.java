package org.aftercare.local;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.aftercare.events.Topic;
import org.aftercare.events.Topics;
import org.aftercare.events.staff.CareTeam;
import org.aftercare.events.staff.StaffMember;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * For a test without a console: the demo staff as {@link StaffMember} on {@code staff.directory}
 * and the demo care teams as {@link CareTeam} on {@code care.assignments}, published with a plain
 * producer as the console publishes them. Every record is at revision 1 with a deterministic event
 * id, so seeding again is a replay the followers ignore. The local run seeds through the console
 * ({@link DemoStaff#console}).
 */
final class TopicDemoStaff implements DemoStaff, AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    private TopicDemoStaff(KafkaProducer<String, byte[]> producer) {
        this.producer = producer;
    }

    static TopicDemoStaff connect(String bootstrapServers) {
        return new TopicDemoStaff(new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "outreach-local-demo-staff",
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new ByteArraySerializer()));
    }

    /** Publishes one demo staff record and waits for the broker's acknowledgement. */
    @Override
    public void staff(StaffMember m) {
        send(Topics.STAFF_DIRECTORY, m.staffId(), m);
    }

    /** Publishes one demo member's care team (primary first) and waits for the broker's acknowledgement. */
    @Override
    public void careTeam(String memberId, String primaryStaffId, List<String> otherStaffIds) {
        send(
                Topics.CARE_ASSIGNMENTS,
                memberId,
                new CareTeam(
                        "care:" + memberId + ":" + DemoStaff.REVISION,
                        CareTeam.SCHEMA_VERSION,
                        Instant.now(),
                        memberId,
                        DemoStaff.REVISION,
                        primaryStaffId,
                        otherStaffIds));
    }

    private <V> void send(Topic<V> topic, String key, V value) {
        try {
            producer.send(new ProducerRecord<>(
                            topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value)))
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the demo staff", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the demo staff were not published to " + topic.name() + ": " + e, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
