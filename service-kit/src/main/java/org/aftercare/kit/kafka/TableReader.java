package org.aftercare.kit.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.aftercare.events.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a compacted topic from the beginning into a table of the latest value per key and keeps
 * following it (a {@link TopicFollower}: every partition, no group, never commits), so a decision
 * can wait with {@link #catchUp} for a table no older than what it is handling. A null value (a
 * tombstone) is given to the table as null for its key. The notifier's profile and staff tables
 * and the scheduler's followed copy of staff and care teams are built with it.
 *
 * <p>A record it cannot read is skipped and counted (the writer re-publishes the whole record on
 * the next change); its offset is logged, never its content.
 *
 * @param <E> the topic's values
 */
public class TableReader<E> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TableReader.class);

    private final Topic<E> topic;
    private final Function<E, String> keyOf;
    private final Sink<E> table;
    private volatile TopicFollower follower;
    private volatile long unreadable;

    /**
     * @param keyOf the key a value is for (the record key is used only for a tombstone)
     * @param table where each latest value (null for a tombstone) goes, by key
     */
    protected TableReader(Topic<E> topic, Function<E, String> keyOf, BiConsumer<String, E> table) {
        this(topic, keyOf, (key, value, raw) -> table.accept(key, value));
    }

    /**
     * As {@link #TableReader(Topic, Function, BiConsumer)}, for a table that keeps each value as the
     * record's bytes (read and checked once here) instead of the object graph.
     */
    protected TableReader(Topic<E> topic, Function<E, String> keyOf, Sink<E> table) {
        this.topic = topic;
        this.keyOf = keyOf;
        this.table = table;
    }

    /** Where each latest value goes, with the record's value bytes it was read from (null for a tombstone). */
    @FunctionalInterface
    protected interface Sink<E> {
        void accept(String key, E value, byte[] raw);
    }

    /** Starts following; {@code loaded} runs once, when the table holds what the topic held at start. */
    protected final void follow(KafkaSettings kafka, String clientName, Runnable loaded) {
        follower = TopicFollower.start(kafka, topic.name(), clientName, this::apply, loaded);
    }

    /**
     * As {@link #follow(KafkaSettings, String, Runnable)}, for a table read only after a
     * {@link #catchUp}: between catch-ups it fetches once per {@code idle} (see {@link TopicFollower}).
     */
    protected final void follow(KafkaSettings kafka, String clientName, Runnable loaded, Duration idle) {
        follower = TopicFollower.start(kafka, topic.name(), clientName, this::apply, loaded, idle);
    }

    /** True once the table holds everything that was on the topic when the reader started. */
    public boolean isCaughtUp() {
        return follower.isCaughtUp();
    }

    public boolean isAlive() {
        return follower.isAlive();
    }

    public long unreadableRecords() {
        return unreadable;
    }

    /** Waits until the table holds everything that was on the topic when the reader started. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }

    /** Waits until the table holds everything on the topic now; false if not within the timeout. */
    public boolean catchUp(Duration timeout) throws InterruptedException {
        return follower.catchUp(timeout);
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        E value;
        try {
            value = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            unreadable++;
            log.warn(
                    "skipped unreadable record at {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            return;
        }
        if (value != null) {
            table.accept(keyOf.apply(value), value, record.value());
        } else if (record.key() != null) {
            table.accept(new String(record.key(), StandardCharsets.UTF_8), null, null);
        }
    }

    /** Exposes the started reader's consumer metrics ({@code kafka_consumer_*}) on the registry. */
    public void bindMetrics(MeterRegistry registry) {
        follower.bindMetrics(registry);
    }

    /** Stops the thread and closes the consumer, waiting at most {@code timeout}. */
    public void close(Duration timeout) {
        follower.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
