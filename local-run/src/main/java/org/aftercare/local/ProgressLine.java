package org.aftercare.local;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.aftercare.events.Topic;
import org.aftercare.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The live progress line of the local run: committed events per topic and emails received, every
 * few seconds. It reads every topic from the beginning with its own consumer (no group, nothing
 * committed), so it counts what the services really wrote, not what they meant to.
 */
public final class ProgressLine implements AutoCloseable {

    private static final Map<String, String> SHORT = Map.ofEntries(
            Map.entry(Topics.MEMBER_PROFILE.name(), "profiles"),
            Map.entry(Topics.CHECKIN_DUE.name(), "due"),
            Map.entry(Topics.CHECKIN_RESPONSES.name(), "answers"),
            Map.entry(Topics.CHECKIN_STATUS.name(), "status"),
            Map.entry(Topics.CONTACT_ACTIONS.name(), "contact"),
            Map.entry(Topics.OUTREACH_REQUESTS.name(), "intents"),
            Map.entry(Topics.OUTREACH_DELIVERIES.name(), "deliveries"),
            Map.entry(Topics.MEMBER_RISK.name(), "risk"),
            Map.entry(Topics.CASE_FLAGS.name(), "flags"),
            Map.entry(Topics.STAFF_ACTIONS.name(), "staff-actions"),
            Map.entry(Topics.STAFF_DIRECTORY.name(), "staff"),
            Map.entry(Topics.CARE_ASSIGNMENTS.name(), "care-teams"),
            Map.entry(Topics.STREAMS_DLQ.name(), "dlq(streams)"),
            Map.entry(Topics.OUTREACH_DLQ.name(), "dlq(notifier)"));

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public ProgressLine(String bootstrapServers, IntSupplier emailsReceived, PrintStream out, Duration every) {
        Topics.ALL.forEach(t -> counts.put(t.name(), new AtomicLong()));
        Instant started = Instant.now();
        thread = Thread.ofPlatform().name("progress-line").daemon().start(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                    Map.of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                            ConsumerConfig.CLIENT_ID_CONFIG, "local-run-progress"),
                    new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = Topics.ALL.stream()
                        .map(Topic::name)
                        .flatMap(name -> consumer.partitionsFor(name).stream())
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Instant nextPrint = Instant.now().plus(every);
                while (running.get()) {
                    consumer.poll(Duration.ofMillis(500))
                            .forEach(r -> counts.get(r.topic()).incrementAndGet());
                    if (Instant.now().isAfter(nextPrint)) {
                        out.println(line(Duration.between(started, Instant.now()), emailsReceived.getAsInt()));
                        nextPrint = Instant.now().plus(every);
                    }
                }
            } catch (InterruptException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    String line(Duration elapsed, int emails) {
        StringBuilder b =
                new StringBuilder(String.format("[%02d:%02d] events:", elapsed.toMinutes(), elapsed.toSecondsPart()));
        Topics.ALL.forEach(t -> b.append(' ')
                .append(SHORT.getOrDefault(t.name(), t.name()))
                .append('=')
                .append(counts.get(t.name()).get()));
        return b.append(" | emails received=").append(emails).toString();
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(Duration.ofSeconds(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
