package org.aftercare.infra.kafka;

import static org.aftercare.infra.kafka.KafkaTestClients.consumeAll;
import static org.aftercare.infra.kafka.KafkaTestClients.createTopic;
import static org.aftercare.infra.kafka.KafkaTestClients.producerConfig;
import static org.aftercare.infra.kafka.KafkaTestClients.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaIT {

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void recordProducedToACreatedTopicIsConsumed() throws Exception {
        String topic = unique("checkin.due");
        createTopic(kafka.bootstrapServers(), topic);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(kafka.bootstrapServers()))) {
            producer.send(new ProducerRecord<>(topic, "member-1", "due")).get();
        }

        assertThat(consumeAll(kafka.bootstrapServers(), topic, 1, "read_uncommitted"))
                .singleElement()
                .satisfies(record -> {
                    assertThat(record.key()).isEqualTo("member-1");
                    assertThat(record.value()).isEqualTo("due");
                });
    }

    @Test
    void transactionalProducerCommitsOnASingleNode() throws Exception {
        String topic = unique("outreach.requests");
        createTopic(kafka.bootstrapServers(), topic);
        Map<String, Object> config = producerConfig(kafka.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, unique("tx"));

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "member-2", "first"));
            producer.send(new ProducerRecord<>(topic, "member-2", "second"));
            producer.commitTransaction();
        }

        assertThat(consumeAll(kafka.bootstrapServers(), topic, 2, "read_committed"))
                .extracting(ConsumerRecord::value)
                .containsExactly("first", "second");
    }

    @Test
    void brokerOnAFixedPortAdvertisesThatPortAndClosesTwiceSafely() throws Exception {
        int port = freePort();
        EmbeddedKafka fixed = EmbeddedKafka.start(port);
        try {
            assertThat(fixed.bootstrapServers()).isEqualTo("localhost:" + port);
            String topic = unique("member.profile");
            createTopic(fixed.bootstrapServers(), topic);
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(producerConfig(fixed.bootstrapServers()))) {
                producer.send(new ProducerRecord<>(topic, "member-3", "profile"))
                        .get();
            }
            assertThat(consumeAll(fixed.bootstrapServers(), topic, 1, "read_uncommitted"))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("profile");
        } finally {
            fixed.close();
            fixed.close();
        }
    }

    @Test
    void brokerOnATakenPortFailsWithAMessageNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> EmbeddedKafka.start(port))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("on port " + port);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
