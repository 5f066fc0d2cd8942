package org.aftercare.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.aftercare.infra.kafka.EmbeddedKafka;
import org.aftercare.kit.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness follows the broker: a running Kafka Streams client does not notice a broker that went
 * away until it next needs it, so before readiness asked the cluster itself, {@code /health/ready}
 * stayed UP through a broker outage. On a broker of the test's own, stopped mid-test.
 */
class ReadinessFollowsTheBrokerIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path stateDir;

    private static HttpResponse<String> ready(StreamsService service) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(service.baseUrl() + "/health/ready"))
                        .timeout(Duration.ofSeconds(5))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readinessTurnsDownWhenTheBrokerStopsAndNamesTheCheck() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        try {
            Map<String, String> env = new HashMap<>();
            env.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            env.put("OUTREACH_KAFKA_PARTITIONS", "2");
            env.put(DecisionConfig.APPLICATION_ID, "streams-ready-" + UUID.randomUUID());
            env.put(DecisionConfig.STATE_DIR, stateDir.toString());
            env.put(DecisionConfig.HTTP_PORT, "0");
            env.put(DecisionConfig.CLOSE_TIMEOUT, "2s");
            env.put("OUTREACH_HTTP_DRAIN_DELAY", "0s");
            try (StreamsService service = StreamsService.start(DecisionConfig.from(Settings.of(env), env))) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    HttpResponse<String> up = ready(service);
                    assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
                    assertThat(up.body()).contains("\"kafka\":\"UP\"");
                });

                kafka.close();

                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    HttpResponse<String> down = ready(service);
                    assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
                    assertThat(down.body()).contains("\"kafka\":\"DOWN\"");
                });
            }
        } finally {
            kafka.close();
        }
    }
}
