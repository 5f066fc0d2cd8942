package org.aftercare.notifier.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aftercare.events.Topics;
import org.aftercare.events.outreach.OutreachEvent;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.kit.kafka.GroupMembership;
import org.aftercare.kit.kafka.KafkaSettings;
import org.aftercare.kit.logging.LogFields;
import org.aftercare.notifier.profile.ProfileReader;
import org.aftercare.notifier.staff.StaffReader;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The Kafka side of delivery, and the loop that drives it. One consumer (a group, read_committed,
 * manual commits) reads {@code outreach.requests} and {@code outreach.retry}; each batch is
 * delivered by {@link MemberWorkers} (one member's intents in order, members in parallel);
 * {@link OutcomeWriter} writes reports to {@code outreach.deliveries}, held intents to
 * {@code outreach.retry}, failures to {@code outreach.dlq}; then offsets are committed.
 *
 * <p>Nothing ever sleeps. A retry-topic record that is not yet due waits in {@link RetryTimer}
 * and its offset is not committed past, so a restart re-reads it: the topic is the durable store,
 * memory only the timer. No record waits behind another one's delay. When too many are waiting,
 * the retry partitions are paused until some are done.
 *
 * <p>Before each batch the profile table, the staff directory and the delivery ledger catch up
 * with their topics, so consent and work emails are never older than the intent and a send by a
 * previous owner of a partition is known.
 * Offsets are committed only after reports, ledger entries and held intents are acknowledged: a
 * crash repeats work, and the ledger turns a repeated send into a suppressed duplicate.
 */
public final class DeliveryLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryLoop.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration CATCH_UP = Duration.ofSeconds(10);
    /** The delivery consumer's role in its static instance id ({@code <pod name>-delivery}). */
    static final String ROLE = "delivery";

    static final int MAX_PENDING = 20_000;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final GroupMembership.Claim membership;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ProfileReader profiles;
    private final StaffReader staff;
    private final KafkaLedger ledger;
    private final OutreachDelivery delivery;
    private final DeliveryHooks hooks;
    private final Clock clock;
    private final DeliveryMetrics metrics;
    private final MemberWorkers workers;
    private final OutcomeWriter outcomes;
    private final RetryTimer timer = new RetryTimer(MAX_PENDING);
    private final ExecutorService catchUpThreads = Executors.newFixedThreadPool(
            2, Thread.ofPlatform().name("notifier-catch-up-", 0).daemon(true).factory());
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Throwable died;

    private DeliveryLoop(
            KafkaConsumer<byte[], byte[]> consumer,
            GroupMembership.Claim membership,
            KafkaProducer<byte[], byte[]> producer,
            ProfileReader profiles,
            StaffReader staff,
            KafkaLedger ledger,
            OutreachDelivery delivery,
            int workerCount,
            DeliveryHooks hooks,
            Clock clock,
            DeliveryMetrics metrics) {
        this.consumer = consumer;
        this.membership = membership;
        this.producer = producer;
        this.profiles = profiles;
        this.staff = staff;
        this.ledger = ledger;
        this.delivery = delivery;
        this.hooks = hooks;
        this.clock = clock;
        this.metrics = metrics;
        this.workers = new MemberWorkers(workerCount);
        this.outcomes = new OutcomeWriter(producer, clock);
        this.thread = Thread.ofPlatform().name("notifier-delivery").daemon(true).unstarted(this::run);
    }

    /**
     * Consumer properties: a group (static membership under the configured instance id, the chosen
     * session timeout), read_committed, manual commits.
     */
    static Map<String, Object> consumerConfig(KafkaSettings kafka, String groupId, int maxPollRecords) {
        Map<String, Object> config = kafka.clientConfig("outreach-notifier-delivery");
        config.putAll(kafka.groupMembership().consumerConfig(ROLE));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        // A batch waits at most for its sends, each bounded by the SMTP timeout; no retry waits in place.
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int)
                Duration.ofMinutes(10).toMillis());
        return config;
    }

    static Map<String, Object> producerConfig(KafkaSettings kafka) {
        Map<String, Object> config = kafka.clientConfig("outreach-notifier-reports");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Reports, holds and dead letters are flushed before each commit, so nothing waits for the
        // linger: it only gathers a batch's writes into a few requests to the broker.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 50);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        return config;
    }

    public static DeliveryLoop start(
            KafkaSettings kafka,
            String groupId,
            ProfileReader profiles,
            StaffReader staff,
            KafkaLedger ledger,
            OutreachDelivery delivery,
            int workers,
            int maxPollRecords,
            DeliveryHooks hooks,
            Clock clock,
            DeliveryMetrics metrics) {
        // Two consumers of this process under one instance id would fence each other: refused here.
        GroupMembership.Claim membership = kafka.groupMembership().claim(groupId, ROLE);
        KafkaConsumer<byte[], byte[]> consumer;
        try {
            consumer = new KafkaConsumer<>(
                    consumerConfig(kafka, groupId, maxPollRecords),
                    new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
        } catch (RuntimeException e) {
            membership.close();
            throw e;
        }
        KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(producerConfig(kafka), new ByteArraySerializer(), new ByteArraySerializer());
        DeliveryLoop loop = new DeliveryLoop(
                consumer, membership, producer, profiles, staff, ledger, delivery, workers, hooks, clock, metrics);
        log.info("delivery consumer in group {}: {}", groupId, kafka.groupMembership());
        metrics.gauge("outreach.retry.pending", loop.timer::size);
        metrics.bindClient(consumer);
        metrics.bindClient(producer);
        loop.thread.start();
        return loop;
    }

    public boolean isAlive() {
        return thread.isAlive() && died == null;
    }

    /** Intents waiting in memory for their retry or hold to end. */
    public int pendingCount() {
        return timer.size();
    }

    private void run() {
        boolean crashed = false;
        try {
            while (running.get()
                    && !(profiles.awaitCaughtUp(Duration.ofSeconds(1))
                            && staff.awaitCaughtUp(Duration.ofSeconds(1))
                            && ledger.awaitCaughtUp(Duration.ofSeconds(1)))) {
                log.debug("waiting for the profile table, the staff directory and the ledger to load");
            }
            consumer.subscribe(
                    List.of(Topics.OUTREACH_REQUESTS.name(), Topics.OUTREACH_RETRY.name()),
                    new ForgetWaitingOnRevoke());
            while (running.get()) {
                pauseOrResumeRetries();
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(timer.pollTimeout(clock.instant(), POLL));
                } catch (WakeupException e) {
                    continue;
                }
                List<ConsumerRecord<byte[], byte[]>> batch = dueOf(records, clock.instant());
                if (batch.isEmpty()) {
                    continue;
                }
                if (!catchUp()) {
                    return; // closing: nothing of this batch is committed, the next owner gets it
                }
                List<Future<RecordMetadata>> writes = Collections.synchronizedList(new ArrayList<>());
                workers.runAll(batch, record -> handle(record, writes));
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
        } catch (FencedInstanceIdException e) {
            died = e;
            log.error(
                    "delivery loop stopped: another consumer joined the group under this one's instance id ({} must"
                            + " differ per instance)",
                    GroupMembership.INSTANCE_ID);
        } catch (Error e) {
            crashed = true;
            died = e;
            log.error("delivery loop halted: {}", e.toString());
        } catch (ExecutionException | RuntimeException e) {
            died = e;
            log.error("delivery loop stopped: {}", e.toString(), e);
        } finally {
            workers.close();
            catchUpThreads.shutdownNow();
            // A crash stops at once: what was not acknowledged is lost, as in a killed process.
            producer.close(crashed ? Duration.ZERO : Duration.ofSeconds(5));
            // A static member stays in the group on close unless told to leave: this loop reads no
            // more, so its partitions move now rather than after the session timeout.
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            membership.close();
            stopped.countDown();
        }
    }

    /** The records to deliver now: those just read that are due, then those the timer held that are due by now. */
    private List<ConsumerRecord<byte[], byte[]>> dueOf(ConsumerRecords<byte[], byte[]> records, Instant now) {
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (isRetry(record) && RetryTimer.notYetDue(record, now)) {
                timer.hold(record);
            } else {
                batch.add(record);
            }
        }
        batch.addAll(timer.takeDue(now));
        return batch;
    }

    private void pauseOrResumeRetries() {
        Set<TopicPartition> retryPartitions = new HashSet<>();
        for (TopicPartition tp : consumer.assignment()) {
            if (tp.topic().equals(Topics.OUTREACH_RETRY.name())) {
                retryPartitions.add(tp);
            }
        }
        switch (timer.flow()) {
            case PAUSE -> {
                consumer.pause(retryPartitions);
                log.warn("{} intents waiting in memory: retry partitions paused", timer.size());
            }
            case RESUME -> consumer.resume(retryPartitions);
            case STAY_PAUSED -> consumer.pause(retryPartitions); // partitions assigned since also wait
            case FLOW -> {}
        }
    }

    /** The three readers catch up at the same time (each waits on its own reader thread's round trips). */
    private boolean catchUp() throws InterruptedException {
        while (running.get()) {
            Future<Boolean> profilesCaughtUp = catchUpThreads.submit(() -> profiles.catchUp(CATCH_UP));
            Future<Boolean> staffCaughtUp = catchUpThreads.submit(() -> staff.catchUp(CATCH_UP));
            boolean ledgerCaughtUp = ledger.catchUp(CATCH_UP);
            if (caughtUp(profilesCaughtUp) & caughtUp(staffCaughtUp) & ledgerCaughtUp) {
                return true;
            }
            log.warn("profile table, staff directory or ledger not caught up within {}; holding the batch", CATCH_UP);
        }
        return false;
    }

    private static boolean caughtUp(Future<Boolean> catchUp) throws InterruptedException {
        try {
            return catchUp.get();
        } catch (ExecutionException e) {
            return false;
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
            log.warn(
                    "unreadable intent at {}-{}@{} sent to {}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    Topics.OUTREACH_DLQ.name(),
                    e.getMessage());
            outcomes.deadLetter(record, e, e.getMessage(), writes);
            return;
        }
        switch (event) {
            case OutreachRequest request -> {
                try (MDC.MDCCloseable n = LogFields.put(LogFields.NOTIFICATION_ID, request.notificationId());
                        MDC.MDCCloseable m = LogFields.put(LogFields.MEMBER_ID, request.memberId());
                        MDC.MDCCloseable c = LogFields.put(
                                LogFields.CHECK_IN_ID, Objects.requireNonNullElse(request.checkInId(), ""));
                        MDC.MDCCloseable x = LogFields.put(
                                LogFields.ESCALATION_ID, Objects.requireNonNullElse(request.escalationId(), ""))) {
                    deliver(record, request, writes);
                }
            }
        }
    }

    private void deliver(
            ConsumerRecord<byte[], byte[]> record, OutreachRequest request, List<Future<RecordMetadata>> writes) {
        OutreachDelivery.Result result;
        try {
            result = delivery.deliver(request, isRetry(record) ? DelayHeaders.attempts(record.headers()) : 0);
        } catch (RuntimeException e) {
            log.error(
                    "notification {} could not be handled: {}",
                    request.notificationId(),
                    e.getClass().getName());
            metrics.failed("internal");
            metrics.deadLettered("internal-error");
            outcomes.deadLetter(record, e, "internal-error: " + e.getClass().getSimpleName(), writes);
            return;
        }
        outcomes.result(record, result, writes);
    }

    private static boolean isRetry(ConsumerRecord<?, ?> record) {
        return record.topic().equals(Topics.OUTREACH_RETRY.name());
    }

    /** Each partition's position, except a retry partition: not past its oldest record still waiting. */
    private Map<TopicPartition, OffsetAndMetadata> offsetsToCommit() {
        Map<TopicPartition, Long> oldestWaiting = timer.oldestWaiting();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            long position = consumer.position(tp);
            offsets.put(tp, new OffsetAndMetadata(Math.min(position, oldestWaiting.getOrDefault(tp, position))));
        }
        return offsets;
    }

    /** A partition that moves away takes its waiting records with it: the next owner re-reads them. */
    private final class ForgetWaitingOnRevoke implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            timer.forget(partitions);
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
