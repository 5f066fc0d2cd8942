package org.aftercare.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.aftercare.events.Topics;
import org.aftercare.events.checkin.CheckInDue;
import org.aftercare.events.checkin.CheckInDueEvent;
import org.aftercare.events.outreach.OutreachEvent;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.infra.kafka.EmbeddedKafka;
import org.aftercare.infra.kafka.TopicProbe;
import org.aftercare.infra.process.ChildJvm;
import org.aftercare.kit.kafka.GroupMembership;
import org.aftercare.kit.kafka.KafkaSettings;
import org.aftercare.kit.kafka.TopicSetup;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover of a real streams process: the service runs as {@link StreamsMain} in a JVM of its own,
 * against a broker in this one, while check-ins keep falling due. It is killed with SIGKILL
 * mid-stream and started again at once on the same state directory under the same {@code
 * OUTREACH_KAFKA_GROUP_INSTANCE_ID}, three times. Exactly once holds (read with read_committed:
 * every member prompted once, no intent twice: the dead process's open transaction is aborted),
 * and processing resumes after each kill. How long that took (kill to the first intent the
 * restarted process committed) is printed and written to {@code target/failover/streams.txt};
 * measured, never asserted (docs/operations.md, "Failover").
 *
 * <p>Its own broker, so nothing other test classes left on the topics is in the way of the
 * measurement. {@code -Doutreach.failover.membership=dynamic} runs the same with dynamic membership,
 * the comparison in the docs.
 */
class StreamsFailoverIT {

    private static final int KILLS = 3;
    /** Prompts the running process must have committed before it is killed: it is mid-stream. */
    private static final int PROMPTED_BEFORE_KILL = 5;
    /** One check-in every 100 ms while the test runs, open long after it ends: nobody is missed. */
    private static final Duration PACE = Duration.ofMillis(100);
    /** What the dead process committed may still be on its way to the probe; no new JVM commits this soon. */
    private static final Duration OLD_PROCESS_TAIL = Duration.ofMillis(500);
    /** Guards against hanging only; the figures go to the docs. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(90);

    private static EmbeddedKafka kafka;
    private static KafkaProducer<String, CheckInDueEvent> producer;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        TopicSetup.ensureAll(
                new KafkaSettings(kafka.bootstrapServers(), Topics.DEFAULT_PARTITIONS, (short) 1, Map.of()));
        producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                Topics.CHECKIN_DUE.keySerde().serializer(),
                Topics.CHECKIN_DUE.valueSerde().serializer());
    }

    @AfterAll
    static void stopBroker() {
        if (producer != null) {
            producer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void streamsKilledMidStreamAndRestartedUnderItsNameResumesWithExactlyOnceKept() throws Exception {
        boolean dynamic = "dynamic".equals(System.getProperty("outreach.failover.membership"));
        String run = UUID.randomUUID().toString().substring(0, 8);
        String prefix = "m-failover-" + run + "-";
        Path logs = Path.of("target", "failover");
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        List<Duration> resumes = new ArrayList<>();
        List<String> due = new CopyOnWriteArrayList<>();

        Map<String, String> env = new HashMap<>();
        env.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put(DecisionConfig.APPLICATION_ID, "streams-failover-" + run);
        env.put(DecisionConfig.STATE_DIR, stateDir.toString());
        env.put(DecisionConfig.HTTP_HOST, "127.0.0.1");
        env.put(DecisionConfig.HTTP_PORT, "0");
        if (!dynamic) {
            env.put(GroupMembership.INSTANCE_ID, "streams-failover-" + run);
        }

        ScheduledExecutorService feed = Executors.newSingleThreadScheduledExecutor();
        ChildJvm streams = null;
        try (TopicProbe<OutreachEvent> requests =
                new TopicProbe<>(kafka.bootstrapServers(), Topics.OUTREACH_REQUESTS)) {
            feed.scheduleAtFixedRate(() -> due(prefix, due), 0, PACE.toMillis(), TimeUnit.MILLISECONDS);
            streams = ChildJvm.start(StreamsMain.class, env, logs.resolve("streams-" + run + ".log"));
            for (int kill = 1; kill <= KILLS; kill++) {
                long before = prompts(requests, prefix).size();
                await().atMost(HANG_GUARD)
                        .until(() -> prompts(requests, prefix).size() >= before + PROMPTED_BEFORE_KILL);

                streams.kill(Duration.ofSeconds(30));
                Instant dead = Instant.now();
                streams = ChildJvm.start(StreamsMain.class, env, streams.log());
                requests.pollFor(OLD_PROCESS_TAIL);
                long committedByTheDead = prompts(requests, prefix).size();
                await().atMost(HANG_GUARD)
                        .pollInterval(Duration.ofMillis(50))
                        .alias("processing resumed after kill " + kill)
                        .until(() -> prompts(requests, prefix).size() > committedByTheDead);
                resumes.add(Duration.between(dead, Instant.now()));
            }
            feed.shutdown();
            assertThat(feed.awaitTermination(HANG_GUARD.toSeconds(), TimeUnit.SECONDS))
                    .isTrue();

            // Nothing lost: every check-in that fell due is prompted, those of each outage included.
            await().atMost(HANG_GUARD)
                    .alias("every check-in prompted")
                    .until(() -> prompts(requests, prefix).stream()
                            .map(OutreachRequest::memberId)
                            .collect(Collectors.toSet())
                            .containsAll(due));
            // Anything repeated would be committed by now: read what is left.
            requests.pollFor(Duration.ofSeconds(2));
            List<OutreachRequest> intents = intents(requests, prefix);

            String report = report(dynamic, load, resumes, due.size());
            System.out.println(report);
            Files.createDirectories(logs);
            Files.writeString(
                    logs.resolve(dynamic ? "streams-dynamic.txt" : "streams.txt"),
                    report + "\n",
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);

            assertThat(intents).extracting(OutreachRequest::notificationId).doesNotHaveDuplicates();
            assertThat(prompts(requests, prefix))
                    .extracting(OutreachRequest::memberId)
                    .containsExactlyInAnyOrderElementsOf(due);
            assertThat(resumes).hasSize(KILLS);
        } finally {
            feed.shutdownNow();
            if (streams != null) {
                streams.close();
            }
        }
    }

    /** One member's check-in falls due now, open for ten minutes; counted once the broker acknowledged it. */
    private static void due(String prefix, List<String> due) {
        String member = prefix + due.size();
        Instant dueAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try {
            producer.send(new ProducerRecord<>(
                            Topics.CHECKIN_DUE.name(),
                            member,
                            CheckInDue.of(member, dueAt, dueAt.plus(Duration.ofMinutes(10)), dueAt, false)))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            throw new IllegalStateException("feed failed", e);
        }
        due.add(member);
    }

    private static List<OutreachRequest> intents(TopicProbe<OutreachEvent> requests, String prefix) {
        return requests.valuesWhere(key -> key.startsWith(prefix)).stream()
                .map(OutreachRequest.class::cast)
                .toList();
    }

    private static List<OutreachRequest> prompts(TopicProbe<OutreachEvent> requests, String prefix) {
        requests.poll();
        return intents(requests, prefix).stream()
                .filter(i -> i.kind() == OutreachKind.CHECK_IN_PROMPT)
                .toList();
    }

    private static String report(boolean dynamic, String loadBefore, List<Duration> resumes, int checkIns)
            throws Exception {
        List<Long> ms = resumes.stream().map(Duration::toMillis).sorted().toList();
        return String.format(
                "streams failover (%s membership): kill -9 to the first intent the restarted process committed, ms:"
                        + " %s (min %d, median %d, max %d); %d check-ins; load %s -> %s",
                dynamic ? "dynamic" : "static",
                resumes.stream().map(Duration::toMillis).toList(),
                ms.getFirst(),
                ms.get(ms.size() / 2),
                ms.getLast(),
                checkIns,
                loadBefore,
                Files.readString(Path.of("/proc/loadavg")).trim());
    }
}
