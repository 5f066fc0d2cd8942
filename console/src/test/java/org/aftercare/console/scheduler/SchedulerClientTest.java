package org.aftercare.console.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a real HTTP server (the JDK's) answering as a scheduler would or would not:
 * problem details become the reason shown; 5xx and a refused credential are a bad gateway; a
 * closed port and a server that never answers are unavailable (the latter perhaps applied).
 */
class SchedulerClientTest {

    private static final String TOKEN = "console-service-token-0123456789";

    private HttpServer server;
    private final List<String> seen = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    private SchedulerClient serving(int status, String contentType, String body) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (status == 0) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
        return client("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static SchedulerClient client(String url) {
        return new SchedulerClient(new SchedulerSettings(url, TOKEN, Duration.ofSeconds(1), Duration.ofMillis(500)));
    }

    @Test
    void aChangeIsSentWithTheTokenAndTheBodyAndItsAnswerIsDone() throws Exception {
        SchedulerClient c = serving(200, "application/json", "{\"memberId\":\"m-1\",\"status\":\"active\"}");

        SchedulerClient.Outcome out = c.setAway("m 1", LocalDate.parse("2026-03-20"), false);

        assertThat(out)
                .isInstanceOfSatisfying(
                        SchedulerClient.Done.class,
                        d -> assertThat(d.member().get("status").asText()).isEqualTo("active"));
        assertThat(seen)
                .containsExactly("PUT /api/members/m%201/away Bearer " + TOKEN
                        + " {\"until\":\"2026-03-20\",\"keepPrompts\":false}");
    }

    @Test
    void aProblemBecomesTheReasonWithItsFields() throws Exception {
        SchedulerClient c = serving(400, "application/problem+json", """
                {"type":"about:blank","title":"Invalid request","status":400,
                 "detail":"the exit event has 1 invalid field(s)",
                 "errors":{"date":"must not be later than tomorrow in the member's time zone"}}""");

        SchedulerClient.Outcome out = c.addExitEvent("m-1", "discharge", LocalDate.parse("2027-01-01"));

        assertThat(out)
                .isEqualTo(new SchedulerClient.Refused(
                        400,
                        "the exit event has 1 invalid field(s): date must not be later than tomorrow in the member's"
                                + " time zone",
                        java.util.Map.of("date", "must not be later than tomorrow in the member's time zone")));
    }

    @Test
    void aServerErrorAndARefusedCredentialAreABadGateway() throws Exception {
        SchedulerClient failing = serving(500, "text/plain", "boom");
        assertThat(failing.pause("m-1")).isInstanceOfSatisfying(SchedulerClient.Unavailable.class, u -> {
            assertThat(u.status()).isEqualTo(502);
            assertThat(u.maybeApplied()).isFalse();
        });
        server.stop(0);
        SchedulerClient refusing = serving(403, "application/problem+json", "{\"title\":\"Forbidden\"}");
        assertThat(refusing.resume("m-1")).isInstanceOfSatisfying(SchedulerClient.Unavailable.class, u -> {
            assertThat(u.status()).isEqualTo(502);
            assertThat(u.reason()).contains("service credential");
        });
    }

    @Test
    void aClosedPortIsUnavailableAndNothingChanged() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }

        SchedulerClient.Outcome out = client("http://127.0.0.1:" + port).pause("m-1");

        assertThat(out).isInstanceOfSatisfying(SchedulerClient.Unavailable.class, u -> {
            assertThat(u.status()).isEqualTo(503);
            assertThat(u.maybeApplied()).isFalse();
            assertThat(u.reason()).contains("nothing was changed");
        });
    }

    @Test
    void aSchedulerThatDoesNotAnswerInTimeMayHaveAppliedTheChange() throws Exception {
        SchedulerClient c = serving(0, "", "");

        SchedulerClient.Outcome out = c.clearAway("m-1");

        assertThat(out).isInstanceOfSatisfying(SchedulerClient.Unavailable.class, u -> {
            assertThat(u.status()).isEqualTo(503);
            assertThat(u.maybeApplied()).isTrue();
            assertThat(u.reason()).contains("may or may not have been made");
        });
    }
}
