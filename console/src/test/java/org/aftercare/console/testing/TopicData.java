package org.aftercare.console.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.aftercare.console.readmodel.Fixtures;
import org.aftercare.console.readmodel.MemberRecords;
import org.aftercare.events.Topic;
import org.aftercare.events.Topics;
import org.aftercare.kit.kafka.KafkaSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Records put on the shared broker's topics as the other services would (null value: a tombstone). */
public final class TopicData {

    private TopicData() {}

    public static <V> void send(String bootstrapServers, Topic<V> topic, String key, V value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                new KafkaSettings(bootstrapServers, Topics.DEFAULT_PARTITIONS, (short) 1, Map.of())
                        .clientConfig("console-test-data"),
                new StringSerializer(),
                new ByteArraySerializer())) {
            byte[] bytes =
                    value == null ? null : topic.valueSerde().serializer().serialize(topic.name(), value);
            producer.send(new ProducerRecord<>(topic.name(), key, bytes)).get();
        }
    }

    /** Publishes a member's profile and waits until the console's read model holds it. */
    public static void member(ConsoleFixture app, String memberId, String firstName) throws Exception {
        send(
                app.bootstrapServers(),
                Topics.MEMBER_PROFILE,
                memberId,
                Fixtures.profile(
                        memberId,
                        1,
                        firstName,
                        "EXT-" + memberId,
                        app.clock.instant().minusSeconds(3600)));
        MemberRecords records = new MemberRecords(app.console.database(), app.clock);
        await().atMost(Duration.ofSeconds(60)).until(() -> records.of(memberId).isPresent());
    }
}
