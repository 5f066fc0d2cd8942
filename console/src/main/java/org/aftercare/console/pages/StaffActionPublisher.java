package org.aftercare.console.pages;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.aftercare.events.Topics;
import org.aftercare.events.staff.StaffActionEvent;
import org.aftercare.kit.health.Metrics;
import org.aftercare.kit.kafka.KafkaSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes what staff did about a flag to {@code staff.actions} (keyed by memberId), waiting for
 * the broker's acknowledgement before the page says it is done. Idempotent producer, acks=all:
 * a retried send is written once; the event id is derived from the form's nonce, so a resubmitted
 * form carries the same id and the flag service applies it once.
 */
public final class StaffActionPublisher implements AutoCloseable {

    static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

    /** A send that was not acknowledged in time (the message carries ids only). */
    public static final class PublishFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PublishFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Producer<byte[], byte[]> producer;
    private final KafkaClientMetrics producerMetrics;

    /** A producer whose Kafka client metrics go to {@code registry}. */
    public StaffActionPublisher(KafkaSettings kafka, MeterRegistry registry) {
        Map<String, Object> config = new HashMap<>(kafka.clientConfig("outreach-console-staff-actions"));
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ACK_TIMEOUT.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.producerMetrics = Metrics.kafkaClient(registry, producer);
    }

    /** Sends the action and waits for the broker to acknowledge it. */
    public void publish(StaffActionEvent action) {
        String topic = Topics.STAFF_ACTIONS.name();
        byte[] key = Topics.STAFF_ACTIONS.keySerde().serializer().serialize(topic, action.memberId());
        byte[] value = Topics.STAFF_ACTIONS.valueSerde().serializer().serialize(topic, action);
        try {
            producer.send(new ProducerRecord<>(topic, key, value))
                    .get(ACK_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailed("interrupted while publishing " + action.eventId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PublishFailed("staff action " + action.eventId() + " not acknowledged by the broker", e);
        }
    }

    @Override
    public void close() {
        producerMetrics.close();
        producer.close(Duration.ofSeconds(5));
    }
}
