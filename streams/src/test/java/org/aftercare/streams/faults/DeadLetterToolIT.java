package org.aftercare.streams.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.aftercare.events.DeadLetters;
import org.aftercare.events.Topics;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.dlq.DeadLetterTool;
import org.aftercare.kit.kafka.DeadLetterRecords;
import org.aftercare.kit.kafka.KafkaSettings;
import org.aftercare.kit.kafka.TopicSetup;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code dlq} subcommand on a real broker: dead letters written as the services write them,
 * listed and shown without their payload unless asked, replayed by reason to the topic they came
 * from (a dry run first, which writes nothing), and one whose source is not an event topic refused.
 */
class DeadLetterToolIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final String SECRET_VALUE = "{\"type\":\"checkin.due\",\"note\":\"private words\"}";
    private static KafkaSettings kafka;
    private static String marker;

    @BeforeAll
    static void deadLetters() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers());
        kafka = KafkaSettings.read(Settings.of(env), env);
        TopicSetup.ensureAll(kafka);
        marker = UUID.randomUUID().toString();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                kafka.clientConfig("dlq-it"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ConsumerRecord<byte[], byte[]> failed : List.of(
                    source(Topics.CHECKIN_DUE.name(), 7),
                    source(Topics.CHECKIN_DUE.name(), 8),
                    source("notifier.ledger", 9))) {
                ProducerRecord<byte[], byte[]> dead = DeadLetterRecords.of(
                        Topics.STREAMS_DLQ,
                        failed,
                        "streams",
                        new IllegalArgumentException(),
                        "unreadable " + marker + " at offset " + failed.offset(),
                        Instant.parse("2026-12-01T10:00:00Z"));
                producer.send(new ProducerRecord<>(dead.topic(), 0, dead.key(), dead.value(), dead.headers()))
                        .get();
            }
        }
    }

    private static ConsumerRecord<byte[], byte[]> source(String topic, long offset) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
        return new ConsumerRecord<>(
                topic,
                0,
                offset,
                0L,
                TimestampType.CREATE_TIME,
                0,
                0,
                ("member-" + marker).getBytes(StandardCharsets.UTF_8),
                SECRET_VALUE.getBytes(StandardCharsets.UTF_8),
                headers,
                Optional.empty());
    }

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new DeadLetterTool(
                        kafka,
                        Optional.of(Topics.STREAMS_DLQ),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The records on checkin.due replayed from this test's dead letters. */
    private static List<ConsumerRecord<byte[], byte[]>> replayed() {
        Map<String, Object> config = kafka.clientConfig("dlq-it-reader");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CHECKIN_DUE.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (new String(r.key(), StandardCharsets.UTF_8).equals("member-" + marker)) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }

    @Test
    void listAndShowNeverPrintThePayloadUnlessAskedAndReplayGoesBackToTheSourceTopic() {
        Run list = run("dlq", "list", "--reason", marker);
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("from checkin.due 0:7 by streams", "from notifier.ledger 0:9");
        assertThat(list.out()).contains("3 dead letter(s) listed from streams.dlq");
        assertThat(list.out()).doesNotContain("private words", "member-" + marker);

        String position = list.out().lines().findFirst().orElseThrow().split(" ")[0];
        Run show = run("dlq", "show", position);
        assertThat(show.code()).isZero();
        assertThat(show.out()).contains(DeadLetters.ERROR_REASON + ": unreadable " + marker, "trace: t-1");
        assertThat(show.out()).doesNotContain("private words").contains("add --payload");
        Run payload = run("dlq", "show", position, "--payload");
        assertThat(payload.out())
                .contains(Base64.getEncoder().encodeToString(SECRET_VALUE.getBytes(StandardCharsets.UTF_8)));

        Run dry = run("dlq", "replay", "--reason", marker + " at offset 7", "--dry-run");
        assertThat(dry.code()).isZero();
        assertThat(dry.out()).contains("dry run: would replay 1 of 1 selected dead letter(s) {checkin.due=1}");
        assertThat(replayed()).as("a dry run writes nothing").isEmpty();

        Run replay = run("dlq", "replay", "--reason", marker + " at offset 7");
        assertThat(replay.code()).isZero();
        assertThat(replay.out()).contains("replayed 1 of 1 selected dead letter(s) {checkin.due=1}");
        List<ConsumerRecord<byte[], byte[]>> back = replayed();
        assertThat(back).singleElement().satisfies(r -> {
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo(SECRET_VALUE);
            assertThat(r.headers().lastHeader("trace")).isNotNull();
            assertThat(r.headers().lastHeader(DeadLetters.ERROR_REASON))
                    .as("the dead-letter headers are not carried back")
                    .isNull();
            assertThat(new String(
                            r.headers().lastHeader(DeadLetterTool.REPLAYED_FROM).value(), StandardCharsets.UTF_8))
                    .startsWith("streams.dlq:0:");
        });

        Run all = run("dlq", "replay", "--reason", marker, "--dry-run");
        assertThat(all.code()).as("one of them cannot be replayed").isEqualTo(1);
        assertThat(all.err()).contains("notifier.ledger is not an event topic of the pipeline");
        assertThat(all.out()).contains("would replay 2 of 3 selected dead letter(s)", "1 refused");
    }

    @Test
    void badArgumentsAreRefusedWithTheReason() {
        assertThat(run("dlq", "replay").err()).contains("dlq replay needs --reason TEXT");
        assertThat(run("dlq", "replay").code()).isEqualTo(2);
        assertThat(run("dlq", "list", "--dlq", "checkin.due").err()).contains("--dlq must be one of");
        assertThat(run("dlq", "show", "zero").err()).contains("PARTITION:OFFSET");
        assertThat(run("dlq", "list", "--from", "3").err()).contains("add --partition");
        assertThat(run("dlq", "list", "--payload").err()).contains("--payload is for dlq show only");
        assertThat(run("dlq", "purge").err()).contains("unknown action 'purge'");
    }
}
