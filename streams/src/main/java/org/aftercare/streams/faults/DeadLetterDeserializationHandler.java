package org.aftercare.streams.faults;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aftercare.events.Topics;
import org.aftercare.kit.kafka.DeadLetterRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that cannot be read (not JSON, unknown type, broken contract) is copied byte for byte
 * to {@code streams.dlq} with the {@link org.aftercare.events.DeadLetters} headers, and processing
 * continues with the next record. Kafka Streams writes the dead-letter record itself (KIP-1034),
 * inside the same exactly-once transaction as the offsets it skips.
 *
 * <p>Except for a global store's topic ({@code staff.directory}): the global thread has no record
 * collector to write a dead letter with (Kafka Streams 4.3 fails the thread with a
 * {@code ClassCastException} when asked to, and a global thread cannot be replaced), so such a
 * record is logged with its coordinates and reason and skipped; the topic is compacted and the
 * console writes the next full snapshot of that staff member.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    static final String SERVICE = "streams";

    /** The topics read by the global thread, which cannot write dead letters. */
    static final Set<String> GLOBAL_TOPICS = Set.of(Topics.STAFF_DIRECTORY.name());

    private static final Logger log = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    @Override
    public Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        String reason = DeadLetterReasons.of(exception);
        if (GLOBAL_TOPICS.contains(record.topic())) {
            log.error(
                    "unreadable record at {}-{}@{} skipped (a global store's topic has no dead letters): {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    reason);
            return Response.resume();
        }
        log.warn(
                "unreadable record at {}-{}@{} sent to {}: {}",
                record.topic(),
                record.partition(),
                record.offset(),
                Topics.STREAMS_DLQ.name(),
                reason);
        return Response.resume(
                List.of(DeadLetterRecords.of(Topics.STREAMS_DLQ, record, SERVICE, exception, reason, Instant.now())));
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // Nothing to configure: the dead-letter topic is the one the events module declares.
    }
}
