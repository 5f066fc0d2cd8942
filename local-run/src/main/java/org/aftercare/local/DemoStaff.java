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
 * The local run's stand-in for the console's staff seeding: publishes the demo staff as
 * {@link StaffMember} on {@code staff.directory} and the demo care teams as {@link CareTeam} on
 * {@code care.assignments}, with a plain producer, as the console (which owns staff, issue 12)
 * publishes them; the scheduler, the notifier and the console's read model follow those topics.
 * Every record is at revision 1 with a deterministic event id, so seeding again changes nothing.
 * To be replaced by the console's seeding API when it lands.
 */
public final class DemoStaff implements AutoCloseable {

    /** The demo records' revision: seeding again is a replay, which the followers ignore. */
    static final long REVISION = 1;

    private final KafkaProducer<String, byte[]> producer;

    private DemoStaff(KafkaProducer<String, byte[]> producer) {
        this.producer = producer;
    }

    public static DemoStaff connect(String bootstrapServers) {
        return new DemoStaff(new KafkaProducer<>(
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
    void staff(StaffMember m) {
        send(Topics.STAFF_DIRECTORY, m.staffId(), m);
    }

    /** Publishes one demo member's care team (primary first) and waits for the broker's acknowledgement. */
    void careTeam(String memberId, String primaryStaffId, List<String> otherStaffIds) {
        send(
                Topics.CARE_ASSIGNMENTS,
                memberId,
                new CareTeam(
                        "care:" + memberId + ":" + REVISION,
                        CareTeam.SCHEMA_VERSION,
                        Instant.now(),
                        memberId,
                        REVISION,
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
