package org.aftercare.console.staff;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.aftercare.console.readmodel.ReadModelDatabase;
import org.aftercare.events.Topic;
import org.aftercare.kit.health.Metrics;
import org.aftercare.kit.kafka.KafkaSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one publisher of the console's staff outbox ({@code console_staff_outbox}): on its own
 * thread, told of each change ({@link #poke}) and every second besides, it locks the oldest rows
 * (by id, so per key in the order they were written), sends them to {@code staff.directory} or
 * {@code care.assignments}, waits for every acknowledgement and only then deletes them, in one
 * transaction. A failure (the broker away, the database away) rolls back: the rows stay and the
 * whole batch is sent again, in order, on the next try, so nothing is lost and the last record
 * per key is the newest. A repeat is harmless: consumers keep the highest revision. Idempotent
 * producer, acks=all. The lock (FOR UPDATE) keeps a second console replica from interleaving.
 */
public final class StaffPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StaffPublisher.class);
    private static final int BATCH = 500;
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration TICK = Duration.ofSeconds(1);

    private final ReadModelDatabase db;
    private final Producer<byte[], byte[]> producer;
    private final Map<String, Topic<?>> topics = new HashMap<>();
    private final ScheduledExecutorService thread;
    private final Counter published;
    private final Counter failures;
    private final AtomicLong pending = new AtomicLong();
    private volatile boolean failing;
    private final KafkaClientMetrics producerMetrics;

    public StaffPublisher(KafkaSettings kafka, ReadModelDatabase db, MeterRegistry registry) {
        this.db = db;
        Map<String, Object> config = new HashMap<>(kafka.clientConfig("outreach-console-staff"));
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ACK_TIMEOUT.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.producerMetrics = Metrics.kafkaClient(registry, producer);
        topics.put(StaffTables.DIRECTORY.name(), StaffTables.DIRECTORY);
        topics.put(StaffTables.ASSIGNMENTS.name(), StaffTables.ASSIGNMENTS);
        this.published = Counter.builder("outreach.console.staff.published")
                .description("staff records and care teams the console published")
                .register(registry);
        this.failures = Counter.builder("outreach.console.staff.publish.failures")
                .description("tries to publish the staff outbox that failed (retried)")
                .register(registry);
        Gauge.builder("outreach.console.staff.outbox.pending", pending, AtomicLong::get)
                .description("staff and care-team changes not yet on Kafka")
                .register(registry);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "console-staff-publisher");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the tick. */
    public StaffPublisher start() {
        thread.scheduleWithFixedDelay(this::drain, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** A change was committed: send it now (on the publisher's thread). */
    public void poke() {
        try {
            thread.execute(this::drain);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: the rows stay on the outbox for the next start
        }
    }

    /** Changes on the outbox not yet acknowledged by the broker. */
    public long pending() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM console_staff_outbox");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private void drain() {
        try {
            int n;
            do {
                n = publishBatch();
            } while (n == BATCH);
            if (failing) {
                failing = false;
                log.info("staff outbox: publishing again");
            }
        } catch (RuntimeException e) {
            failures.increment();
            if (!failing) {
                failing = true;
                log.warn("staff outbox not published yet, retrying every {}: {}", TICK, e.getMessage());
            }
        }
        try {
            // counted after every try, failed ones too: the StaffChangesNotPublished alert reads it
            pending.set(pending());
        } catch (RuntimeException e) {
            // the database is away too: the gauge keeps its last count
        }
    }

    private record Row(long id, String topic, String key, String payload) {}

    private int publishBatch() {
        return db.inTransaction(c -> {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, topic, record_key, payload FROM"
                    + " console_staff_outbox ORDER BY id FETCH FIRST " + BATCH + " ROWS ONLY FOR UPDATE")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                }
            }
            if (rows.isEmpty()) {
                return 0;
            }
            List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
            for (Row r : rows) {
                Topic<?> topic = topics.get(r.topic());
                if (topic == null) {
                    throw new IllegalStateException("staff outbox row " + r.id() + " names an unknown topic");
                }
                byte[] key = topic.keySerde().serializer().serialize(topic.name(), r.key());
                byte[] value = r.payload() == null ? null : r.payload().getBytes(StandardCharsets.UTF_8);
                acks.add(producer.send(new ProducerRecord<>(topic.name(), key, value)));
            }
            for (Future<RecordMetadata> ack : acks) {
                await(ack);
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM console_staff_outbox WHERE id = ?")) {
                for (Row r : rows) {
                    ps.setLong(1, r.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            published.increment(rows.size());
            return rows.size();
        });
    }

    private static void await(Future<RecordMetadata> ack) {
        try {
            ack.get(ACK_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the staff outbox", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(
                    "not acknowledged by the broker (" + cause.getClass().getSimpleName() + ")", e);
        }
    }

    /** Stops the thread (what is not sent stays on the outbox for the next start) and the producer. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(ACK_TIMEOUT.toSeconds() + 2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.shutdownNow();
        producerMetrics.close();
        producer.close(Duration.ofSeconds(5));
    }
}
