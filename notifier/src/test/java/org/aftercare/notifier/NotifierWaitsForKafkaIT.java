package org.aftercare.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.aftercare.infra.kafka.EmbeddedKafka;
import org.aftercare.infra.smtp.EmbeddedSmtp;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.links.LinkSigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Started while its Kafka cluster is away, the notifier waits for it: it answers live and not
 * ready (naming Kafka) on its port meanwhile, instead of serving nothing and exiting after its
 * clients' timeouts; when a broker comes up at that address, it starts and becomes ready.
 */
class NotifierWaitsForKafkaIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private EmbeddedSmtp smtp;
    private EmbeddedKafka kafka;
    private CompletableFuture<NotifierService> starting;

    @AfterEach
    void stop() {
        if (starting != null) {
            starting.thenAccept(n -> n.close(Duration.ofSeconds(20)))
                    .exceptionally(e -> null)
                    .join();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (smtp != null) {
            smtp.close();
        }
    }

    @Test
    void aNotifierStartedBeforeItsBrokerAnswersHealthMeanwhileAndStartsWhenTheBrokerComes() throws Exception {
        int brokerPort = freePort();
        int httpPort = freePort();
        smtp = EmbeddedSmtp.start(0);
        Map<String, String> env = new HashMap<>();
        env.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", "localhost:" + brokerPort);
        env.put("OUTREACH_NOTIFIER_GROUP_ID", "notifier-waits-" + UUID.randomUUID());
        env.put("OUTREACH_NOTIFIER_HTTP_HOST", "127.0.0.1");
        env.put("OUTREACH_NOTIFIER_HTTP_PORT", Integer.toString(httpPort));
        env.put("OUTREACH_SMTP_HOST", smtp.host());
        env.put("OUTREACH_SMTP_PORT", Integer.toString(smtp.port()));
        env.put("OUTREACH_MAIL_FROM", "checkins@example.org");
        env.put("OUTREACH_MAIL_DOMAIN", "mail.example.org");
        env.put("OUTREACH_LINK_KEYS", LinkSigner.randomSpec("it"));
        env.put("OUTREACH_ADDRESS_HASH_KEY", TestFixtures.ADDRESS_HASH_KEY);
        NotifierConfig config = NotifierConfig.from(Settings.of(env), env);

        starting = CompletableFuture.supplyAsync(() -> NotifierService.start(config));

        // While the broker is away: alive, not ready, and it says why.
        await().atMost(WAIT)
                .ignoreExceptions()
                .until(() -> get(httpPort, "/health/live").statusCode() == 200);
        HttpResponse<String> ready = get(httpPort, "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("\"kafka\":\"DOWN\"");
        assertThat(starting).isNotDone();

        kafka = EmbeddedKafka.start(brokerPort);

        NotifierService notifier = starting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(notifier.httpPort()).isEqualTo(httpPort);
        await().atMost(WAIT).until(notifier::isReady);
        await().atMost(WAIT)
                .ignoreExceptions()
                .until(() -> get(httpPort, "/health/ready").statusCode() == 200);
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
