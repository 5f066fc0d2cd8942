package org.aftercare.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaBrokerExtensionIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void extensionHandsOutABrokerThatRoundTripsARecord() throws Exception {
        String topic = KafkaTestClients.unique("contact.actions");
        KafkaTestClients.createTopic(KAFKA.bootstrapServers(), topic);

        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(KafkaTestClients.producerConfig(KAFKA.bootstrapServers()))) {
            producer.send(new ProducerRecord<>(topic, "member-4", "acknowledged"))
                    .get();
        }

        assertThat(KafkaTestClients.consumeAll(KAFKA.bootstrapServers(), topic, 1, "read_uncommitted"))
                .extracting(ConsumerRecord::value)
                .containsExactly("acknowledged");
    }

    @Test
    void everyTestClassSharesTheSameBroker() {
        assertThat(new KafkaBrokerExtension().bootstrapServers()).isEqualTo(KAFKA.bootstrapServers());
    }
}
