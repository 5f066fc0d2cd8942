package org.aftercare.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.aftercare.events.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TopicProbeIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void readsValuesByKeyAndKeepsEachRecordsHeaders() throws Exception {
        Topic<String> topic = new Topic<>(KafkaTestClients.unique("probe"), Serdes.String(), false, null);
        KafkaTestClients.createTopic(KAFKA.bootstrapServers(), topic.name());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(KafkaTestClients.producerConfig(KAFKA.bootstrapServers()))) {
            producer.send(new ProducerRecord<>(topic.name(), "m-a-1", "first")).get();
            producer.send(new ProducerRecord<>(topic.name(), "m-a-2", "second")).get();
            ProducerRecord<String, String> withReason = new ProducerRecord<>(topic.name(), "m-b-1", "dead");
            withReason.headers().add("error.reason", "cannot read".getBytes(StandardCharsets.UTF_8));
            producer.send(withReason).get();
        }

        try (TopicProbe<String> probe = new TopicProbe<>(KAFKA.bootstrapServers(), topic)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> probe.poll().size() == 3);

            assertThat(probe.valuesWhere(key -> key.startsWith("m-a-"))).containsExactly("first", "second");
            assertThat(probe.valuesFor("m-a-2")).containsExactly("second");
            List<ConsumerRecord<String, String>> dead = probe.recordsFor("m-b-1");
            assertThat(dead)
                    .singleElement()
                    .satisfies(r -> assertThat(new String(
                                    r.headers().lastHeader("error.reason").value(), StandardCharsets.UTF_8))
                            .isEqualTo("cannot read"));
        }
    }

    @Test
    void pollForReadsWhatArrivesWithinTheWindow() throws Exception {
        Topic<String> topic = new Topic<>(KafkaTestClients.unique("probe-window"), Serdes.String(), false, null);
        KafkaTestClients.createTopic(KAFKA.bootstrapServers(), topic.name());

        try (TopicProbe<String> probe = new TopicProbe<>(KAFKA.bootstrapServers(), topic);
                KafkaProducer<String, String> producer =
                        new KafkaProducer<>(KafkaTestClients.producerConfig(KAFKA.bootstrapServers()))) {
            assertThat(probe.pollFor(Duration.ofMillis(300))).isEmpty();
            producer.send(new ProducerRecord<>(topic.name(), "m-1", "late")).get();

            assertThat(probe.pollFor(Duration.ofSeconds(3)))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("late");
        }
    }
}
