package org.aftercare.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.aftercare.events.Topics;
import org.aftercare.events.checkin.CheckInDue;
import org.aftercare.events.checkin.CheckInDueEvent;
import org.aftercare.events.outreach.OutreachEvent;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.infra.kafka.TopicProbe;
import org.aftercare.kit.config.Settings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once across a restart, on a real broker: check-ins keep arriving while the service is
 * closed and started again with the same application id, on the same state directory or an
 * empty one, with deadlines pending in its stores. Read with read_committed (embedded-infra's {@link TopicProbe}) and counted
 * by notificationId, every member gets exactly one prompt, one missed intent and one escalation
 * alert (one miss escalates here): none lost, none repeated.
 */
class StreamsRestartIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int MEMBERS = 40;

    @TempDir
    Path stateDir;

    @TempDir
    Path otherDisk;

    @Test
    void aRestartMidStreamLosesNoIntentAndRepeatsNone() throws Exception {
        restartLosesNothing(stateDir);
    }

    /**
     * The check-in deadline index has no changelog (issue 14): started on an empty state directory,
     * as on a new node, the service restores the tracked check-ins from their changelog and rebuilds
     * every pending deadline from them, so no reminder or miss is lost.
     */
    @Test
    void aRestartOnAnEmptyDiskLosesNoDeadline() throws Exception {
        restartLosesNothing(otherDisk);
    }

    /** Starts on {@code stateDir}, closes mid-stream, starts again on {@code restartDir}. */
    private void restartLosesNothing(Path restartDir) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers());
        env.put("OUTREACH_KAFKA_PARTITIONS", "2");
        env.put(DecisionConfig.APPLICATION_ID, "streams-restart-it-" + UUID.randomUUID());
        env.put(DecisionConfig.STATE_DIR, stateDir.toString());
        env.put(DecisionConfig.HTTP_PORT, "0");
        env.put(DecisionConfig.GRACE, "10s");
        env.put(DecisionConfig.GRACE_HIGH_RISK, "10s");
        env.put(DecisionConfig.PUNCTUATE_INTERVAL, "200ms");
        env.put(DecisionConfig.ESCALATION_MISSED, "1");
        env.put(DecisionConfig.ESCALATION_ACK_TIMEOUT, "1h");
        DecisionConfig config = DecisionConfig.from(Settings.of(env), env);

        String prefix = "m-restart-" + UUID.randomUUID() + "-";
        StreamsService service = StreamsService.start(config);
        List<OutreachRequest> seen;
        try (TopicProbe<OutreachEvent> requests =
                new TopicProbe<>(KAFKA.bootstrapServers(), Topics.OUTREACH_REQUESTS)) {
            CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produceDues(prefix));

            // Some prompts are out, more check-ins are on their way, and every deadline is still pending.
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(count(intents(requests, prefix), OutreachKind.CHECK_IN_PROMPT))
                            .isGreaterThanOrEqualTo(5));
            service.close();
            requests.poll();
            env.put(DecisionConfig.STATE_DIR, restartDir.toString());
            service = StreamsService.start(DecisionConfig.from(Settings.of(env), env));

            producing.get(60, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        List<OutreachRequest> sofar = intents(requests, prefix);
                        assertThat(count(sofar, OutreachKind.MISSED_CHECK_IN)).isEqualTo(MEMBERS);
                        assertThat(count(sofar, OutreachKind.ESCALATION_ALERT)).isEqualTo(MEMBERS);
                    });
            // Anything repeated would be committed by now: read what is left.
            requests.pollFor(Duration.ofSeconds(2));
            seen = intents(requests, prefix);
        } finally {
            service.close();
        }

        assertThat(seen).extracting(OutreachRequest::notificationId).doesNotHaveDuplicates();
        for (OutreachKind kind :
                List.of(OutreachKind.CHECK_IN_PROMPT, OutreachKind.MISSED_CHECK_IN, OutreachKind.ESCALATION_ALERT)) {
            Map<String, Long> perMember = seen.stream()
                    .filter(i -> i.kind() == kind)
                    .collect(Collectors.groupingBy(OutreachRequest::memberId, Collectors.counting()));
            assertThat(perMember)
                    .as(kind.name())
                    .hasSize(MEMBERS)
                    .allSatisfy((member, n) -> assertThat(n).isEqualTo(1));
        }
        assertThat(seen)
                .filteredOn(i -> i.kind() == OutreachKind.LATE_REMINDER)
                .extracting(OutreachRequest::memberId)
                .doesNotHaveDuplicates();
    }

    /**
     * One check-in every 150 ms, open for 60 s: the stream goes on before, during and after the
     * restart. A check-in that reaches streams after its respondBy is rightly not prompted (nobody
     * was asked), so the window must outlast a restart on a loaded machine (20 s did not, in CI
     * runs beside other builds).
     */
    private static void produceDues(String prefix) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, CheckInDueEvent> producer = new KafkaProducer<>(
                config,
                Topics.CHECKIN_DUE.keySerde().serializer(),
                Topics.CHECKIN_DUE.valueSerde().serializer())) {
            for (int i = 0; i < MEMBERS; i++) {
                String member = prefix + i;
                Instant dueAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                producer.send(new ProducerRecord<>(
                                Topics.CHECKIN_DUE.name(),
                                member,
                                CheckInDue.of(member, dueAt, dueAt.plusSeconds(60), dueAt, false)))
                        .get();
                await().pollDelay(Duration.ofMillis(150)).until(() -> true);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The intents read so far for this test's members (every intent on the topic is an OutreachRequest). */
    private static List<OutreachRequest> intents(TopicProbe<OutreachEvent> requests, String prefix) {
        return requests.valuesWhere(key -> key.startsWith(prefix)).stream()
                .map(OutreachRequest.class::cast)
                .toList();
    }

    private static long count(List<OutreachRequest> seen, OutreachKind kind) {
        return seen.stream().filter(i -> i.kind() == kind).count();
    }
}
