package org.aftercare.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aftercare.events.Topics;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.kit.kafka.KafkaSettings;
import org.aftercare.kit.kafka.TopicSetup;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ledger's read path on a real broker: an instance does not parse again what it wrote itself,
 * and still learns what another instance wrote, what it wrote itself before a restart, and what a
 * notifier wrote before entries named their writer.
 */
class KafkaLedgerIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration RETENTION = Duration.ofDays(30);

    private final List<KafkaLedger> running = new ArrayList<>();

    @BeforeAll
    static void topics() {
        TopicSetup.ensure(kafka(), List.of(Topics.NOTIFIER_LEDGER));
    }

    @AfterEach
    void stop() {
        running.forEach(l -> l.close(Duration.ofSeconds(10)));
    }

    private static KafkaSettings kafka() {
        return new KafkaSettings(KAFKA.bootstrapServers(), Topics.DEFAULT_PARTITIONS, (short) 1, Map.of());
    }

    private KafkaLedger ledger() throws InterruptedException {
        KafkaLedger ledger = KafkaLedger.start(kafka(), RETENTION, Clock.systemUTC());
        running.add(ledger);
        assertThat(ledger.awaitCaughtUp(WAIT)).isTrue();
        return ledger;
    }

    @Test
    void anInstanceKnowsAnotherInstancesSendButDoesNotReadBackItsOwn() throws Exception {
        KafkaLedger first = ledger();
        KafkaLedger second = ledger();
        long firstApplied = first.appliedCount();
        long secondApplied = second.appliedCount();
        String id = "n-" + UUID.randomUUID();

        first.recordSent(id, "recipient-key", Urgency.SCHEDULED, Instant.now(), 1);
        first.flush();
        assertThat(first.catchUp(WAIT)).isTrue();
        assertThat(second.catchUp(WAIT)).isTrue();

        assertThat(first.wasSent(id)).isTrue();
        assertThat(second.wasSent(id)).isTrue();
        assertThat(second.appliedCount() - secondApplied).isEqualTo(1);
        assertThat(first.appliedCount() - firstApplied).isZero();
    }

    @Test
    void aRestartedInstanceKnowsWhatItSentBeforeTheRestart() throws Exception {
        KafkaLedger before = ledger();
        String sent = "n-" + UUID.randomUUID();
        String bounced = "recipient-" + UUID.randomUUID();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        before.recordSent(sent, "recipient-key", Urgency.ROUTINE, at, 2);
        before.recordBounce(bounced, "smtp-550", Instant.now());
        before.flush();
        before.close(Duration.ofSeconds(10));
        running.remove(before);

        KafkaLedger after = ledger();

        // When and on which attempt, so a repeated intent's report can be said again as it was.
        assertThat(after.sent(sent)).contains(new DeliveryLedger.Sent(at, 2));
        assertThat(after.isBounced(bounced)).isTrue();
        assertThat(after.routineSentSince("recipient-key", Instant.now().minus(Duration.ofHours(1))))
                .isEqualTo(1);
    }

    @Test
    void anEntryWrittenBeforeEntriesNamedTheirWriterIsRead() throws Exception {
        KafkaLedger ledger = ledger();
        String id = "n-" + UUID.randomUUID();
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // As the previous version wrote it: no writer header.
        String value = "{\"recipient\":\"recipient-key\",\"urgency\":\"scheduled\",\"at\":\"" + at
                + "\",\"hash\":\"hmac-sha256\"}";
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            Topics.NOTIFIER_LEDGER.name(),
                            ("sent:" + id).getBytes(StandardCharsets.UTF_8),
                            value.getBytes(StandardCharsets.UTF_8)))
                    .get();
        }

        assertThat(ledger.catchUp(WAIT)).isTrue();

        assertThat(ledger.sent(id)).contains(new DeliveryLedger.Sent(at, 0)); // attempt not known
    }
}
