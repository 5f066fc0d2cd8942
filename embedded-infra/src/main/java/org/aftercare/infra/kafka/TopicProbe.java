package org.aftercare.infra.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.aftercare.events.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads one topic from the beginning (all partitions, committed records only) into a list a test
 * can wait on, with the topic's own serdes. Each {@link #poll()} reads what has arrived since the
 * last one; the records keep their headers (a dead letter's error reason), the value views filter
 * by key (tests isolate themselves with unique member ids). The one way every module's tests read
 * a topic, instead of a hand-rolled consumer per test.
 */
public final class TopicProbe<V> implements AutoCloseable {

    private final KafkaConsumer<String, V> consumer;
    private final List<ConsumerRecord<String, V>> seen = new ArrayList<>();

    public TopicProbe(String bootstrapServers, Topic<V> topic) {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "probe-" + UUID.randomUUID(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Everything read so far, after reading what has arrived. */
    public List<ConsumerRecord<String, V>> poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        return List.copyOf(seen);
    }

    /**
     * Everything read so far, after reading for the whole {@code window}: records that are
     * committed within it are in the answer (a check that nothing more arrives, e.g. no duplicate).
     */
    public List<ConsumerRecord<String, V>> pollFor(Duration window) {
        long deadline = System.nanoTime() + window.toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            consumer.poll(Duration.ofNanos(left)).forEach(seen::add);
        }
        return List.copyOf(seen);
    }

    /** The records read so far for one key (a member), headers included. */
    public List<ConsumerRecord<String, V>> recordsFor(String key) {
        return poll().stream().filter(r -> key.equals(r.key())).toList();
    }

    /** The values read so far for one key (a member). */
    public List<V> valuesFor(String key) {
        return valuesWhere(key::equals);
    }

    /** The values read so far whose key matches, e.g. the members of one test ({@code startsWith(prefix)}). */
    public List<V> valuesWhere(Predicate<String> key) {
        return poll().stream()
                .filter(r -> r.key() != null && key.test(r.key()))
                .map(ConsumerRecord::value)
                .toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
