package org.aftercare.notifier.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.aftercare.events.Json;
import org.aftercare.events.Topics;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.kit.kafka.KafkaSettings;
import org.aftercare.kit.kafka.TopicFollower;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable {@link DeliveryLedger}: the compacted topic {@code notifier.ledger}, read whole into
 * memory at start and followed afterwards, fetching at each catch-up (so an instance that takes
 * over a partition knows what the previous owner sent), written through on every send and bounce.
 *
 * <p>Entries: {@code sent:<notificationId>} → {@code {"recipient":hash,"urgency":..,"at":..,"hash":"hmac-sha256","attempt":n}}
 * and {@code bounce:<hash>} → {@code {"reason":..,"at":..,"hash":"hmac-sha256"}}, the hash being
 * {@link Recipients#key} (keyed with {@code OUTREACH_ADDRESS_HASH_KEY}); a tombstone on a bounce
 * key clears it. Entries written before addresses were keyed ({@code hash} absent: a plain SHA-256,
 * which anyone can match against guessed addresses) are removed as they are read: a bounce by a
 * tombstone (the next email to that address bounces again and is remembered under the keyed name),
 * a sent entry by rewriting it without the recipient (the id still counts as sent).
 * Sent entries older than {@code retention} (longer than {@code outreach.requests} keeps intents,
 * so no intent can come back after its entry is gone) are not loaded, and are tombstoned so
 * compaction removes them: the topic and the memory stay bounded. Bounces are kept until cleared.
 *
 * <p>Writes are asynchronous and acknowledged by {@link #flush()}, which the delivery loop calls
 * before it commits offsets; a failed write stops the loop rather than committing past it. They
 * linger a few milliseconds, so the writes of a batch's sends go to the broker together.
 *
 * <p>Each write carries the {@value #WRITER} header, the id of this ledger object (new at every
 * start). The follower still reads every entry, but one that names this ledger as its writer is
 * already in memory (it was put there before it was written) and is not parsed again: an instance
 * applies only what others wrote, or what it wrote before a restart. Entries without the header
 * (written before it existed) are applied as ever.
 */
public final class KafkaLedger extends MemoryLedger implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaLedger.class);
    static final String SENT = "sent:";
    static final String BOUNCE = "bounce:";
    /** Header naming the ledger object that wrote an entry. */
    static final String WRITER = "writer";

    /**
     * {@code hash}: {@link Recipients#SCHEME} for a keyed recipient name; null in entries written
     * before. {@code attempt}: the SMTP attempt that was accepted; null in entries written before.
     */
    record SentEntry(String recipient, Urgency urgency, Instant at, String hash, Integer attempt) {

        int attemptOrUnknown() {
            return attempt == null ? 0 : attempt;
        }
    }

    record BounceEntry(String reason, Instant at, String hash) {}

    private final KafkaProducer<byte[], byte[]> producer;
    private final Duration retention;
    private final Clock clock;
    private final AtomicReference<Exception> writeFailure = new AtomicReference<>();
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong unkeyed = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final byte[] writer = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
    private volatile TopicFollower follower;

    private KafkaLedger(KafkaProducer<byte[], byte[]> producer, Duration retention, Clock clock) {
        this.producer = producer;
        this.retention = retention;
        this.clock = clock;
    }

    public static KafkaLedger start(KafkaSettings kafka, Duration retention, Clock clock) {
        Map<String, Object> config = kafka.clientConfig("outreach-notifier-ledger");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // The batch's writes together (one request instead of one per send). A crash after an SMTP
        // accept and before its entry is acknowledged repeats that email on restart: the window is
        // this write's latency, a few milliseconds more with the linger.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        KafkaLedger ledger = new KafkaLedger(
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()), retention, clock);
        ledger.follower = TopicFollower.start(
                kafka,
                Topics.NOTIFIER_LEDGER.name(),
                "outreach-notifier-ledger-reader",
                ledger::apply,
                () -> log.info(
                        "delivery ledger loaded: {} sent ids, {} expired, {} unkeyed entries removed",
                        ledger.size(),
                        ledger.expired.get(),
                        ledger.unkeyed.get()),
                TopicFollower.IDLE_POLL); // read only after the delivery loop's catch-up
        return ledger;
    }

    /** Exposes the ledger producer's Kafka client metrics. */
    public void bindMetrics(DeliveryMetrics metrics) {
        metrics.bindClient(producer);
    }

    public boolean isCaughtUp() {
        return follower.isCaughtUp();
    }

    public boolean isAlive() {
        return follower.isAlive() && writeFailure.get() == null;
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }

    /** Waits until every entry written so far, by any instance, is in memory. */
    public boolean catchUp(Duration timeout) throws InterruptedException {
        return follower.catchUp(timeout);
    }

    @Override
    public void recordSent(String notificationId, String recipientKey, Urgency urgency, Instant at, int attempt) {
        super.recordSent(notificationId, recipientKey, urgency, at, attempt);
        write(SENT + notificationId, new SentEntry(recipientKey, urgency, at, Recipients.SCHEME, attempt));
    }

    @Override
    public void recordBounce(String recipientKey, String reason, Instant at) {
        super.recordBounce(recipientKey, reason, at);
        write(BOUNCE + recipientKey, new BounceEntry(reason, at, Recipients.SCHEME));
    }

    /** Waits for every write so far to be acknowledged; throws if one failed. */
    public void flush() {
        producer.flush();
        Exception failure = writeFailure.get();
        if (failure != null) {
            throw new IllegalStateException(
                    "a ledger write failed: " + failure.getClass().getSimpleName(), failure);
        }
    }

    private void write(String key, Object entry) {
        byte[] value;
        try {
            value = entry == null ? null : Json.writer().writeValueAsBytes(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(Topics.NOTIFIER_LEDGER.name(), key.getBytes(StandardCharsets.UTF_8), value);
        record.headers().add(WRITER, writer);
        producer.send(record, (metadata, e) -> {
            if (e != null) {
                writeFailure.compareAndSet(null, e);
                log.error("ledger write failed: {}", e.getClass().getName());
            }
        });
    }

    /** Entries read from the topic and applied (not counting this ledger's own writes). */
    long appliedCount() {
        return applied.get();
    }

    private boolean writtenHere(ConsumerRecord<byte[], byte[]> record) {
        Header h = record.headers().lastHeader(WRITER);
        return h != null && Arrays.equals(h.value(), writer);
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null || writtenHere(record)) {
            return;
        }
        applied.incrementAndGet();
        String key = new String(record.key(), StandardCharsets.UTF_8);
        try {
            if (key.startsWith(SENT)) {
                String notificationId = key.substring(SENT.length());
                if (record.value() == null) {
                    forgetSent(notificationId);
                    return;
                }
                SentEntry entry = Json.readerFor(SentEntry.class).readValue(record.value());
                if (entry.at().isBefore(clock.instant().minus(retention))) {
                    forgetSent(notificationId);
                    expired.incrementAndGet();
                    write(key, null); // let compaction drop it
                    return;
                }
                if (entry.recipient() != null && !Recipients.SCHEME.equals(entry.hash())) {
                    // An unkeyed address hash: keep the id, drop the name (compaction removes the old record).
                    unkeyed.incrementAndGet();
                    super.recordSent(notificationId, null, entry.urgency(), entry.at(), entry.attemptOrUnknown());
                    write(key, new SentEntry(null, entry.urgency(), entry.at(), Recipients.SCHEME, entry.attempt()));
                    return;
                }
                super.recordSent(
                        notificationId, entry.recipient(), entry.urgency(), entry.at(), entry.attemptOrUnknown());
            } else if (key.startsWith(BOUNCE)) {
                String recipient = key.substring(BOUNCE.length());
                if (record.value() == null) {
                    clearBounce(recipient);
                } else {
                    BounceEntry entry = Json.readerFor(BounceEntry.class).readValue(record.value());
                    if (!Recipients.SCHEME.equals(entry.hash())) {
                        // Named by an unkeyed hash: it can never match again, and it must not stay readable.
                        unkeyed.incrementAndGet();
                        write(key, null);
                        return;
                    }
                    super.recordBounce(recipient, entry.reason(), entry.at());
                }
            }
        } catch (IOException e) {
            log.warn(
                    "skipped unreadable ledger entry at {}-{}@{}", record.topic(), record.partition(), record.offset());
        }
    }

    public void close(Duration timeout) {
        follower.close(timeout);
        producer.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
