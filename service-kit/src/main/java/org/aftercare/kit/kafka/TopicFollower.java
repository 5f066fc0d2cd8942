package org.aftercare.kit.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one topic from the beginning and keeps following it, on its own thread, with a consumer
 * that is assigned every partition and belongs to no group (each instance of a service needs all
 * of it, and never commits). Each record goes to {@code apply}. It reports when it has caught up to
 * the end offsets seen at start, and on request catches up to the end offsets of that moment
 * ({@link #catchUp}), so a decision (the notifier's delivery loop, the scheduler's check of a staff
 * action) is made on state no older than the topic at that moment. Used by the notifier and the
 * scheduler alike, through {@link TableReader} or directly.
 *
 * <p>Started with an idle interval, a follower whose readers only ever look after a
 * {@link #catchUp} (the notifier's) fetches nothing between catch-ups once the initial load is
 * done: it waits for the next request, or polls once per interval so the lag stays small. A
 * follower of a topic its own process writes to would otherwise fetch every write back as it
 * happens, each a request to the broker.
 */
public final class TopicFollower implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);
    private static final Duration POLL = Duration.ofMillis(500);
    /** While a catch-up is requested: short polls, so the request is answered as soon as the data is in. */
    private static final Duration CATCH_UP_POLL = Duration.ofMillis(5);
    /** A usual idle interval for a follower read only after catch-ups. */
    public static final Duration IDLE_POLL = Duration.ofSeconds(1);

    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Consumer<ConsumerRecord<byte[], byte[]>> apply;
    private final Runnable onCaughtUp;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch initiallyCaughtUp = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final LinkedBlockingQueue<CompletableFuture<Void>> catchUpRequests = new LinkedBlockingQueue<>();
    /** Null: follow continuously. */
    private final Duration idle;

    private volatile Throwable died;
    private volatile KafkaClientMetrics clientMetrics;

    private TopicFollower(
            String topic,
            KafkaConsumer<byte[], byte[]> consumer,
            Consumer<ConsumerRecord<byte[], byte[]>> apply,
            Runnable onCaughtUp,
            String threadName,
            Duration idle) {
        this.topic = topic;
        this.idle = idle;
        this.consumer = consumer;
        this.apply = apply;
        this.onCaughtUp = onCaughtUp;
        this.thread = Thread.ofPlatform().name(threadName).daemon(true).unstarted(this::run);
    }

    /** Starts following {@code topic}; {@code onCaughtUp} runs once, when the initial load is done. */
    public static TopicFollower start(
            KafkaSettings kafka,
            String topic,
            String clientId,
            Consumer<ConsumerRecord<byte[], byte[]>> apply,
            Runnable onCaughtUp) {
        return start(kafka, topic, clientId, apply, onCaughtUp, null);
    }

    /**
     * As {@link #start(KafkaSettings, String, String, Consumer, Runnable)}, but after the initial
     * load it fetches only for a {@link #catchUp} request, or once every {@code idle} without one.
     */
    public static TopicFollower start(
            KafkaSettings kafka,
            String topic,
            String clientId,
            Consumer<ConsumerRecord<byte[], byte[]>> apply,
            Runnable onCaughtUp,
            Duration idle) {
        Map<String, Object> config = kafka.clientConfig(clientId);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A catch-up must not wait behind a fetch the broker holds open on an idle topic.
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        TopicFollower follower = new TopicFollower(
                topic,
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                apply,
                onCaughtUp,
                clientId,
                idle);
        follower.thread.start();
        return follower;
    }

    /** True once everything that was on the topic when the follower started has been applied. */
    public boolean isCaughtUp() {
        return initiallyCaughtUp.getCount() == 0;
    }

    public boolean isAlive() {
        return thread.isAlive() && died == null;
    }

    /** Waits until everything that was on the topic when the follower started has been applied. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return initiallyCaughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Waits until everything on the topic now (the end offsets at this call) has been applied.
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
                    if (idle != null && waiting.isEmpty() && isCaughtUp()) {
                        // Nobody reads between catch-ups: wait for one (or the interval) instead of fetching.
                        CompletableFuture<Void> request = catchUpRequests.poll(idle.toMillis(), TimeUnit.MILLISECONDS);
                        if (request != null) {
                            waiting.add(request);
                            refreshTarget = true;
                        }
                    }
                    // Requests are taken before polling, so a request never waits out a full poll.
                    CompletableFuture<Void> next;
                    while ((next = catchUpRequests.poll()) != null) {
                        waiting.add(next);
                        refreshTarget = true;
                    }
                    if (refreshTarget) {
                        target = consumer.endOffsets(partitions);
                        refreshTarget = false;
                    }
                    for (ConsumerRecord<byte[], byte[]> record :
                            consumer.poll(waiting.isEmpty() ? POLL : CATCH_UP_POLL)) {
                        apply.accept(record);
                    }
                    if (initiallyCaughtUp.getCount() > 0 && reached(target)) {
                        onCaughtUp.run();
                        initiallyCaughtUp.countDown();
                    }
                    if (!waiting.isEmpty() && isCaughtUp() && reached(target)) {
                        waiting.forEach(f -> f.complete(null));
                        waiting.clear();
                    }
                } catch (WakeupException e) {
                    // Woken for a catch-up request or for closing: the loop condition decides.
                } catch (RetriableException e) {
                    log.warn(
                            "{} reader: Kafka not answering yet ({}), retrying",
                            topic,
                            e.getClass().getSimpleName());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            died = e;
            log.error("{} reader stopped: {}", topic, e.toString(), e);
        } finally {
            waiting.forEach(f -> f.completeExceptionally(new IllegalStateException("reader stopped")));
            catchUpRequests.forEach(f -> f.completeExceptionally(new IllegalStateException("reader stopped")));
            consumer.close(Duration.ofSeconds(5));
            stopped.countDown();
        }
    }

    private List<TopicPartition> assignAll() {
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

    /** Stops the thread and closes the consumer, waiting at most {@code timeout}. */
    public void close(Duration timeout) {
        running.set(false);
        consumer.wakeup();
        catchUpRequests.add(CompletableFuture.completedFuture(null)); // ends an idle wait
        try {
            if (!stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} reader did not stop within {}", topic, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        KafkaClientMetrics bound = clientMetrics;
        if (bound != null) {
            bound.close();
        }
    }

    /** Exposes the consumer's own metrics ({@code kafka_consumer_*}, tagged with its client id) until {@link #close}. */
    public void bindMetrics(MeterRegistry registry) {
        KafkaClientMetrics bound = new KafkaClientMetrics(consumer);
        bound.bindTo(registry);
        clientMetrics = bound;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
