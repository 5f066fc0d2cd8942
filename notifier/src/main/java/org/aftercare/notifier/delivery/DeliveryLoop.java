package org.aftercare.notifier.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aftercare.events.Topics;
import org.aftercare.events.outreach.DeliveryEvent;
import org.aftercare.events.outreach.OutreachEvent;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.kit.kafka.DeadLetterRecords;
import org.aftercare.kit.kafka.KafkaSettings;
import org.aftercare.kit.logging.LogFields;
import org.aftercare.notifier.profile.ProfileReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.MDC;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka side of delivery. One consumer (a group, read_committed, manual commits) reads
 * {@code outreach.requests} and {@code outreach.retry}; each batch is delivered by a small pool of
 * workers (one member's intents in order on one worker, members in parallel, as many workers as
 * SMTP connections); reports go to {@code outreach.deliveries}, held intents to
 * {@code outreach.retry}, failures to {@code outreach.dlq}; then offsets are committed.
 *
 * <p>Nothing ever sleeps. A retry-topic record that is not yet due waits in memory (a priority
 * queue by due time) and its offset is not committed past, so a restart re-reads it: the topic is
 * the durable store, memory only the timer. No record waits behind another one's delay. When too
 * many are waiting, the retry partitions are paused until some are done.
 *
 * <p>Before each batch the profile table and the delivery ledger catch up with their topics, so
 * consent is never older than the intent and a send by a previous owner of a partition is known.
 * Offsets are committed only after reports, ledger entries and held intents are acknowledged: a
 * crash repeats work, and the ledger turns a repeated send into a suppressed duplicate.
 */
public final class DeliveryLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryLoop.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration CATCH_UP = Duration.ofSeconds(10);
    static final int MAX_PENDING = 20_000;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ProfileReader profiles;
    private final KafkaLedger ledger;
    private final OutreachDelivery delivery;
    private final DeliveryHooks hooks;
    private final Clock clock;
    private final DeliveryMetrics metrics;
    private final ExecutorService workers;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final PriorityQueue<ConsumerRecord<byte[], byte[]>> pending = new PriorityQueue<>(
            Comparator.comparing((ConsumerRecord<byte[], byte[]> r) -> DelayHeaders.notBefore(r.headers()))
                    .thenComparingLong(ConsumerRecord::offset));
    private volatile int pendingCount;
    private volatile Throwable died;
    private boolean retryPaused;

    private DeliveryLoop(KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer,
            ProfileReader profiles, KafkaLedger ledger, OutreachDelivery delivery, int workerCount,
            DeliveryHooks hooks, Clock clock, DeliveryMetrics metrics) {
        this.consumer = consumer;
        this.producer = producer;
        this.profiles = profiles;
        this.ledger = ledger;
        this.delivery = delivery;
        this.hooks = hooks;
        this.clock = clock;
        this.metrics = metrics;
        this.workers = Executors.newFixedThreadPool(workerCount,
                Thread.ofPlatform().name("notifier-worker-", 0).daemon(true).factory());
        this.thread = Thread.ofPlatform().name("notifier-delivery").daemon(true).unstarted(this::run);
    }

    /** Consumer properties: a group, read_committed, manual commits. */
    static Map<String, Object> consumerConfig(KafkaSettings kafka, String groupId, int maxPollRecords) {
        Map<String, Object> config = kafka.clientConfig("outreach-notifier-delivery");
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        // A batch waits at most for its sends, each bounded by the SMTP timeout; no retry waits in place.
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofMinutes(10).toMillis());
        return config;
    }

    static Map<String, Object> producerConfig(KafkaSettings kafka) {
        Map<String, Object> config = kafka.clientConfig("outreach-notifier-reports");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return config;
    }

    public static DeliveryLoop start(KafkaSettings kafka, String groupId, ProfileReader profiles, KafkaLedger ledger,
            OutreachDelivery delivery, int workers, int maxPollRecords, DeliveryHooks hooks, Clock clock,
            DeliveryMetrics metrics) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(kafka, groupId, maxPollRecords),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(kafka), new ByteArraySerializer(),
                new ByteArraySerializer());
        DeliveryLoop loop = new DeliveryLoop(consumer, producer, profiles, ledger, delivery, workers, hooks, clock,
                metrics);
        metrics.gauge("outreach.retry.pending", () -> loop.pendingCount);
        loop.thread.start();
        return loop;
    }

    public boolean isAlive() {
        return thread.isAlive() && died == null;
    }

    /** Intents waiting in memory for their retry or hold to end. */
    public int pendingCount() {
        return pendingCount;
    }

    private void run() {
        boolean crashed = false;
        try {
            while (running.get() && !(profiles.awaitCaughtUp(Duration.ofSeconds(1))
                    && ledger.awaitCaughtUp(Duration.ofSeconds(1)))) {
                log.debug("waiting for the profile table and the ledger to load");
            }
            consumer.subscribe(List.of(Topics.OUTREACH_REQUESTS.name(), Topics.OUTREACH_RETRY.name()),
                    new DropPendingOnRevoke());
            while (running.get()) {
                pauseOrResumeRetries();
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(pollTimeout());
                } catch (WakeupException e) {
                    continue;
                }
                Instant now = clock.instant();
                List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    if (isRetry(record) && DelayHeaders.notBefore(record.headers()).isAfter(now)) {
                        pending.add(record);
                    } else {
                        batch.add(record);
                    }
                }
                while (!pending.isEmpty() && !DelayHeaders.notBefore(pending.peek().headers()).isAfter(now)) {
                    batch.add(pending.poll());
                }
                pendingCount = pending.size();
                if (batch.isEmpty()) {
                    continue;
                }
                if (!catchUp()) {
                    return; // closing: nothing of this batch is committed, the next owner gets it
                }
                List<Future<RecordMetadata>> writes = Collections.synchronizedList(new ArrayList<>());
                deliverAll(batch, writes);
                producer.flush();
                for (Future<RecordMetadata> write : writes) {
                    write.get(); // a lost report, hold or dead letter must not be committed past
                }
                ledger.flush();
                hooks.beforeCommit();
                consumer.commitSync(offsetsToCommit());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (WakeupException e) {
            // Closing.
        } catch (Error e) {
            crashed = true;
            died = e;
            log.error("delivery loop halted: {}", e.toString());
        } catch (ExecutionException | RuntimeException e) {
            died = e;
            log.error("delivery loop stopped: {}", e.toString(), e);
        } finally {
            workers.shutdownNow();
            // A crash stops at once: what was not acknowledged is lost, as in a killed process.
            producer.close(crashed ? Duration.ZERO : Duration.ofSeconds(5));
            consumer.close(Duration.ofSeconds(5));
            stopped.countDown();
        }
    }

    private Duration pollTimeout() {
        if (pending.isEmpty()) {
            return POLL;
        }
        long untilDue = Duration.between(clock.instant(), DelayHeaders.notBefore(pending.peek().headers())).toMillis();
        return Duration.ofMillis(Math.max(0, Math.min(POLL.toMillis(), untilDue)));
    }

    private void pauseOrResumeRetries() {
        Set<TopicPartition> retryPartitions = new java.util.HashSet<>();
        for (TopicPartition tp : consumer.assignment()) {
            if (tp.topic().equals(Topics.OUTREACH_RETRY.name())) {
                retryPartitions.add(tp);
            }
        }
        if (!retryPaused && pending.size() >= MAX_PENDING) {
            consumer.pause(retryPartitions);
            retryPaused = true;
            log.warn("{} intents waiting in memory: retry partitions paused", pending.size());
        } else if (retryPaused && pending.size() < MAX_PENDING / 2) {
            consumer.resume(retryPartitions);
            retryPaused = false;
        } else if (retryPaused) {
            consumer.pause(retryPartitions); // partitions assigned since also wait
        }
    }

    private boolean catchUp() throws InterruptedException {
        while (running.get()) {
            if (profiles.catchUp(CATCH_UP) && ledger.catchUp(CATCH_UP)) {
                return true;
            }
            log.warn("profile table or ledger not caught up within {}; holding the batch", CATCH_UP);
        }
        return false;
    }

    /** One member's records in order on one worker; members in parallel. */
    private void deliverAll(List<ConsumerRecord<byte[], byte[]>> batch, List<Future<RecordMetadata>> writes)
            throws InterruptedException, ExecutionException {
        Map<String, List<ConsumerRecord<byte[], byte[]>>> byMember = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            String key = record.key() == null ? "\u0000" + record.topic() + record.partition() + "@" + record.offset()
                    : new String(record.key(), StandardCharsets.UTF_8);
            byMember.computeIfAbsent(key, k -> new ArrayList<>()).add(record);
        }
        List<Future<?>> tasks = new ArrayList<>();
        for (List<ConsumerRecord<byte[], byte[]>> records : byMember.values()) {
            tasks.add(workers.submit(() -> records.forEach(r -> handle(r, writes))));
        }
        try {
            for (Future<?> task : tasks) {
                task.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record, List<Future<RecordMetadata>> writes) {
        if (record.value() == null) {
            return; // nothing to deliver
        }
        OutreachEvent event;
        try {
            event = Topics.OUTREACH_REQUESTS.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            metrics.failed("unreadable");
            metrics.deadLettered("unreadable");
            log.warn("unreadable intent at {}-{}@{} sent to {}: {}", record.topic(), record.partition(),
                    record.offset(), Topics.OUTREACH_DLQ.name(), e.getMessage());
            writes.add(producer.send(DeadLetterRecords.of(Topics.OUTREACH_DLQ, record, OutreachDelivery.SERVICE, e,
                    e.getMessage(), clock.instant())));
            return;
        }
        switch (event) {
            case OutreachRequest request -> {
                try (MDC.MDCCloseable n = LogFields.put(LogFields.NOTIFICATION_ID, request.notificationId());
                        MDC.MDCCloseable m = LogFields.put(LogFields.MEMBER_ID, request.memberId());
                        MDC.MDCCloseable c = LogFields.put(LogFields.CHECK_IN_ID, java.util.Objects.requireNonNullElse(request.checkInId(), ""));
                        MDC.MDCCloseable x = LogFields.put(LogFields.ESCALATION_ID, java.util.Objects.requireNonNullElse(request.escalationId(), ""))) {
                    deliver(record, request, writes);
                }
            }
        }
    }

    private void deliver(ConsumerRecord<byte[], byte[]> record, OutreachRequest request,
            List<Future<RecordMetadata>> writes) {
        OutreachDelivery.Result result;
        try {
            result = delivery.deliver(request, isRetry(record) ? DelayHeaders.attempts(record.headers()) : 0);
        } catch (RuntimeException e) {
            log.error("notification {} could not be handled: {}", request.notificationId(), e.getClass().getName());
            metrics.failed("internal");
            metrics.deadLettered("internal-error");
            writes.add(producer.send(DeadLetterRecords.of(Topics.OUTREACH_DLQ, record, OutreachDelivery.SERVICE, e,
                    "internal-error: " + e.getClass().getSimpleName(), clock.instant())));
            return;
        }
        byte[] key = result.report().memberId().getBytes(StandardCharsets.UTF_8);
        byte[] value = Topics.OUTREACH_DELIVERIES.valueSerde().serializer()
                .serialize(Topics.OUTREACH_DELIVERIES.name(), (DeliveryEvent) result.report());
        writes.add(producer.send(new ProducerRecord<>(Topics.OUTREACH_DELIVERIES.name(), key, value)));
        if (result.retryAt() != null) {
            ProducerRecord<byte[], byte[]> held = new ProducerRecord<>(Topics.OUTREACH_RETRY.name(), key,
                    record.value());
            DelayHeaders.write(held.headers(), result.retryAt(), result.attempts(), result.report().reason());
            writes.add(producer.send(held));
        }
        if (result.deadLetterReason() != null) {
            writes.add(producer.send(DeadLetterRecords.of(Topics.OUTREACH_DLQ, record, OutreachDelivery.SERVICE,
                    result.error(), result.deadLetterReason(), clock.instant())));
        }
    }

    private static boolean isRetry(ConsumerRecord<?, ?> record) {
        return record.topic().equals(Topics.OUTREACH_RETRY.name());
    }

    /** Each partition's position, except a retry partition: not past its oldest record still waiting. */
    private Map<TopicPartition, OffsetAndMetadata> offsetsToCommit() {
        Map<TopicPartition, Long> oldestPending = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : pending) {
            oldestPending.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            long position = consumer.position(tp);
            offsets.put(tp, new OffsetAndMetadata(Math.min(position, oldestPending.getOrDefault(tp, position))));
        }
        return offsets;
    }

    /** A partition that moves away takes its waiting records with it: the next owner re-reads them. */
    private final class DropPendingOnRevoke implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            pending.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
            pendingCount = pending.size();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // Paused again, if need be, on the next round.
        }
    }

    /** Stops within {@code timeout}: leaves the current batch uncommitted. */
    public void close(Duration timeout) {
        running.set(false);
        consumer.wakeup();
        try {
            if (!stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("delivery loop did not stop within {}", timeout);
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
