package org.aftercare.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aftercare.kit.health.Health;
import org.aftercare.kit.health.HealthProbe;
import org.aftercare.kit.health.Metrics;
import org.aftercare.kit.http.HttpService;
import org.aftercare.kit.http.Routes;
import org.junit.jupiter.api.Test;

/** The probe the Compose health checks run: UP only on a 200 from the health endpoint. */
class HealthProbeTest {

    @Test
    void upWhenReadyDownWhenNotOrUnreachable() {
        AtomicBoolean ready = new AtomicBoolean(true);
        PrometheusMeterRegistry registry = Metrics.registry("probe-test");
        Health health = new Health().live("process", () -> true).ready("work", ready::get);
        try (HttpService http = HttpService.start("127.0.0.1", 0, health.register(new Routes(), registry), registry)) {
            String url = http.baseUrl() + "/health/ready";
            assertThat(HealthProbe.isUp(url)).isTrue();
            ready.set(false);
            assertThat(HealthProbe.isUp(url)).isFalse();
            assertThat(HealthProbe.isUp(http.baseUrl() + "/health/live")).isTrue();
        }
        assertThat(HealthProbe.isUp("http://127.0.0.1:1/health/ready")).isFalse();
    }
}
