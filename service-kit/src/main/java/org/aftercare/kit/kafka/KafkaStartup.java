package org.aftercare.kit.kafka;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.aftercare.kit.health.Health;
import org.aftercare.kit.http.HttpService;
import org.aftercare.kit.http.HttpSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's start while its Kafka cluster is away. Before a service sets up its topics and
 * clients, {@link #awaitCluster} asks the cluster; when it answers at once, nothing more happens.
 * When it does not, the service waits for it instead of failing after its clients' timeouts: it
 * serves {@code /health/live} (UP: the process is fine, restarting it would not help) and
 * {@code /health/ready} (DOWN, check {@code kafka}) on its management listener meanwhile, asks
 * again every {@value #ASK_SECONDS} s, and logs the wait once at its start and then every
 * {@value #LOG_EVERY_SECONDS} s. When the cluster answers, the placeholder listener closes and the
 * service starts as usual on the same port. SIGTERM while waiting ends the process as ever.
 *
 * <p>A bootstrap name that does not resolve yet (a DNS entry created after the pod) is waited for
 * the same way. Refused credentials are not: the start fails at once with the kind of refusal.
 */
public final class KafkaStartup {

    private static final Logger log = LoggerFactory.getLogger(KafkaStartup.class);
    static final int ASK_SECONDS = 2;
    static final int LOG_EVERY_SECONDS = 30;

    private KafkaStartup() {}

    /**
     * Returns once the cluster answered; meanwhile serves health on {@code host}:{@code port} with
     * the service's HTTP limits.
     *
     * @throws IllegalStateException if interrupted while waiting
     */
    public static void awaitCluster(String service, KafkaSettings kafka, String host, int port, HttpSettings http) {
        Waiting waiting = new Waiting(kafka, "outreach-" + service + "-startup");
        try {
            if (waiting.answers()) {
                return;
            }
            long started = System.nanoTime();
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            try (HttpService placeholder = new Health()
                    .live("waiting-for-kafka", () -> true)
                    .ready("kafka", () -> false)
                    .serveManagement(host, port, registry, http)) {
                log.warn(
                        "{}: the Kafka cluster at {} does not answer ({}); waiting for it, health on port {}",
                        service,
                        kafka.bootstrapServers(),
                        waiting.lastProblem,
                        placeholder.port());
                long lastLog = started;
                while (!waiting.answers()) {
                    long now = System.nanoTime();
                    if (now - lastLog >= TimeUnit.SECONDS.toNanos(LOG_EVERY_SECONDS)) {
                        log.warn(
                                "{}: still waiting for the Kafka cluster at {} after {} s ({})",
                                service,
                                kafka.bootstrapServers(),
                                TimeUnit.NANOSECONDS.toSeconds(now - started),
                                waiting.lastProblem);
                        lastLog = now;
                    }
                    Thread.sleep(TimeUnit.SECONDS.toMillis(ASK_SECONDS));
                }
            } finally {
                registry.close();
            }
            log.info(
                    "{}: the Kafka cluster answers after {} s; starting",
                    service,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka cluster", e);
        } finally {
            waiting.close();
        }
    }

    /** One admin client, created again while the bootstrap name does not resolve. */
    private static final class Waiting {
        private final KafkaSettings kafka;
        private final String clientId;
        private Admin admin;
        String lastProblem = "";

        Waiting(KafkaSettings kafka, String clientId) {
            this.kafka = kafka;
            this.clientId = clientId;
        }

        boolean answers() throws InterruptedException {
            try {
                if (admin == null) {
                    admin = Admin.create(kafka.clientConfig(clientId));
                }
                admin.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
                return true;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof AuthenticationException) {
                    // Waiting would not help: wrong credentials or TLS trust. Say which kind, never the secret.
                    throw new IllegalStateException("the Kafka cluster at " + kafka.bootstrapServers()
                            + " refused this service's credentials: "
                            + e.getCause().getClass().getSimpleName());
                }
                lastProblem = e.getCause() == null
                        ? "ExecutionException"
                        : e.getCause().getClass().getSimpleName();
            } catch (TimeoutException e) {
                lastProblem = "no answer within 5 s";
            } catch (KafkaException e) {
                // Admin.create: e.g. no resolvable bootstrap address yet.
                lastProblem = e.getClass().getSimpleName();
                close();
            }
            return false;
        }

        void close() {
            if (admin != null) {
                admin.close(Duration.ZERO);
                admin = null;
            }
        }
    }
}
