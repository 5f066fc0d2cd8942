package org.aftercare.console.readmodel;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.aftercare.events.Topic;
import org.aftercare.events.Topics;
import org.aftercare.events.checkin.CheckInDueEvent;
import org.aftercare.events.checkin.CheckInResponseEvent;
import org.aftercare.events.checkin.CheckInStatusEvent;
import org.aftercare.events.contact.ContactActionEvent;
import org.aftercare.events.flag.CaseFlag;
import org.aftercare.events.outreach.DeliveryReport;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.risk.MemberRisk;
import org.aftercare.events.staff.CareTeam;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.kit.health.Metrics;
import org.aftercare.kit.kafka.KafkaSettings;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the console's input topics into the read model: one consumer in its own group
 * ({@link ReadModelSettings#groupId()}), reading committed records only, committing offsets after
 * the database transaction that applied them (so a crash replays, and the writes are idempotent).
 * A new group reads every topic from the start; so does a group whose database is empty (the read
 * model is rebuilt from the topics).
 *
 * <p>A record it cannot read (bad JSON, a broken contract, a missing key on a tombstone, a value
 * the database refuses) is counted in {@code outreach_console_records_skipped_total{topic}} and
 * skipped, with its topic, partition and offset logged, never its content. While catching up it
 * logs its progress (records/s, lag) every 10 s; {@link #caughtUp()} says when it has read what
 * was on the topics when its partitions were assigned.
 */
public final class ReadModelFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReadModelFeed.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    /**
     * The topics the read model follows. From {@code checkin.due} it keeps the questionnaires sent
     * (issue 13) and passes over the check-ins that opened (followed from their outcomes and answers).
     */
    public static final List<Topic<?>> TOPICS = List.of(
            Topics.MEMBER_PROFILE,
            Topics.CARE_ASSIGNMENTS,
            Topics.STAFF_DIRECTORY,
            Topics.MEMBER_RISK,
            Topics.CASE_FLAGS,
            Topics.CHECKIN_DUE,
            Topics.CHECKIN_STATUS,
            Topics.CHECKIN_RESPONSES,
            Topics.OUTREACH_DELIVERIES,
            Topics.CONTACT_ACTIONS);

    @FunctionalInterface
    private interface Apply {
        void apply(Connection c, String key, byte[] value) throws SQLException;
    }

    /** A record that cannot be read; carries no content. */
    private static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreadable(String reason) {
            super(reason, null, false, false);
        }
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaClientMetrics consumerMetrics;
    private final ReadModelDatabase db;
    private final ReadModelWriter writer = new ReadModelWriter();
    private final Clock clock;
    private final MeterRegistry registry;
    private final Map<String, Apply> handlers = new HashMap<>();
    private final Map<String, Counter> skipped = new ConcurrentHashMap<>();
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch caughtUpLatch = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong lag = new AtomicLong(-1);
    private final Map<TopicPartition, Long> targets = new HashMap<>();
    private final boolean rebuild;
    private volatile boolean caughtUp;
    private volatile Throwable died;

    private ReadModelFeed(
            KafkaSettings kafka,
            ReadModelSettings settings,
            ReadModelDatabase db,
            MeterRegistry registry,
            Clock clock) {
        this.db = db;
        this.clock = clock;
        this.registry = registry;
        Map<String, Object> config = kafka.clientConfig("outreach-console-read-model");
        config.put("group.id", settings.groupId());
        config.put("enable.auto.commit", "false");
        config.put("isolation.level", "read_committed");
        config.put("auto.offset.reset", "earliest");
        config.put("max.poll.records", "1000");
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.consumerMetrics = Metrics.kafkaClient(registry, consumer);
        this.rebuild = isEmpty(db);
        handlers.put(Topics.MEMBER_PROFILE.name(), (c, key, value) -> {
            MemberProfile p = (MemberProfile) read(Topics.MEMBER_PROFILE, value);
            if (p == null) {
                writer.profile(c, requireKey(key), null, clock.instant());
            } else {
                writer.profile(c, p.memberId(), p, clock.instant());
            }
        });
        handlers.put(Topics.CARE_ASSIGNMENTS.name(), (c, key, value) -> {
            CareTeam t = (CareTeam) read(Topics.CARE_ASSIGNMENTS, value);
            writer.careTeam(c, t == null ? requireKey(key) : t.memberId(), t);
        });
        handlers.put(Topics.STAFF_DIRECTORY.name(), (c, key, value) -> {
            StaffMember s = (StaffMember) read(Topics.STAFF_DIRECTORY, value);
            writer.staff(c, s == null ? requireKey(key) : s.staffId(), s);
        });
        handlers.put(Topics.MEMBER_RISK.name(), (c, key, value) -> {
            MemberRisk r = (MemberRisk) read(Topics.MEMBER_RISK, value);
            writer.risk(c, r == null ? requireKey(key) : r.memberId(), r);
        });
        handlers.put(
                Topics.CASE_FLAGS.name(),
                (c, key, value) -> writer.flag(c, (CaseFlag) present(read(Topics.CASE_FLAGS, value))));
        handlers.put(
                Topics.CHECKIN_DUE.name(),
                (c, key, value) -> writer.due(c, (CheckInDueEvent) present(read(Topics.CHECKIN_DUE, value))));
        handlers.put(
                Topics.CHECKIN_STATUS.name(),
                (c, key, value) -> writer.status(c, (CheckInStatusEvent) present(read(Topics.CHECKIN_STATUS, value))));
        handlers.put(
                Topics.CHECKIN_RESPONSES.name(),
                (c, key, value) ->
                        writer.response(c, (CheckInResponseEvent) present(read(Topics.CHECKIN_RESPONSES, value))));
        handlers.put(
                Topics.OUTREACH_DELIVERIES.name(),
                (c, key, value) ->
                        writer.delivery(c, (DeliveryReport) present(read(Topics.OUTREACH_DELIVERIES, value))));
        handlers.put(
                Topics.CONTACT_ACTIONS.name(),
                (c, key, value) ->
                        writer.contact(c, (ContactActionEvent) present(read(Topics.CONTACT_ACTIONS, value))));
        // Registered at zero so increase() sees the first skipped record of each topic.
        TOPICS.forEach(t -> skippedCounter(t.name()));
        Gauge.builder("outreach.console.readmodel.lag", lag, AtomicLong::get)
                .description("records on the input topics not yet in the read model (-1 before the first measure)")
                .register(registry);
        this.thread = new Thread(this::run, "console-read-model");
        thread.setDaemon(true);
    }

    /** Starts following the topics on a thread of its own. */
    public static ReadModelFeed start(
            KafkaSettings kafka,
            ReadModelSettings settings,
            ReadModelDatabase db,
            MeterRegistry registry,
            Clock clock) {
        ReadModelFeed feed = new ReadModelFeed(kafka, settings, db, registry, clock);
        feed.thread.start();
        return feed;
    }

    /** True once the read model holds what was on every assigned partition when it was assigned. */
    public boolean caughtUp() {
        return caughtUp;
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUpLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** False once the consumer thread has stopped (closed, or died of an unexpected error). */
    public boolean isAlive() {
        return thread.isAlive() && died == null;
    }

    /** Records applied since start (replays included). */
    public long appliedRecords() {
        return applied.get();
    }

    /** Records skipped as unreadable on {@code topic} since start. */
    public long skippedRecords(String topic) {
        Counter c = skipped.get(topic);
        return c == null ? 0 : (long) c.count();
    }

    private static boolean isEmpty(ReadModelDatabase db) {
        return db.read(c -> {
            for (String table : List.of("rm_member", "rm_staff", "rm_care_team", "rm_erased_member")) {
                try (var st = c.createStatement();
                        var rs = st.executeQuery("SELECT 1 FROM " + table + " FETCH FIRST 1 ROWS ONLY")) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            return true;
        });
    }

    private void run() {
        try {
            consumer.subscribe(TOPICS.stream().map(Topic::name).toList(), new ConsumerRebalanceListener() {
                private boolean first = true;

                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    partitions.forEach(targets::remove);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (rebuild && first) {
                        // an empty read model: whatever the group committed before, read everything again
                        log.info("read model is empty: rebuilding it from the start of the topics");
                        consumer.seekToBeginning(partitions);
                    }
                    first = false;
                    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                    targets.putAll(ends);
                }
            });
            long started = System.nanoTime();
            long lastProgress = started;
            long appliedAtLastProgress = 0;
            while (running.get()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    applyBatch(records);
                }
                if (!caughtUp && !targets.isEmpty() && behind() == 0) {
                    caughtUp = true;
                    lag.set(0);
                    caughtUpLatch.countDown();
                    log.info(
                            "read model caught up: {} records in {} s",
                            applied.get(),
                            Duration.ofNanos(System.nanoTime() - started).toSeconds());
                }
                long now = System.nanoTime();
                if (now - lastProgress >= PROGRESS_EVERY.toNanos()
                        && !consumer.assignment().isEmpty()) {
                    long current = currentLag();
                    lag.set(current);
                    if (!caughtUp) {
                        double seconds = (now - lastProgress) / 1e9;
                        log.info(
                                "read model catching up: {} records/s, lag {} records",
                                Math.round((applied.get() - appliedAtLastProgress) / seconds),
                                current);
                    }
                    lastProgress = now;
                    appliedAtLastProgress = applied.get();
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                died = e;
            }
        } catch (RuntimeException | Error e) {
            died = e;
            log.error("read model consumer stopped", e);
        } finally {
            try {
                consumerMetrics.close();
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.warn("closing the read model consumer failed: {}", e.toString());
            }
            stopped.countDown();
        }
    }

    /** Records behind the targets (the end offsets seen at assignment). */
    private long behind() {
        long total = 0;
        for (var e : targets.entrySet()) {
            if (consumer.assignment().contains(e.getKey())) {
                total += Math.max(0, e.getValue() - consumer.position(e.getKey()));
            }
        }
        return total;
    }

    private long currentLag() {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        long total = 0;
        for (var e : ends.entrySet()) {
            total += Math.max(0, e.getValue() - consumer.position(e.getKey()));
        }
        return total;
    }

    /**
     * Applies the batch in one transaction (a savepoint per record, so a record the database refuses
     * is skipped alone), then commits the offsets. When the transaction fails (the database is down)
     * it seeks back to the batch's first offsets and tries again after a pause.
     */
    private void applyBatch(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, Long> first = new LinkedHashMap<>();
        Map<TopicPartition, OffsetAndMetadata> next = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            first.putIfAbsent(tp, r.offset());
            next.put(tp, new OffsetAndMetadata(r.offset() + 1));
        }
        int count;
        try {
            count = db.inTransaction(c -> {
                int n = 0;
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (applyOne(c, r)) {
                        n++;
                    }
                }
                return n;
            });
        } catch (ReadModelDatabase.DatabaseException e) {
            log.warn("read model batch not applied, retrying in {}: {}", RETRY_AFTER, e.getMessage());
            first.forEach(consumer::seek);
            sleep(RETRY_AFTER);
            return;
        }
        applied.addAndGet(count);
        consumer.commitSync(next);
    }

    private boolean applyOne(Connection c, ConsumerRecord<byte[], byte[]> r) throws SQLException {
        Apply handler = handlers.get(r.topic());
        if (handler == null) {
            return false;
        }
        String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
        Savepoint savepoint = c.setSavepoint();
        try {
            handler.apply(c, key, r.value());
            c.releaseSavepoint(savepoint);
            return true;
        } catch (Unreadable e) {
            c.rollback(savepoint);
            skip(r, e.getMessage());
            return false;
        } catch (SQLException e) {
            String state = e.getSQLState();
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                // a data or constraint error belongs to this record (a value too long, ...): skip it alone
                c.rollback(savepoint);
                skip(r, "refused by the database (SQL state " + state + ")");
                return false;
            }
            throw e;
        }
    }

    private Counter skippedCounter(String topic) {
        return skipped.computeIfAbsent(
                topic,
                t -> Counter.builder("outreach.console.records.skipped")
                        .description("topic records the read model could not read, skipped")
                        .tag("topic", t)
                        .register(registry));
    }

    private void skip(ConsumerRecord<byte[], byte[]> r, String reason) {
        skippedCounter(r.topic()).increment();
        log.warn("skipped unreadable record at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), reason);
    }

    private static Object read(Topic<?> topic, byte[] value) {
        try {
            return topic.valueSerde().deserializer().deserialize(topic.name(), value);
        } catch (RuntimeException e) {
            // JsonSerde's message names the type and the field, never the bytes
            throw new Unreadable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static Object present(Object value) {
        if (value == null) {
            throw new Unreadable("a null value on a topic without tombstones");
        }
        return value;
    }

    private static String requireKey(String key) {
        if (key == null || key.isBlank()) {
            throw new Unreadable("a tombstone without a key");
        }
        return key;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the consumer and waits at most {@code timeout} for it. */
    public void close(Duration timeout) {
        running.set(false);
        consumer.wakeup();
        try {
            stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
