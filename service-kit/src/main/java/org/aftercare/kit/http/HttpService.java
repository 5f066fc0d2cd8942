package org.aftercare.kit.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP server on the JDK's own {@code HttpServer}, one virtual thread per request. It
 * routes, turns {@link HttpProblem} into problem details, hides unexpected errors behind a
 * generic 500 (logged with the route, never the body), and times every request by route pattern
 * and status ({@code http.server.requests}) so metric labels never carry ids.
 */
public final class HttpService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpService.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final Routes routes;
    private final MeterRegistry registry;

    private HttpService(HttpServer server, ExecutorService executor, Routes routes, MeterRegistry registry) {
        this.server = server;
        this.executor = executor;
        this.routes = routes;
        this.registry = registry;
    }

    /** Binds and starts serving. Port 0 picks a free port. */
    public static HttpService start(String host, int port, Routes routes, MeterRegistry registry) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 128);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            HttpService service = new HttpService(server, executor, routes, registry);
            server.createContext("/", service::exchange);
            server.start();
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + " (" + e.getMessage() + ")", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** http://localhost:PORT (no trailing slash). */
    public String baseUrl() {
        return "http://localhost:" + port();
    }

    private void exchange(HttpExchange ex) {
        long start = System.nanoTime();
        String route = "unmatched";
        Response response;
        try {
            String path = ex.getRequestURI().getPath();
            Optional<Routes.Match> match = routes.find(ex.getRequestMethod(), path);
            if (match.isEmpty()) {
                Set<String> allowed = routes.allowed(path);
                response = allowed.isEmpty()
                        ? Response.problem(404, "Not found", "no such resource", Map.of())
                        : Response.problem(405, "Method not allowed", ex.getRequestMethod() + " is not allowed here", Map.of())
                                .withHeader("Allow", String.join(", ", allowed));
            } else {
                route = match.get().route().pattern();
                response = handle(match.get(), ex, route);
            }
        } catch (RuntimeException e) {
            log.error("request on route {} failed while routing", route, e);
            response = Response.problem(500, "Internal error", "something went wrong; it has been logged", Map.of());
        }
        send(ex, response);
        Timer.builder("http.server.requests")
                .tag("method", ex.getRequestMethod())
                .tag("route", route)
                .tag("status", Integer.toString(response.status()))
                .register(registry)
                .record(Duration.ofNanos(System.nanoTime() - start));
    }

    private static Response handle(Routes.Match match, HttpExchange ex, String route) {
        try {
            return match.route().handler().handle(new Request(ex, route, match.params()));
        } catch (HttpProblem p) {
            return Response.problem(p);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.problem(503, "Shutting down", "try again shortly", Map.of());
        } catch (Exception e) {
            log.error("{} {} failed: {}", ex.getRequestMethod(), route, e.toString(), e);
            return Response.problem(500, "Internal error", "something went wrong; it has been logged", Map.of());
        }
    }

    private static void send(HttpExchange ex, Response response) {
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", response.contentType());
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            response.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            boolean noBody = response.body().length == 0 || ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
            if (!noBody) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(response.body());
                }
            }
        } catch (IOException e) {
            log.debug("client went away before the response was written: {}", e.toString());
        }
    }

    /** Stops accepting, lets requests in flight finish for up to a second. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }
}
