package org.aftercare.kit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.aftercare.kit.health.Health;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SIGTERM's path: readiness goes DOWN first, the request in flight finishes, then the listener stops. */
class HttpDrainTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CountDownLatch slowEntered = new CountDownLatch(1);
    private final CountDownLatch releaseSlow = new CountDownLatch(1);
    private HttpService http;

    @AfterEach
    void stop() {
        releaseSlow.countDown();
        if (http != null) {
            http.close();
        }
    }

    @Test
    void closeReportsNotReadyThenLetsTheRequestInFlightFinishThenStops() throws Exception {
        Health health = new Health().ready("always", () -> true);
        Routes routes = health.register(new Routes(), registry).get("/slow", r -> {
            slowEntered.countDown();
            releaseSlow.await(20, TimeUnit.SECONDS);
            return Response.text(200, "finished");
        });
        HttpSettings settings = HttpSettings.defaults().withDrain(Duration.ofSeconds(2), Duration.ofSeconds(15));
        http = HttpService.start("management", "127.0.0.1", 0, routes, registry, settings);
        // Each request on its own connection, as separate clients would.
        HttpClient slowClient = HttpClient.newHttpClient();
        assertThat(get(HttpClient.newHttpClient(), "/health/ready").statusCode())
                .isEqualTo(200);

        CompletableFuture<HttpResponse<String>> inFlight = slowClient.sendAsync(
                HttpRequest.newBuilder(URI.create(http.baseUrl() + "/slow")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(slowEntered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> closing =
                CompletableFuture.runAsync(() -> HttpService.drainAndClose(health::drain, settings, http));

        // 1. During the drain delay the listener still answers, and readiness says DOWN.
        await().atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> {
                    HttpResponse<String> ready = get(HttpClient.newHttpClient(), "/health/ready");
                    assertThat(ready.statusCode()).isEqualTo(503);
                    assertThat(ready.body()).contains("\"shutdown\":\"DOWN\"");
                });
        assertThat(inFlight).isNotDone();

        // 2. Then it takes no new requests, while the slow one is still being worked on.
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(this::refusesNewRequests);
        assertThat(inFlight).isNotDone();
        assertThat(closing).isNotDone();

        // 3. The request in flight finishes with its real answer, and only then does close() return.
        releaseSlow.countDown();
        HttpResponse<String> finished = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(finished.statusCode()).isEqualTo(200);
        assertThat(finished.body()).isEqualTo("finished");
        closing.get(10, TimeUnit.SECONDS);
    }

    private boolean refusesNewRequests() throws InterruptedException {
        try {
            return get(HttpClient.newHttpClient(), "/health/live").statusCode() == 503;
        } catch (IOException e) {
            return true; // connection refused or reset: the listener no longer accepts
        }
    }

    private HttpResponse<String> get(HttpClient client, String path) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(URI.create(http.baseUrl() + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
