package org.aftercare.streams.faults;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aftercare.events.Topics;
import org.aftercare.kit.kafka.DeadLetterRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that was read but could not be handled (a bug, or a decision that breaks an event
 * contract) is copied, as the raw bytes it arrived with, to {@code streams.dlq} with the
 * {@link org.aftercare.events.DeadLetters} headers, and processing continues. A failure inside a
 * punctuation has no source record: it is logged (ids and exception class only) and skipped; so
 * is one read by the global thread ({@code staff.directory}), which cannot write dead letters.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String reason = DeadLetterReasons.of(exception);
        if (context.topic() == null
                || context.sourceRawValue() == null
                || DeadLetterDeserializationHandler.GLOBAL_TOPICS.contains(context.topic())) {
            log.error(
                    "processing failed in {} (task {}) without a source record: {}",
                    context.processorNodeId(),
                    context.taskId(),
                    reason);
            return Response.resume();
        }
        log.warn(
                "record at {}-{}@{} failed in {} and was sent to {}: {}",
                context.topic(),
                context.partition(),
                context.offset(),
                context.processorNodeId(),
                Topics.STREAMS_DLQ.name(),
                reason);
        ConsumerRecord<byte[], byte[]> source = new ConsumerRecord<>(
                context.topic(),
                context.partition(),
                context.offset(),
                context.timestamp(),
                TimestampType.CREATE_TIME,
                -1,
                -1,
                context.sourceRawKey(),
                context.sourceRawValue(),
                context.headers(),
                Optional.empty());
        return Response.resume(List.of(DeadLetterRecords.of(
                Topics.STREAMS_DLQ,
                source,
                DeadLetterDeserializationHandler.SERVICE,
                exception,
                reason,
                Instant.now())));
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // Nothing to configure: the dead-letter topic is the one the events module declares.
    }
}
