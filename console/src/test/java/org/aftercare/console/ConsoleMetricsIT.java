package org.aftercare.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.aftercare.console.testing.ConsoleFixture;
import org.aftercare.console.testing.StaffClient;
import org.aftercare.kit.health.MetricFamilies;
import org.junit.jupiter.api.Test;

/**
 * The console's {@code /metrics} right after start: exactly the families {@link ConsoleService#METRICS}
 * declares, the skipped-record counter of every input topic at zero, and the read model's pool metrics.
 */
class ConsoleMetricsIT {

    @Test
    void metricsRightAfterStartAreTheDeclaredFamiliesWithEveryKnownSeriesAtZero() throws Exception {
        try (ConsoleFixture app = ConsoleFixture.start()) {
            String body =
                    new StaffClient(app.console.managementUrl()).get("/metrics").body();
            MetricFamilies scraped = MetricFamilies.scraped(body);

            assertThat(scraped.withPrefix("outreach_").asMap())
                    .as("outreach families on /metrics")
                    .isEqualTo(ConsoleService.METRICS.withPrefix("outreach_").asMap());
            assertThat(scraped.asMap()).containsAllEntriesOf(ConsoleService.METRICS.asMap());
            assertThat(body.lines())
                    .anyMatch(l -> l.startsWith("outreach_console_records_skipped_total{")
                            && l.contains("topic=\"contact.actions\"")
                            && l.matches(".* 0(\\.0)?$"));
            assertThat(body).contains("hikaricp_connections_active{pool=");
        }
    }
}
