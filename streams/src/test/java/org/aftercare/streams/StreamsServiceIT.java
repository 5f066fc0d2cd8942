package org.aftercare.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.aftercare.events.DeadLetters;
import org.aftercare.events.Topics;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.checkin.CheckInAnswered;
import org.aftercare.events.checkin.CheckInDue;
import org.aftercare.events.checkin.CheckInDueEvent;
import org.aftercare.events.checkin.CheckInResponseEvent;
import org.aftercare.events.outreach.OutreachEvent;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.infra.kafka.TopicProbe;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.http.HttpSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streams service on a real broker, exactly-once: two members get a check-in, one answers;
 * each is prompted once and only the silent one is told about a missed check-in; a record that is
 * not JSON lands in the dead-letter topic; the management listener enforces the configured HTTP
 * limits. Topics are read through embedded-infra's {@link TopicProbe}. Short windows; Awaitility
 * waits, nothing sleeps.
 */
class StreamsServiceIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    Path stateDir;

    @Test
    void eachMemberIsPromptedOnceAndOnlyTheSilentOneMisses() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers());
        env.put("OUTREACH_KAFKA_PARTITIONS", "2");
        env.put(DecisionConfig.APPLICATION_ID, "streams-it-" + UUID.randomUUID());
        env.put(DecisionConfig.STATE_DIR, stateDir.toString());
        env.put(DecisionConfig.HTTP_PORT, "0");
        env.put(DecisionConfig.GRACE, "3s");
        env.put(DecisionConfig.GRACE_HIGH_RISK, "3s");
        env.put(DecisionConfig.GRACE_VERY_HIGH, "3s");
        env.put(DecisionConfig.PUNCTUATE_INTERVAL, "200ms");
        env.put(HttpSettings.MAX_HEADER_BYTES, "2048");

        String poisoned = "m-poison-" + UUID.randomUUID();
        String answering = "m-answers-" + UUID.randomUUID();
        String silent = "m-silent-" + UUID.randomUUID();

        try (StreamsService service = StreamsService.start(DecisionConfig.from(Settings.of(env), env))) {
            assertThat(get(service, "/health/ready").statusCode()).isEqualTo(200);
            // The management listener runs under the configured OUTREACH_HTTP_* limits.
            assertThat(get(service, "/health/ready", "x".repeat(4096)).statusCode())
                    .isEqualTo(431);

            Instant dueAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Instant respondBy = dueAt.plusSeconds(10);
            CheckInDue answeringDue = CheckInDue.of(answering, dueAt, respondBy, dueAt, false);
            CheckInDue silentDue = CheckInDue.of(silent, dueAt, respondBy, dueAt, false);
            try (KafkaProducer<String, byte[]> raw = producer(new ByteArraySerializer());
                    KafkaProducer<String, CheckInDueEvent> dues =
                            producer(Topics.CHECKIN_DUE.valueSerde().serializer());
                    KafkaProducer<String, CheckInResponseEvent> answers =
                            producer(Topics.CHECKIN_RESPONSES.valueSerde().serializer())) {
                raw.send(new ProducerRecord<>(
                                Topics.CHECKIN_DUE.name(), poisoned, "not json".getBytes(StandardCharsets.UTF_8)))
                        .get();
                // Read by the global thread, which cannot write dead letters: skipped, and the service keeps running.
                raw.send(new ProducerRecord<>(
                                Topics.STAFF_DIRECTORY.name(), "s-poison", "not json".getBytes(StandardCharsets.UTF_8)))
                        .get();
                dues.send(new ProducerRecord<>(Topics.CHECKIN_DUE.name(), answering, answeringDue))
                        .get();
                dues.send(new ProducerRecord<>(Topics.CHECKIN_DUE.name(), silent, silentDue))
                        .get();
                answers.send(new ProducerRecord<>(
                                Topics.CHECKIN_RESPONSES.name(),
                                answering,
                                CheckInAnswered.of(
                                        answering,
                                        answeringDue.checkInId(),
                                        "prompt",
                                        AnswerStatus.OK,
                                        1,
                                        4,
                                        null,
                                        Instant.now())))
                        .get();
            }

            try (TopicProbe<OutreachEvent> requests =
                    new TopicProbe<>(KAFKA.bootstrapServers(), Topics.OUTREACH_REQUESTS)) {
                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(100))
                        .untilAsserted(() -> assertThat(intents(requests, answering, silent))
                                .anyMatch(
                                        i -> i.memberId().equals(silent) && i.kind() == OutreachKind.MISSED_CHECK_IN));
                // Anything the answering member would wrongly get is due by now; read what is left.
                requests.pollFor(Duration.ofSeconds(1));
                List<OutreachRequest> seen = intents(requests, answering, silent);

                assertThat(seen)
                        .filteredOn(i -> i.kind() == OutreachKind.CHECK_IN_PROMPT)
                        .extracting(OutreachRequest::memberId)
                        .containsExactlyInAnyOrder(answering, silent);
                assertThat(seen)
                        .filteredOn(i -> i.kind() == OutreachKind.MISSED_CHECK_IN)
                        .extracting(OutreachRequest::memberId)
                        .containsExactly(silent);
                assertThat(seen).extracting(OutreachRequest::notificationId).doesNotHaveDuplicates();
            }

            // The poison record went to the dead-letter topic, committed with the exactly-once transaction.
            try (TopicProbe<byte[]> dlq = new TopicProbe<>(KAFKA.bootstrapServers(), Topics.STREAMS_DLQ)) {
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(
                                () -> assertThat(dlq.recordsFor(poisoned)).hasSize(1));
                ConsumerRecord<String, byte[]> dead = dlq.recordsFor(poisoned).getFirst();
                assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not json");
                assertThat(new String(
                                dead.headers()
                                        .lastHeader(DeadLetters.ERROR_REASON)
                                        .value(),
                                StandardCharsets.UTF_8))
                        .startsWith("cannot read CheckInDueEvent");
            }

            assertThat(get(service, "/health/ready").statusCode())
                    .as("still running after an unreadable staff record")
                    .isEqualTo(200);
            HttpResponse<String> metrics = get(service, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains("outreach_intents_total")
                    .contains("outreach_checkins_missed_total")
                    .contains("outreach_escalations_opened_total")
                    .contains("outreach_escalations_exhausted_total")
                    .contains("kafka_stream")
                    .doesNotContain(silent)
                    .doesNotContain(answering);
        }
    }

    private static <V> KafkaProducer<String, V> producer(Serializer<V> values) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, Topics.CHECKIN_DUE.keySerde().serializer(), values);
    }

    /** The intents read so far for these members (every intent on the topic is an OutreachRequest). */
    private static List<OutreachRequest> intents(TopicProbe<OutreachEvent> requests, String... members) {
        Set<String> keys = Set.of(members);
        return requests.valuesWhere(keys::contains).stream()
                .map(OutreachRequest.class::cast)
                .toList();
    }

    private static HttpResponse<String> get(StreamsService service, String path) throws Exception {
        return get(service, path, "");
    }

    /** A GET with an {@code X-Padding} header of this value (none when empty). */
    private static HttpResponse<String> get(StreamsService service, String path, String padding) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).GET();
        if (!padding.isEmpty()) {
            request.header("X-Padding", padding);
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
