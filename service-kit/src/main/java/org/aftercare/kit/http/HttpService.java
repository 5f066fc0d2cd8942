package org.aftercare.kit.http;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.router.EndpointNotFound;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP listener on Javalin (Jetty 12) serving a {@link Routes} table. It turns {@link
 * HttpProblem} into problem details (RFC 9457), hides unexpected errors behind a generic 500
 * (logged with the route and the exception type only: a message may quote member data), and times
 * every request as {@code http.server.requests} with labels from fixed sets only: the method (or
 * {@code other}), the route pattern (or {@code unmatched}) and the status.
 *
 * <p>It enforces the {@link HttpSettings}: a deadline for the whole request to arrive (see {@link
 * ReadDeadlines}), a bound on connections (Jetty's {@link NetworkConnectionLimit}: beyond it the
 * server stops accepting and new connections wait in the backlog) and on request threads (a
 * bounded {@link QueuedThreadPool}), 413 for a body over the limit, 431 (from Jetty) for headers
 * over it. {@link #close} stops gracefully: requests in flight get up to the drain timeout (Jetty's
 * {@link GracefulHandler}); {@link #drainAndClose} first reports not ready for the drain delay.
 */
public final class HttpService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpService.class);

    /** The method labels; any other method is counted as {@link #OTHER}. */
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    static final String OTHER = "other";
    /** The route label of a request no route matched. */
    static final String UNMATCHED = "unmatched";

    private static final String ROUTE_ATTRIBUTE = HttpService.class.getName() + ".route";

    private final String name;
    private final Routes routes;
    private final MeterRegistry registry;
    private final HttpSettings settings;
    private final ReadDeadlines deadlines;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Javalin app;
    private int port;

    private HttpService(
            String name, Routes routes, MeterRegistry registry, HttpSettings settings, ReadDeadlines deadlines) {
        this.name = name;
        this.routes = routes;
        this.registry = registry;
        this.settings = settings;
        this.deadlines = deadlines;
    }

    /** Binds with the default limits and starts serving. Port 0 picks a free port. */
    public static HttpService start(String host, int port, Routes routes, MeterRegistry registry) {
        return start("http", host, port, routes, registry, HttpSettings.defaults());
    }

    /**
     * Binds and starts serving.
     *
     * @param name the listener's name in thread names and logs (e.g. {@code public}, {@code management})
     * @param port the port, or 0 for a free one
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static HttpService start(
            String name, String host, int port, Routes routes, MeterRegistry registry, HttpSettings settings) {
        Counter readTimeouts = Counter.builder("http.server.read.timeouts")
                .description("connections closed because their request did not arrive within the read timeout")
                .tag("listener", name)
                .register(registry);
        ReadDeadlines deadlines = new ReadDeadlines(name, settings.readTimeout(), readTimeouts::increment);
        HttpService service = new HttpService(name, routes, registry, settings, deadlines);
        QueuedThreadPool threads =
                new QueuedThreadPool(settings.maxThreads(), Math.min(4, settings.maxThreads()), 60_000);
        threads.setName("http-" + name);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.startup.startupWatcherEnabled = false;
            // No compression: pages carry secrets (signed links, form fields) next to attacker-influenced text.
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.jetty.threadPool = threads;
            config.jetty.modifyHttpConfiguration(http -> {
                http.setRequestHeaderSize(settings.maxHeaderBytes());
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
            });
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(settings.drainTimeout().toMillis());
                server.insertHandler(new GracefulHandler());
                server.insertHandler(deadlines.handler());
                server.addBean(new NetworkConnectionLimit(settings.maxConnections(), server));
            });
            config.jetty.addConnector((server, http) -> {
                ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
                connector.setHost(host);
                connector.setPort(port);
                connector.setIdleTimeout(settings.idleTimeout().toMillis());
                connector.setShutdownIdleTimeout(-1);
                connector.addEventListener(deadlines);
                return connector;
            });
            for (Routes.Route route : routes.all()) {
                config.routes.addHttpHandler(
                        HandlerType.findOrCreate(route.method()), route.pattern(), ctx -> service.dispatch(route, ctx));
                if (route.method().equals("GET")
                        && routes.all().stream()
                                .noneMatch(r ->
                                        r.method().equals("HEAD") && r.pattern().equals(route.pattern()))) {
                    config.routes.addHttpHandler(
                            HandlerType.HEAD, route.pattern(), ctx -> service.dispatch(route, ctx));
                }
            }
            config.routes.exception(EndpointNotFound.class, (e, ctx) -> service.unmatched(ctx));
            config.routes.exception(
                    HttpResponseException.class,
                    (e, ctx) -> write(ctx, Response.problem(e.getStatus(), "Request refused", null, Map.of())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error(
                        "{} request on route {} failed: {}",
                        service.methodLabel(ctx),
                        service.routeLabel(ctx),
                        e.getClass().getName());
                write(ctx, internalError());
            });
            config.requestLogger.http(service::record);
        });
        service.app = app;
        try {
            app.start();
        } catch (RuntimeException e) {
            deadlines.close();
            app.stop();
            throw new UncheckedIOException(
                    "cannot listen on " + host + ":" + port + " ("
                            + e.getClass().getSimpleName() + ")",
                    new IOException(e.getClass().getName()));
        }
        service.port = app.port();
        log.info(
                "http listener {} on {}:{} ({} routes)",
                name,
                host,
                service.port,
                routes.list().size());
        return service;
    }

    /** The port bound at start (still known after close). */
    public int port() {
        return port;
    }

    /** http://localhost:PORT (no trailing slash). */
    public String baseUrl() {
        return "http://localhost:" + port();
    }

    private void dispatch(Routes.Route route, Context ctx) {
        String wire = ctx.req().getMethod();
        if (!wire.equals(route.method())
                && !(wire.equals("HEAD") && route.method().equals("GET"))) {
            // Javalin routes by X-HTTP-Method-Override; the method on the wire is what counts.
            unmatched(ctx);
            return;
        }
        ctx.attribute(ROUTE_ATTRIBUTE, route.pattern());
        Response response;
        try {
            Request request;
            if (route.body().streamed()) {
                request = new Request(ctx, route.pattern(), ctx.pathParamMap(), null, streamBody(ctx, route.body()));
            } else {
                request = new Request(ctx, route.pattern(), ctx.pathParamMap(), readBody(ctx));
            }
            response = route.handler().handle(request);
        } catch (HttpProblem p) {
            response = Response.problem(p);
        } catch (Request.BodyTooLarge e) {
            response = Response.problem(413, "Request too large", e.getMessage(), Map.of());
        } catch (RequestNotRead | Request.BodyNotRead e) {
            log.debug("{} request on route {}: the body did not arrive", methodLabel(ctx), route.pattern());
            response = Response.problem(408, "Request timeout", "the request did not arrive in time", Map.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response = Response.problem(503, "Shutting down", "try again shortly", Map.of());
        } catch (Exception e) {
            response = streamFailure(e);
            if (response == null) {
                log.error(
                        "{} request on route {} failed: {}",
                        methodLabel(ctx),
                        route.pattern(),
                        e.getClass().getName());
                response = internalError();
            }
        }
        write(ctx, response);
    }

    /** The body, read whole before the handler runs; 413 beyond the limit. */
    private byte[] readBody(Context ctx) throws RequestNotRead {
        int max = settings.maxBodyBytes();
        if (ctx.req().getContentLengthLong() > max) {
            throw new HttpProblem(413, "Request too large", "the body must be at most " + max + " bytes");
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] read = in.readNBytes(max + 1);
            if (read.length > max) {
                throw new HttpProblem(413, "Request too large", "the body must be at most " + max + " bytes");
            }
            ReadDeadlines.bodyRead(ctx.req().getAttribute(ReadDeadlines.ATTRIBUTE));
            return read;
        } catch (IOException e) {
            throw new RequestNotRead();
        }
    }

    /** 413 or 408 when a streamed body's failure arrives wrapped (e.g. in an UncheckedIOException); else null. */
    private static Response streamFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Request.BodyTooLarge tooLarge) {
                return Response.problem(413, "Request too large", tooLarge.getMessage(), Map.of());
            }
            if (t instanceof Request.BodyNotRead) {
                return Response.problem(408, "Request timeout", "the request did not arrive in time", Map.of());
            }
        }
        return null;
    }

    /** A streamed route's body: counted against its limit, under its own read timeout. */
    private static InputStream streamBody(Context ctx, Routes.Body limits) throws IOException {
        long max = limits.maxBytes();
        if (ctx.req().getContentLengthLong() > max) {
            throw new HttpProblem(413, "Request too large", "the body must be at most " + max + " bytes");
        }
        Object deadline = ctx.req().getAttribute(ReadDeadlines.ATTRIBUTE);
        ReadDeadlines.streaming(deadline, limits.readTimeout());
        return new CappedBody(ctx.req().getInputStream(), max, deadline);
    }

    /** The request's input stream, capped, its failures told apart from the handler's own. */
    private static final class CappedBody extends InputStream {
        private final InputStream in;
        private final long max;
        private final Object deadline;
        private long read;
        private boolean ended;

        CappedBody(InputStream in, long max, Object deadline) {
            this.in = in;
            this.max = max;
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return -1;
            }
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException e) {
                throw new Request.BodyNotRead(e);
            }
            if (n < 0) {
                ended = true;
                ReadDeadlines.bodyRead(deadline);
                return -1;
            }
            read += n;
            if (read > max) {
                throw new Request.BodyTooLarge(max);
            }
            return n;
        }
    }

    /** The client went away or missed the read deadline while sending the body. */
    private static final class RequestNotRead extends Exception {
        private static final long serialVersionUID = 1L;

        RequestNotRead() {
            super(null, null, false, false);
        }
    }

    private void unmatched(Context ctx) {
        Set<String> allowed = routes.allowed(ctx.path());
        Response response = allowed.isEmpty()
                ? Response.problem(404, "Not found", "no such resource", Map.of())
                : Response.problem(405, "Method not allowed", "this method is not allowed here", Map.of())
                        .withHeader("Allow", String.join(", ", allowed));
        write(ctx, response);
    }

    private static Response internalError() {
        return Response.problem(500, "Internal error", "something went wrong; it has been logged", Map.of());
    }

    private static void write(Context ctx, Response response) {
        ctx.status(response.status());
        ctx.contentType(response.contentType());
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        response.headers().forEach(ctx::header);
        ctx.result(response.body());
    }

    private String methodLabel(Context ctx) {
        String method = ctx.req().getMethod();
        return METHODS.contains(method) ? method : OTHER;
    }

    private String routeLabel(Context ctx) {
        Object route = ctx.req().getAttribute(ROUTE_ATTRIBUTE);
        return route instanceof String pattern ? pattern : UNMATCHED;
    }

    private void record(Context ctx, Float executionTimeMs) {
        Timer.builder("http.server.requests")
                .tag("method", methodLabel(ctx))
                .tag("route", routeLabel(ctx))
                .tag("status", Integer.toString(ctx.statusCode()))
                .register(registry)
                .record(Duration.ofNanos((long) (executionTimeMs * 1_000_000d)));
    }

    /**
     * The graceful stop of a service's listeners: {@code reportNotReady} runs at once (the service's
     * readiness reports DOWN, e.g. {@code Health::drain}), requests are still served for the drain
     * delay (so a load balancer stops sending new ones), then each listener stops accepting and lets
     * requests in flight finish within the drain timeout.
     */
    public static void drainAndClose(Runnable reportNotReady, HttpSettings settings, HttpService... listeners) {
        reportNotReady.run();
        if (settings.drainDelay().isPositive()) {
            try {
                Thread.sleep(settings.drainDelay());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (HttpService listener : listeners) {
            if (listener != null) {
                listener.close();
            }
        }
    }

    /** Stops accepting, lets requests in flight finish within the drain timeout, then stops. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            deadlines.stopping();
            try {
                app.stop();
            } catch (RuntimeException e) {
                log.warn(
                        "http listener {} did not stop cleanly: {}",
                        name,
                        e.getClass().getName());
            } finally {
                deadlines.close();
            }
        }
    }
}
