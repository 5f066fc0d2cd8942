package org.aftercare.kit.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.aftercare.events.DeadLetters;
import org.aftercare.events.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Builds the dead-letter copy of a record that could not be read or handled: the original key and
 * value bytes unchanged, the original headers kept, and the {@link DeadLetters} headers added.
 * The reason must be safe to store (no member data): pass a reason such as
 * {@code SerializationException}'s message from the events serde.
 */
public final class DeadLetterRecords {

    private DeadLetterRecords() {}

    public static ProducerRecord<byte[], byte[]> of(
            Topic<byte[]> dlq,
            ConsumerRecord<byte[], byte[]> source,
            String service,
            Throwable error,
            String reason,
            Instant now) {
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(dlq.name(), null, source.key(), source.value(), source.headers());
        Headers h = record.headers();
        put(h, DeadLetters.SOURCE_TOPIC, source.topic());
        put(h, DeadLetters.SOURCE_PARTITION, Integer.toString(source.partition()));
        put(h, DeadLetters.SOURCE_OFFSET, Long.toString(source.offset()));
        put(h, DeadLetters.ERROR_CLASS, error.getClass().getName());
        put(h, DeadLetters.ERROR_REASON, reason);
        put(h, DeadLetters.FAILED_AT, now.toString());
        put(h, DeadLetters.SERVICE, service);
        return record;
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }
}
