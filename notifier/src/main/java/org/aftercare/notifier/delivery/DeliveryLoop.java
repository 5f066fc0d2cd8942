package org.aftercare.notifier.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aftercare.events.Topics;
import org.aftercare.events.outreach.DeliveryEvent;
import org.aftercare.events.outreach.OutreachEvent;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.kit.kafka.DeadLetterRecords;
import org.aftercare.kit.kafka.KafkaSettings;
import org.aftercare.notifier.profile.ProfileReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka side of delivery, on its own thread: consume {@code outreach.requests} (consumer group,
 * read_committed, manual commits), hand each intent to {@link OutreachDelivery}, write its report
 * to {@code outreach.deliveries} and, for an unreadable record or a failure worth replaying, the
 * record byte for byte to {@code outreach.dlq}; then commit. Nothing is consumed before the
 * profile table has caught up with the topic, and each batch first waits for the table to catch
 * up with the profiles published so far, so consent is never older than the intent.
 *
 * <p>Offsets are committed only after the batch's reports and dead letters are acknowledged, so
 * a crash repeats work (at least once) rather than losing it; the {@link SentLedger} stops the
 * repeat within one process.
 */
public final class DeliveryLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryLoop.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration CATCH_UP = Duration.ofSeconds(10);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ProfileReader profiles;
    private final OutreachDelivery delivery;
    private final Clock clock;
    private final DeliveryMetrics metrics;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Throwable died;

    private DeliveryLoop(KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer,
            ProfileReader profiles, OutreachDelivery delivery, Clock clock, DeliveryMetrics metrics) {
        this.consumer = consumer;
        this.producer = producer;
        this.profiles = profiles;
        this.delivery = delivery;
        this.clock = clock;
        this.metrics = metrics;
        this.thread = Thread.ofPlatform().name("notifier-delivery").daemon(true).unstarted(this::run);
    }

    /** Consumer properties: a group, read_committed, manual commits, small batches (SMTP is slow). */
    static Map<String, Object> consumerConfig(KafkaSettings kafka, String groupId) {
        Map<String, Object> config = kafka.clientConfig("outreach-notifier-delivery");
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A batch may wait on SMTP retries: keep batches small and the poll interval generous.
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10);
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

    /**
     * Builds the loop; the {@link OutreachDelivery} is made by {@code deliveryFactory} with this
     * loop's backoff, so a retry wait ends as soon as the service closes.
     */
    public static DeliveryLoop start(KafkaSettings kafka, String groupId, ProfileReader profiles,
            java.util.function.Function<OutreachDelivery.Backoff, OutreachDelivery> deliveryFactory, Clock clock,
            DeliveryMetrics metrics) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(kafka, groupId),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(kafka), new ByteArraySerializer(),
                new ByteArraySerializer());
        Holder holder = new Holder();
        OutreachDelivery delivery = deliveryFactory.apply(d -> holder.loop.pause(d));
        DeliveryLoop loop = new DeliveryLoop(consumer, producer, profiles, delivery, clock, metrics);
        holder.loop = loop;
        loop.thread.start();
        return loop;
    }

    private static final class Holder {
        volatile DeliveryLoop loop;
    }

    public boolean isAlive() {
        return thread.isAlive() && died == null;
    }

    private void pause(Duration duration) throws InterruptedException {
        if (stopping.await(duration.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new InterruptedException("closing");
        }
    }

    private void run() {
        try {
            while (running.get() && !profiles.awaitCaughtUp(Duration.ofSeconds(1))) {
                log.debug("waiting for the profile table to catch up");
            }
            consumer.subscribe(List.of(Topics.OUTREACH_REQUESTS.name()));
            while (running.get()) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(POLL);
                } catch (WakeupException e) {
                    continue;
                }
                if (records.isEmpty()) {
                    continue;
                }
                if (!catchUpProfiles()) {
                    return; // closing: nothing of this batch is committed, the next owner gets it
                }
                List<Future<RecordMetadata>> writes = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    handle(record, writes);
                }
                producer.flush();
                for (Future<RecordMetadata> write : writes) {
                    write.get(); // a lost report or dead letter must not be committed past
                }
                consumer.commitSync();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (WakeupException e) {
            // Closing.
        } catch (ExecutionException | RuntimeException e) {
            died = e;
            log.error("delivery loop stopped: {}", e.toString(), e);
        } finally {
            producer.close(Duration.ofSeconds(5));
            consumer.close(Duration.ofSeconds(5));
            stopped.countDown();
        }
    }

    /** Waits for the profile table to hold every profile published so far; false when closing. */
    private boolean catchUpProfiles() throws InterruptedException {
        while (running.get()) {
            if (profiles.catchUp(CATCH_UP)) {
                return true;
            }
            log.warn("profile table not caught up within {}; holding the batch", CATCH_UP);
        }
        return false;
    }

    private void handle(ConsumerRecord<byte[], byte[]> record, List<Future<RecordMetadata>> writes)
            throws InterruptedException {
        if (record.value() == null) {
            return; // nothing to deliver
        }
        OutreachEvent event;
        try {
            event = Topics.OUTREACH_REQUESTS.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            metrics.failed("unreadable");
            log.warn("unreadable intent at {}-{}@{} sent to {}: {}", record.topic(), record.partition(),
                    record.offset(), Topics.OUTREACH_DLQ.name(), e.getMessage());
            writes.add(producer.send(DeadLetterRecords.of(Topics.OUTREACH_DLQ, record, OutreachDelivery.SERVICE, e,
                    e.getMessage(), clock.instant())));
            return;
        }
        OutreachDelivery.Result result;
        switch (event) {
            case OutreachRequest request -> {
                try {
                    result = delivery.deliver(request);
                } catch (RuntimeException e) {
                    log.error("notification {} could not be handled: {}", request.notificationId(),
                            e.getClass().getName());
                    metrics.failed("internal");
                    writes.add(producer.send(DeadLetterRecords.of(Topics.OUTREACH_DLQ, record,
                            OutreachDelivery.SERVICE, e, "internal-error: " + e.getClass().getSimpleName(),
                            clock.instant())));
                    return;
                }
            }
        }
        byte[] key = result.report().memberId().getBytes(StandardCharsets.UTF_8);
        byte[] value = Topics.OUTREACH_DELIVERIES.valueSerde().serializer()
                .serialize(Topics.OUTREACH_DELIVERIES.name(), (DeliveryEvent) result.report());
        writes.add(producer.send(new ProducerRecord<>(Topics.OUTREACH_DELIVERIES.name(), key, value)));
        if (result.deadLetterReason() != null) {
            writes.add(producer.send(DeadLetterRecords.of(Topics.OUTREACH_DLQ, record, OutreachDelivery.SERVICE,
                    result.error(), result.deadLetterReason(), clock.instant())));
        }
    }

    /** Stops within {@code timeout}: ends a retry wait, leaves the current batch uncommitted. */
    public void close(Duration timeout) {
        running.set(false);
        stopping.countDown();
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
