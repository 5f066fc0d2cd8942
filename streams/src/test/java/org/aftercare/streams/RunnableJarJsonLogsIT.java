package org.aftercare.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streams service as an operator runs it on a bare host: {@code java -jar} of the runnable jar
 * (built by {@code package}, before this test), on a real broker, with JSON logs. Every line it
 * writes, from its start (RocksDB's native library included) to its stop on SIGTERM, is a JSON
 * object a log pipeline can parse: none of the JVM's plain-text warnings.
 */
class RunnableJarJsonLogsIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void theRunnableJarWritesOnlyJsonLinesFromStartToStop() throws Exception {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> p.getFileName().toString().endsWith("-runnable.jar"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no runnable jar in target/: run the package phase first"));
        }
        int port = freePort();
        Path output = dir.resolve("output.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(
                        java, "-jar", jar.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers());
        env.put("OUTREACH_KAFKA_PARTITIONS", "2");
        env.put(DecisionConfig.APPLICATION_ID, "streams-jar-" + UUID.randomUUID());
        env.put(DecisionConfig.STATE_DIR, dir.resolve("state").toString());
        env.put(DecisionConfig.HTTP_HOST, "127.0.0.1");
        env.put(DecisionConfig.HTTP_PORT, Integer.toString(port));
        env.put("OUTREACH_LOG_FORMAT", "json");
        Process process = builder.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(WAIT)
                    .ignoreExceptions()
                    .until(() -> http.send(
                                            HttpRequest.newBuilder(
                                                            URI.create("http://127.0.0.1:" + port + "/health/ready"))
                                                    .timeout(Duration.ofSeconds(5))
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200);
        } finally {
            process.destroy(); // SIGTERM: the service closes itself
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }

        List<String> lines =
                Files.readAllLines(output).stream().filter(l -> !l.isBlank()).toList();
        ObjectMapper json = new ObjectMapper();
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            JsonNode node;
            try {
                node = json.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("not a JSON line: " + line);
            }
            assertThat(node.isObject()).as(line).isTrue();
            assertThat(node.has("@timestamp")).as(line).isTrue();
        }
        assertThat(lines).anyMatch(l -> l.contains("streams stopping"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
