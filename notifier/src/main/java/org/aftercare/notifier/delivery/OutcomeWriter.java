package org.aftercare.notifier.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Future;
import org.aftercare.events.Topics;
import org.aftercare.events.outreach.DeliveryEvent;
import org.aftercare.kit.kafka.DeadLetterRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes what became of one intent: the delivery report to {@code outreach.deliveries}, the intent
 * itself (byte for byte) to {@code outreach.retry} when it is held, and a dead letter to
 * {@code outreach.dlq} when it cannot be delivered or read. Every send's future goes into the
 * batch's list, so the loop commits past the record only once all of them are acknowledged. Safe
 * for the workers to call concurrently (the producer is thread-safe, the list synchronised).
 */
final class OutcomeWriter {

    private final Producer<byte[], byte[]> producer;
    private final Clock clock;

    OutcomeWriter(Producer<byte[], byte[]> producer, Clock clock) {
        this.producer = producer;
        this.clock = clock;
    }

    /** The report, and the hold or dead letter the result asks for. */
    void result(
            ConsumerRecord<byte[], byte[]> record,
            OutreachDelivery.Result result,
            List<Future<RecordMetadata>> writes) {
        byte[] key = result.report().memberId().getBytes(StandardCharsets.UTF_8);
        byte[] value = Topics.OUTREACH_DELIVERIES
                .valueSerde()
                .serializer()
                .serialize(Topics.OUTREACH_DELIVERIES.name(), (DeliveryEvent) result.report());
        writes.add(producer.send(new ProducerRecord<>(Topics.OUTREACH_DELIVERIES.name(), key, value)));
        if (result.retryAt() != null) {
            ProducerRecord<byte[], byte[]> held =
                    new ProducerRecord<>(Topics.OUTREACH_RETRY.name(), key, record.value());
            DelayHeaders.write(
                    held.headers(),
                    result.retryAt(),
                    result.attempts(),
                    result.report().reason());
            writes.add(producer.send(held));
        }
        if (result.deadLetterReason() != null) {
            deadLetter(record, result.error(), result.deadLetterReason(), writes);
        }
    }

    /** The record as read, to the dead-letter topic, with a reason that is safe to log (never member data). */
    void deadLetter(
            ConsumerRecord<byte[], byte[]> record,
            Throwable error,
            String reason,
            List<Future<RecordMetadata>> writes) {
        writes.add(producer.send(DeadLetterRecords.of(
                Topics.OUTREACH_DLQ, record, OutreachDelivery.SERVICE, error, reason, clock.instant())));
    }
}
