package org.aftercare.scheduler.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.aftercare.events.Event;
import org.aftercare.events.Topic;
import org.aftercare.events.Topics;
import org.aftercare.events.checkin.CheckInDueEvent;
import org.aftercare.events.checkin.CheckInResponseEvent;
import org.aftercare.events.contact.ContactActionEvent;
import org.aftercare.events.profile.ProfileEvent;
import org.aftercare.events.staff.CareTeam;
import org.aftercare.events.staff.StaffActionEvent;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.kit.health.Metrics;
import org.aftercare.kit.kafka.KafkaSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Everything the scheduler writes to Kafka, keyed by memberId (staff records by staffId), through one idempotent producer.
 * Every call waits for the broker's acknowledgement, so a caller that commits its database
 * transaction afterwards never records as done what Kafka does not have.
 */
public final class EventPublisher implements AutoCloseable {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration MAX_BLOCK = Duration.ofSeconds(10);

    private final Producer<byte[], byte[]> producer;
    private volatile KafkaClientMetrics producerMetrics;

    public EventPublisher(KafkaSettings kafka) {
        Map<String, Object> config = kafka.clientConfig("outreach-scheduler");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ACK_TIMEOUT.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        // A send waits at most this long for metadata or buffer space (default 60 s): member
        // snapshots are sent holding the member's row lock, which must not outlast the database's
        // lock timeout.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK.toMillis());
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public void profile(ProfileEvent profile) {
        await(List.of(send(Topics.MEMBER_PROFILE, profile)));
    }

    /** Many snapshots at once (outbox, resync): sent together, then every acknowledgement awaited. */
    public void profiles(List<? extends ProfileEvent> profiles) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(profiles.size());
        for (ProfileEvent p : profiles) {
            acks.add(send(Topics.MEMBER_PROFILE, p));
        }
        await(acks);
    }

    /** The tombstone of an erased member: compaction then removes every snapshot of them. */
    public void profileTombstone(String memberId) {
        await(List.of(producer.send(new ProducerRecord<>(
                Topics.MEMBER_PROFILE.name(),
                Topics.MEMBER_PROFILE.keySerde().serializer().serialize(Topics.MEMBER_PROFILE.name(), memberId),
                null))));
    }

    /** Staff records on {@code staff.directory}, keyed by staffId; every acknowledgement awaited. */
    public void staff(List<StaffMember> staff) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(staff.size());
        for (StaffMember m : staff) {
            acks.add(producer.send(new ProducerRecord<>(
                    Topics.STAFF_DIRECTORY.name(),
                    Topics.STAFF_DIRECTORY
                            .keySerde()
                            .serializer()
                            .serialize(Topics.STAFF_DIRECTORY.name(), m.staffId()),
                    Topics.STAFF_DIRECTORY.valueSerde().serializer().serialize(Topics.STAFF_DIRECTORY.name(), m))));
        }
        await(acks);
    }

    /** Care teams on {@code care.assignments}, keyed by memberId; every acknowledgement awaited. */
    public void careTeams(List<CareTeam> teams) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(teams.size());
        for (CareTeam t : teams) {
            acks.add(send(Topics.CARE_ASSIGNMENTS, t));
        }
        await(acks);
    }

    /** The care-team tombstone of an erased member (sent with the profile tombstone). */
    public void careTeamTombstone(String memberId) {
        await(List.of(producer.send(new ProducerRecord<>(
                Topics.CARE_ASSIGNMENTS.name(),
                Topics.CARE_ASSIGNMENTS.keySerde().serializer().serialize(Topics.CARE_ASSIGNMENTS.name(), memberId),
                null))));
    }

    /** What a staff member did about a flag, on {@code staff.actions}. */
    public void staffAction(StaffActionEvent action) {
        await(List.of(send(Topics.STAFF_ACTIONS, action)));
    }

    /** Records sent, acknowledgements not yet awaited. */
    public static final class Pending {
        private final List<Future<RecordMetadata>> acks;

        private Pending(List<Future<RecordMetadata>> acks) {
            this.acks = acks;
        }

        /** Waits for every acknowledgement; throws {@link PublishException} if one failed. */
        public void await() {
            EventPublisher.await(acks);
        }
    }

    /** Sends the check-ins and returns at once; the caller awaits the acknowledgements before it commits. */
    public Pending sendDue(List<? extends CheckInDueEvent> dues) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(dues.size());
        for (CheckInDueEvent due : dues) {
            acks.add(send(Topics.CHECKIN_DUE, due));
        }
        return new Pending(acks);
    }

    /**
     * A check-in serialized ahead of its send (key and value bytes): a slot's check-ins are prepared
     * seconds before their due instant, so at that instant sending costs no serialization.
     */
    public record Serialized(byte[] key, byte[] value) {}

    /** The check-in as {@link #sendSerialized} sends it. */
    public static Serialized serializeDue(CheckInDueEvent due) {
        Topic<CheckInDueEvent> topic = Topics.CHECKIN_DUE;
        return new Serialized(
                topic.keySerde().serializer().serialize(topic.name(), due.memberId()),
                topic.valueSerde().serializer().serialize(topic.name(), due));
    }

    /** Sends check-ins serialized by {@link #serializeDue} and returns at once, like {@link #sendDue}. */
    public Pending sendSerialized(List<Serialized> dues) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(dues.size());
        for (Serialized due : dues) {
            acks.add(producer.send(new ProducerRecord<>(Topics.CHECKIN_DUE.name(), due.key(), due.value())));
        }
        return new Pending(acks);
    }

    public void due(List<? extends CheckInDueEvent> dues) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(dues.size());
        for (CheckInDueEvent due : dues) {
            acks.add(send(Topics.CHECKIN_DUE, due));
        }
        await(acks);
    }

    public void response(CheckInResponseEvent response) {
        await(List.of(send(Topics.CHECKIN_RESPONSES, response)));
    }

    public void contactAction(ContactActionEvent action) {
        await(List.of(send(Topics.CONTACT_ACTIONS, action)));
    }

    private <V extends Event> Future<RecordMetadata> send(Topic<? super V> topic, V event) {
        @SuppressWarnings("unchecked")
        Topic<V> typed = (Topic<V>) topic;
        byte[] key = typed.keySerde().serializer().serialize(typed.name(), event.memberId());
        byte[] value = typed.valueSerde().serializer().serialize(typed.name(), event);
        return producer.send(new ProducerRecord<>(typed.name(), key, value));
    }

    private static void await(List<Future<RecordMetadata>> acks) {
        long deadline = System.nanoTime() + ACK_TIMEOUT.toNanos();
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while waiting for Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PublishException("Kafka did not acknowledge: " + (e.getCause() == null ? e : e.getCause()), e);
        }
    }

    /** Exposes the producer's own metrics ({@code kafka_producer_*}) on the registry until {@link #close}. */
    public void bindMetrics(MeterRegistry registry) {
        producerMetrics = Metrics.kafkaClient(registry, producer);
    }

    @Override
    public void close() {
        if (producerMetrics != null) {
            producerMetrics.close();
        }
        producer.close(Duration.ofSeconds(10));
    }

    /** Kafka did not take the events; the caller keeps its state so they are sent again. */
    public static final class PublishException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
