package org.aftercare.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.aftercare.events.Topic;
import org.aftercare.events.Topics;
import org.aftercare.events.outreach.DeliveryEvent;
import org.aftercare.events.outreach.DeliveryOutcome;
import org.aftercare.events.outreach.DeliveryReport;
import org.aftercare.infra.kafka.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;

/**
 * What the notifier's integration tests write to and read back from Kafka: events published as a
 * service would, delivery reports and dead letters read through embedded-infra's {@link TopicProbe}.
 */
final class KafkaProbes {

    private KafkaProbes() {}

    /** Publishes one event keyed by its member and waits for the broker's acknowledgement. */
    static <V> void publish(Producer<byte[], byte[]> producer, Topic<V> topic, String memberId, V value)
            throws Exception {
        producer.send(new ProducerRecord<>(
                        topic.name(),
                        memberId.getBytes(StandardCharsets.UTF_8),
                        topic.valueSerde().serializer().serialize(topic.name(), value)))
                .get();
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Waits until at least one dead letter of this member is on the topic; returns them all. */
    static List<ConsumerRecord<String, byte[]>> awaitDeadLetters(
            TopicProbe<byte[]> dlq, String memberId, Duration wait) {
        await().atMost(wait).until(() -> !deadLetters(dlq, memberId).isEmpty());
        return deadLetters(dlq, memberId);
    }

    private static List<ConsumerRecord<String, byte[]>> deadLetters(TopicProbe<byte[]> dlq, String memberId) {
        return dlq.poll().stream().filter(r -> memberId.equals(r.key())).toList();
    }

    /** Reads {@code outreach.deliveries} from the beginning. */
    static final class Reports implements AutoCloseable {
        private final TopicProbe<DeliveryEvent> probe;
        private final Duration wait;

        Reports(String bootstrapServers, Duration wait) {
            this.probe = new TopicProbe<>(bootstrapServers, Topics.OUTREACH_DELIVERIES);
            this.wait = wait;
        }

        /** Waits for the report of this outcome of this notification, and checks whose it is. */
        DeliveryReport await(String memberId, String notificationId, DeliveryOutcome outcome) {
            Awaitility.await().atMost(wait).until(() -> count(notificationId, outcome) > 0);
            DeliveryReport report = reports(notificationId, outcome).getFirst();
            assertThat(report.memberId()).isEqualTo(memberId);
            return report;
        }

        long count(String notificationId, DeliveryOutcome outcome) {
            return reports(notificationId, outcome).size();
        }

        /** Every report of this notification read so far, in order. */
        List<DeliveryReport> all(String notificationId) {
            return probe.poll().stream()
                    .map(ConsumerRecord::value)
                    .filter(e ->
                            e instanceof DeliveryReport r && r.notificationId().equals(notificationId))
                    .map(DeliveryReport.class::cast)
                    .toList();
        }

        private List<DeliveryReport> reports(String notificationId, DeliveryOutcome outcome) {
            return probe.poll().stream()
                    .map(ConsumerRecord::value)
                    .filter(e -> e instanceof DeliveryReport r
                            && r.notificationId().equals(notificationId)
                            && r.outcome() == outcome)
                    .map(DeliveryReport.class::cast)
                    .toList();
        }

        @Override
        public void close() {
            probe.close();
        }
    }
}
