package org.aftercare.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.health.MetricFamilies;
import org.aftercare.kit.links.LinkSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scheduler's {@code /metrics} right after start, on a real broker and H2: exactly the
 * families {@link SchedulerService#METRICS} declares (the dashboard and alerts are checked against
 * that declaration), the series of closed label sets already there at zero, the emit lag a
 * histogram with a bucket at the 10 s target, and the pool's and the producer's own metrics.
 */
class SchedulerMetricsIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void metricsRightAfterStartAreTheDeclaredFamiliesWithEveryKnownSeriesAtZero() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers());
        env.put("OUTREACH_KAFKA_PARTITIONS", "3");
        env.put("OUTREACH_ADMIN_TOKEN", "it-admin-token-" + UUID.randomUUID());
        env.put("OUTREACH_LINK_KEYS", LinkSigner.randomSpec("k1"));
        env.put("OUTREACH_DB_URL", "jdbc:h2:mem:scheduler-metrics-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        env.put("OUTREACH_SCHEDULER_HTTP_HOST", "127.0.0.1");
        env.put("OUTREACH_SCHEDULER_HTTP_PORT", "0");
        env.put("OUTREACH_SCHEDULER_MANAGEMENT_HOST", "127.0.0.1");
        env.put("OUTREACH_SCHEDULER_MANAGEMENT_PORT", "0");
        try (SchedulerService scheduler = SchedulerService.start(SchedulerConfig.from(Settings.of(env), env))) {
            String body = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(scheduler.managementUrl() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            MetricFamilies scraped = MetricFamilies.scraped(body);

            assertThat(scraped.withPrefix("outreach_").asMap())
                    .as("outreach families on /metrics")
                    .isEqualTo(SchedulerService.METRICS.withPrefix("outreach_").asMap());
            assertThat(scraped.asMap()).containsAllEntriesOf(SchedulerService.METRICS.asMap());

            // Counters whose labels come from closed sets are there before their first count.
            assertThat(body.lines())
                    .anyMatch(zero("outreach_import_jobs_total", "outcome=\"failed\""))
                    .anyMatch(zero("outreach_import_rows_total", "outcome=\"rejected\""))
                    .anyMatch(zero("outreach_checkins_answered_total", "status=\"need_help\""))
                    .anyMatch(zero("outreach_questionnaires_opened_total", "instrument=\"phq-9\""))
                    .anyMatch(zero("outreach_questionnaires_completed_total", "instrument=\"phq-9\""))
                    .anyMatch(zero("outreach_questionnaires_skipped_total", "reason=\"not-ready\""))
                    .anyMatch(zero("outreach_unsubscribed_total", "who=\"contact\""))
                    .anyMatch(zero("outreach_contacts_answered_total", "answer=\"decline\""))
                    .anyMatch(zero("outreach_contacts_acknowledged_total", "service=\"scheduler\""))
                    .anyMatch(zero("outreach_escalations_reach_reported_total", "reached=\"false\""))
                    .anyMatch(zero("outreach_help_pressed_total", "outcome=\"passed-on\""))
                    .anyMatch(zero("outreach_checkins_emitted_late_total", "service=\"scheduler\""));
            // The emit lag is a histogram with a bucket at the 10 s target.
            assertThat(body.lines())
                    .anyMatch(l ->
                            l.startsWith("outreach_checkins_emit_lag_seconds_bucket{") && l.contains("le=\"10.0\""));
            assertThat(body).contains("hikaricp_connections_active{pool=\"scheduler-db\"");
        }
    }

    /** A series line of {@code family} with {@code label} whose value is 0. */
    static java.util.function.Predicate<String> zero(String family, String label) {
        return l -> l.startsWith(family + "{") && l.contains(label) && l.matches(".* 0(\\.0)?$");
    }
}
