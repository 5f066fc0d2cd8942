package org.aftercare.notifier.profile;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aftercare.events.Topics;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.ProfileEvent;
import org.aftercare.kit.kafka.KafkaSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code member.profile} from the beginning into a {@link ProfileTable}, on its own thread,
 * with a consumer that is assigned every partition and belongs to no group (each notifier instance
 * needs every member, and never commits). It reports when it has caught up to the end offsets seen
 * at start, and on request catches up to the end offsets of that moment ({@link #catchUp}), so the
 * delivery loop decides on consent no older than the intent it is handling.
 *
 * <p>A record it cannot read is skipped and counted (the profile is re-published whole on the
 * member's next change); its offset is logged, never its content.
 */
public final class ProfileReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProfileReader.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ProfileTable table;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch initiallyCaughtUp = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> catchUpRequests = new ConcurrentLinkedQueue<>();
    private volatile Throwable died;
    private volatile long unreadable;

    private ProfileReader(KafkaConsumer<byte[], byte[]> consumer, ProfileTable table) {
        this.consumer = consumer;
        this.table = table;
        this.thread = Thread.ofPlatform().name("notifier-profiles").daemon(true).unstarted(this::run);
    }

    public static ProfileReader start(KafkaSettings kafka, ProfileTable table) {
        Map<String, Object> config = kafka.clientConfig("outreach-notifier-profiles");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        ProfileReader reader = new ProfileReader(
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer()), table);
        reader.thread.start();
        return reader;
    }

    public ProfileTable table() {
        return table;
    }

    /** True once the table holds everything that was on the topic when the reader started. */
    public boolean isCaughtUp() {
        return initiallyCaughtUp.getCount() == 0;
    }

    public boolean isAlive() {
        return thread.isAlive() && died == null;
    }

    public long unreadableRecords() {
        return unreadable;
    }

    /** Waits until the table holds everything that was on the topic when the reader started. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return initiallyCaughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Waits until the table holds everything on the topic now (the end offsets at this call).
     * Returns false if that did not happen within the timeout.
     */
    public boolean catchUp(Duration timeout) throws InterruptedException {
        CompletableFuture<Void> request = new CompletableFuture<>();
        catchUpRequests.add(request);
        consumer.wakeup();
        try {
            request.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        }
    }

    private void run() {
        List<TopicPartition> partitions = null;
        Map<TopicPartition, Long> target = null;
        boolean refreshTarget = false;
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        try {
            while (running.get()) {
                // Any blocking call may be woken by a catch-up request; the loop simply goes round again.
                try {
                    if (partitions == null) {
                        partitions = assignAll();
                        target = consumer.endOffsets(partitions);
                    }
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        apply(record);
                    }
                    if (initiallyCaughtUp.getCount() > 0 && reached(target)) {
                        log.info("member profiles loaded: {} members", table.size());
                        initiallyCaughtUp.countDown();
                    }
                    CompletableFuture<Void> next;
                    while ((next = catchUpRequests.poll()) != null) {
                        waiting.add(next);
                        refreshTarget = true;
                    }
                    if (!waiting.isEmpty() && isCaughtUp()) {
                        if (refreshTarget) {
                            target = consumer.endOffsets(partitions);
                            refreshTarget = false;
                        }
                        if (reached(target)) {
                            waiting.forEach(f -> f.complete(null));
                            waiting.clear();
                        }
                    }
                } catch (WakeupException e) {
                    // Woken for a catch-up request or for closing: the loop condition decides.
                } catch (RetriableException e) {
                    log.warn("profile reader: Kafka not answering yet ({}), retrying", e.getClass().getSimpleName());
                }
            }
        } catch (RuntimeException e) {
            died = e;
            log.error("profile reader stopped: {}", e.toString(), e);
        } finally {
            waiting.forEach(f -> f.completeExceptionally(new IllegalStateException("profile reader stopped")));
            catchUpRequests.forEach(f -> f.completeExceptionally(new IllegalStateException("profile reader stopped")));
            consumer.close(Duration.ofSeconds(5));
            stopped.countDown();
        }
    }

    private List<TopicPartition> assignAll() {
        String topic = Topics.MEMBER_PROFILE.name();
        List<PartitionInfo> infos = null;
        while (running.get() && (infos == null || infos.isEmpty())) {
            infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        }
        List<TopicPartition> partitions = new ArrayList<>();
        if (infos != null) {
            infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }

    private boolean reached(Map<TopicPartition, Long> target) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition tp : target.keySet()) {
            positions.put(tp, consumer.position(tp));
        }
        return target.entrySet().stream().allMatch(e -> positions.get(e.getKey()) >= e.getValue());
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        String memberId = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        ProfileEvent event;
        try {
            event = Topics.MEMBER_PROFILE.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            unreadable++;
            log.warn("skipped unreadable profile at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return;
        }
        switch (event) {
            case null -> {
                if (memberId != null) {
                    table.apply(memberId, null);
                }
            }
            case MemberProfile profile -> table.apply(profile.memberId(), profile);
        }
    }

    /** Stops the thread and closes the consumer, waiting at most {@code timeout}. */
    public void close(Duration timeout) {
        running.set(false);
        consumer.wakeup();
        try {
            if (!stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("profile reader did not stop within {}", timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
