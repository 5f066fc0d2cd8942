package org.aftercare.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A {@code read_committed} consumer of one topic (every partition, from its end when made, no
 * group), on its own thread: for each record that {@code identify} names (null: not this run's), it
 * notes when the poll that returned it returned, the first time that id is seen; repeats are
 * counted. What a stage "readable" means: a consumer can read it.
 */
final class StageReader implements AutoCloseable {

    final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Function<ConsumerRecord<byte[], byte[]>, String> identify;
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private final AtomicLong repeats = new AtomicLong();
    private final AtomicLong others = new AtomicLong();
    private final AtomicLong valueBytes = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    StageReader(String bootstrap, String topic, Function<ConsumerRecord<byte[], byte[]>, String> identify) {
        this.topic = topic;
        this.identify = identify;
        this.consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        5000,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "bench-stage-" + topic),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        consumer.partitionsFor(topic).forEach(p -> parts.add(new TopicPartition(p.topic(), p.partition())));
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position); // resolve the end now, before the run's records come
        this.thread = new Thread(this::run, "bench-stage-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(100));
                long readAt = System.currentTimeMillis();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    String id = identify.apply(r);
                    if (id == null) {
                        others.incrementAndGet();
                    } else if (firstSeen.putIfAbsent(id, readAt) != null) {
                        repeats.incrementAndGet();
                    } else {
                        valueBytes.addAndGet(r.value() == null ? 0 : r.value().length);
                    }
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Distinct ids seen. */
    int seen() {
        check();
        return firstSeen.size();
    }

    long repeats() {
        return repeats.get();
    }

    /** Records read that were not this run's (other kinds, other check-ins). */
    long others() {
        return others.get();
    }

    /** When each id was first read (wall-clock ms). */
    Map<String, Long> firstSeen() {
        check();
        return firstSeen;
    }

    /** The mean value size of the run's records, in bytes. */
    long meanValueBytes() {
        int n = firstSeen.size();
        return n == 0 ? 0 : valueBytes.get() / n;
    }

    private void check() {
        if (failure != null) {
            throw new IllegalStateException("the " + topic + " reader failed: " + failure, failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
