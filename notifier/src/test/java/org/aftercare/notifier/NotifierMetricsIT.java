package org.aftercare.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.infra.smtp.EmbeddedSmtp;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.health.MetricFamilies;
import org.aftercare.kit.links.LinkSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The notifier's {@code /metrics} right after start, on a real broker and SMTP server: exactly the
 * families {@link NotifierService#METRICS} declares, the series of closed label sets at zero, the
 * SMTP attempt a histogram with buckets, and the Kafka clients' own metrics.
 */
class NotifierMetricsIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void metricsRightAfterStartAreTheDeclaredFamiliesWithEveryKnownSeriesAtZero() throws Exception {
        try (EmbeddedSmtp smtp = EmbeddedSmtp.start(0)) {
            Map<String, String> env = new HashMap<>();
            env.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers());
            env.put("OUTREACH_NOTIFIER_GROUP_ID", "notifier-metrics-" + UUID.randomUUID());
            env.put("OUTREACH_NOTIFIER_HTTP_PORT", "0");
            env.put("OUTREACH_SMTP_HOST", smtp.host());
            env.put("OUTREACH_SMTP_PORT", Integer.toString(smtp.port()));
            env.put("OUTREACH_MAIL_FROM", "checkins@example.org");
            env.put("OUTREACH_MAIL_DOMAIN", "mail.example.org");
            env.put("OUTREACH_LINK_BASE_URL", "https://checkin.example.org");
            env.put("OUTREACH_LINK_KEYS", LinkSigner.randomSpec("it"));
            env.put("OUTREACH_ADDRESS_HASH_KEY", TestFixtures.ADDRESS_HASH_KEY);
            NotifierService notifier = NotifierService.start(NotifierConfig.from(Settings.of(env), env));
            try {
                String body = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create("http://localhost:" + notifier.httpPort() + "/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                MetricFamilies scraped = MetricFamilies.scraped(body);

                assertThat(scraped.withPrefix("outreach_").asMap())
                        .as("outreach families on /metrics")
                        .isEqualTo(
                                NotifierService.METRICS.withPrefix("outreach_").asMap());
                assertThat(scraped.asMap()).containsAllEntriesOf(NotifierService.METRICS.asMap());
                assertThat(body.lines())
                        .anyMatch(zero("outreach_emails_sent_total", "kind=\"escalation-alert\""))
                        .anyMatch(zero("outreach_emails_suppressed_total", "reason=\"unsubscribed\""))
                        .anyMatch(zero("outreach_emails_deferred_total", "reason=\"quiet-hours\""))
                        .anyMatch(zero("outreach_emails_failed_total", "class=\"transient\""))
                        .anyMatch(zero("outreach_emails_dead_lettered_total", "reason=\"render-error\""))
                        .anyMatch(zero("outreach_smtp_send_seconds_count", "result=\"sent\""))
                        .anyMatch(zero("outreach_smtp_send_seconds_count", "result=\"transient\""));
                assertThat(body.lines())
                        .anyMatch(l -> l.startsWith("outreach_smtp_send_seconds_bucket{")
                                && l.contains("result=\"sent\"")
                                && l.contains("le=\"1.0\""));
            } finally {
                notifier.close(Duration.ofSeconds(20));
            }
        }
    }

    /** A series line of {@code family} with {@code label} whose value is 0. */
    static Predicate<String> zero(String family, String label) {
        return l -> l.startsWith(family + "{") && l.contains(label) && l.matches(".* 0(\\.0)?$");
    }
}
