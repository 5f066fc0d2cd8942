package org.aftercare.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.health.MetricFamilies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streams service's {@code /metrics} right after it is RUNNING on a real broker: exactly the
 * families {@link StreamsService#METRICS} declares, the series of closed label sets at zero, and
 * the open-escalations and open-flags gauges read from the (empty) stores as 0.
 */
class StreamsMetricsIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    Path stateDir;

    @Test
    void metricsRightAfterStartAreTheDeclaredFamiliesWithEveryKnownSeriesAtZero() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers());
        env.put("OUTREACH_KAFKA_PARTITIONS", "2");
        env.put(DecisionConfig.APPLICATION_ID, "streams-metrics-" + UUID.randomUUID());
        env.put(DecisionConfig.STATE_DIR, stateDir.toString());
        env.put(DecisionConfig.HTTP_PORT, "0");
        try (StreamsService service = StreamsService.start(DecisionConfig.from(Settings.of(env), env))) {
            String body = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(service.baseUrl() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            MetricFamilies scraped = MetricFamilies.scraped(body);

            assertThat(scraped.withPrefix("outreach_").asMap())
                    .as("outreach families on /metrics")
                    .isEqualTo(StreamsService.METRICS.withPrefix("outreach_").asMap());
            assertThat(scraped.asMap()).containsAllEntriesOf(StreamsService.METRICS.asMap());
            assertThat(body.lines())
                    .anyMatch(zero("outreach_checkins_late_total", "service=\"streams\""))
                    .anyMatch(zero("outreach_escalations_resolved_total", "reason=\"help-requested\""))
                    .anyMatch(zero("outreach_escalations_reached_total", "reason=\"use-reported\""))
                    .anyMatch(zero("outreach_escalations_suppressed_total", "why=\"cooldown\""))
                    .anyMatch(zero("outreach_escalations_reopened_total", "why=\"no-answer\""))
                    .anyMatch(zero("outreach_milestones_total", "kind=\"years\""))
                    .anyMatch(zero("outreach_checkins_excused_total", "service=\"streams\""))
                    .anyMatch(zero("outreach_dues_ignored_total", "reason=\"away\""))
                    .anyMatch(zero("outreach_flags_updated_total", "severity=\"critical\""))
                    .anyMatch(zero("outreach_flags_reassigned_total", "severity=\"high\""))
                    .anyMatch(zero("outreach_flags_actions_total", "change=\"resolved\""))
                    .anyMatch(zero("outreach_questionnaires_lifecycle_total", "outcome=\"ignored-expired\""))
                    .anyMatch(zero("outreach_escalations_open", "phase=\"open\""))
                    .anyMatch(zero("outreach_flags_open", "state=\"open\""));
        }
    }

    /** A series line of {@code family} with {@code label} whose value is 0. */
    static Predicate<String> zero(String family, String label) {
        return l -> l.startsWith(family + "{") && l.contains(label) && l.matches(".* 0(\\.0)?$");
    }
}
