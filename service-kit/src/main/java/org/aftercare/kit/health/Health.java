package org.aftercare.kit.health;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.aftercare.events.Json;
import org.aftercare.kit.http.HttpService;
import org.aftercare.kit.http.HttpSettings;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.http.Routes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness ("the process can make progress; restart me if not") and readiness ("send me work")
 * with named checks, served as {@code /health/live} and {@code /health/ready} (200 UP / 503 DOWN
 * with each check's state), plus the Prometheus scrape at {@code /metrics}. Once {@link #drain}
 * is called (the service is stopping) readiness stays DOWN whatever the checks say.
 */
public final class Health {

    private static final Logger log = LoggerFactory.getLogger(Health.class);

    private final Map<String, Supplier<Boolean>> live = new LinkedHashMap<>();
    private final Map<String, Supplier<Boolean>> ready = new LinkedHashMap<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    public Health live(String name, Supplier<Boolean> check) {
        live.put(name, check);
        return this;
    }

    public Health ready(String name, Supplier<Boolean> check) {
        ready.put(name, check);
        return this;
    }

    /** The service is stopping: report not ready from now on, so no new work is sent here. */
    public void drain() {
        draining.set(true);
    }

    public boolean isDraining() {
        return draining.get();
    }

    public boolean isLive() {
        return run(live).values().stream().allMatch(Boolean::booleanValue);
    }

    public boolean isReady() {
        return run(readyChecks()).values().stream().allMatch(Boolean::booleanValue);
    }

    private Map<String, Supplier<Boolean>> readyChecks() {
        if (!draining.get()) {
            return ready;
        }
        Map<String, Supplier<Boolean>> checks = new LinkedHashMap<>(ready);
        checks.put("shutdown", () -> false);
        return checks;
    }

    /** Adds the health and metrics routes. */
    /**
     * Starts the management listener of a service whose only HTTP is health and metrics (streams,
     * the notifier): these endpoints, with the service's limits.
     */
    public HttpService serveManagement(String host, int port, PrometheusMeterRegistry registry, HttpSettings settings) {
        return HttpService.start("management", host, port, register(new Routes(), registry), registry, settings);
    }

    public Routes register(Routes routes, PrometheusMeterRegistry registry) {
        return routes.get("/health/live", r -> answer(live))
                .get("/health/ready", r -> answer(readyChecks()))
                .get(
                        "/metrics",
                        r -> new Response(
                                200,
                                "text/plain; version=0.0.4; charset=utf-8",
                                registry.scrape().getBytes(StandardCharsets.UTF_8),
                                Map.of()));
    }

    private static Response answer(Map<String, Supplier<Boolean>> checks) {
        Map<String, Boolean> results = run(checks);
        boolean up = results.values().stream().allMatch(Boolean::booleanValue);
        ObjectNode body = Json.object();
        body.put("status", up ? "UP" : "DOWN");
        ObjectNode each = body.putObject("checks");
        results.forEach((name, ok) -> each.put(name, ok ? "UP" : "DOWN"));
        return Response.json(up ? 200 : 503, body);
    }

    private static Map<String, Boolean> run(Map<String, Supplier<Boolean>> checks) {
        Map<String, Boolean> results = new LinkedHashMap<>();
        checks.forEach((name, check) -> {
            boolean ok;
            try {
                ok = Boolean.TRUE.equals(check.get());
            } catch (RuntimeException e) {
                log.warn("health check {} failed: {}", name, e.getClass().getName());
                ok = false;
            }
            results.put(name, ok);
        });
        return results;
    }
}
