package org.aftercare.kit.http;

import java.time.Duration;
import org.aftercare.kit.config.Settings;

/**
 * The limits every HTTP listener of a service runs with, read from the same variables in every
 * service. They exist because the listeners face untrusted clients: a client that sends its
 * request slowly, opens many connections or sends a huge body must not tie the service up.
 *
 * @param readTimeout the whole request (line, headers and body) must arrive within this time of
 *     the connection being opened or the previous response being sent; then the connection is
 *     closed, however steadily the client dribbles bytes (an idle keep-alive connection is closed
 *     after it too)
 * @param idleTimeout a connection on which nothing moves for this long while a response is worked
 *     on or written is closed
 * @param maxConnections connections beyond this wait in the listen backlog, unanswered, until one
 *     closes (the server stops accepting; nothing is refused with an error)
 * @param maxThreads the request threads of one listener (a bounded pool; requests beyond it queue)
 * @param maxBodyBytes a larger request body is refused with 413 before it is read
 * @param maxHeaderBytes a larger request line plus headers is refused with 431
 * @param drainDelay on close, readiness reports DOWN for this long while requests are still served,
 *     so that a load balancer stops sending new ones before the listeners close
 * @param drainTimeout then requests in flight get up to this long to finish before the listener stops
 */
public record HttpSettings(
        Duration readTimeout,
        Duration idleTimeout,
        int maxConnections,
        int maxThreads,
        int maxBodyBytes,
        int maxHeaderBytes,
        Duration drainDelay,
        Duration drainTimeout) {

    public static final String READ_TIMEOUT = "OUTREACH_HTTP_READ_TIMEOUT";
    public static final String IDLE_TIMEOUT = "OUTREACH_HTTP_IDLE_TIMEOUT";
    public static final String MAX_CONNECTIONS = "OUTREACH_HTTP_MAX_CONNECTIONS";
    public static final String MAX_THREADS = "OUTREACH_HTTP_MAX_THREADS";
    public static final String MAX_BODY_BYTES = "OUTREACH_HTTP_MAX_BODY_BYTES";
    public static final String MAX_HEADER_BYTES = "OUTREACH_HTTP_MAX_HEADER_BYTES";
    public static final String DRAIN_DELAY = "OUTREACH_HTTP_DRAIN_DELAY";
    public static final String DRAIN_TIMEOUT = "OUTREACH_HTTP_DRAIN_TIMEOUT";

    /** Jetty needs a few threads of the pool for accepting and selecting; below this it cannot serve. */
    static final int MIN_THREADS = 8;

    public HttpSettings {
        if (readTimeout.isNegative() || readTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxConnections < 1 || maxThreads < MIN_THREADS || maxBodyBytes < 0 || maxHeaderBytes < 1024) {
            throw new IllegalArgumentException("limits out of range");
        }
        if (drainDelay.isNegative() || drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drain times must not be negative");
        }
    }

    /** The defaults (also what {@link #read} gives when nothing is set). */
    public static HttpSettings defaults() {
        return new HttpSettings(
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                512,
                32,
                Request.MAX_BODY_BYTES,
                8192,
                Duration.ZERO,
                Duration.ofSeconds(10));
    }

    public static HttpSettings read(Settings s) {
        HttpSettings d = defaults();
        return new HttpSettings(
                s.duration(READ_TIMEOUT, d.readTimeout(), Duration.ofMillis(100), Duration.ofMinutes(5)),
                s.duration(IDLE_TIMEOUT, d.idleTimeout(), Duration.ofSeconds(1), Duration.ofMinutes(10)),
                s.integer(MAX_CONNECTIONS, d.maxConnections(), 1, 100_000),
                s.integer(MAX_THREADS, d.maxThreads(), MIN_THREADS, 1000),
                s.integer(MAX_BODY_BYTES, d.maxBodyBytes(), 1024, 64 << 20),
                s.integer(MAX_HEADER_BYTES, d.maxHeaderBytes(), 1024, 64 << 10),
                s.duration(DRAIN_DELAY, d.drainDelay(), Duration.ZERO, Duration.ofSeconds(60)),
                s.duration(DRAIN_TIMEOUT, d.drainTimeout(), Duration.ZERO, Duration.ofSeconds(60)));
    }

    public HttpSettings withReadTimeout(Duration value) {
        return new HttpSettings(
                value, idleTimeout, maxConnections, maxThreads, maxBodyBytes, maxHeaderBytes, drainDelay, drainTimeout);
    }

    public HttpSettings withMaxConnections(int value) {
        return new HttpSettings(
                readTimeout, idleTimeout, value, maxThreads, maxBodyBytes, maxHeaderBytes, drainDelay, drainTimeout);
    }

    public HttpSettings withSizeLimits(int bodyBytes, int headerBytes) {
        return new HttpSettings(
                readTimeout, idleTimeout, maxConnections, maxThreads, bodyBytes, headerBytes, drainDelay, drainTimeout);
    }

    public HttpSettings withDrain(Duration delay, Duration timeout) {
        return new HttpSettings(
                readTimeout, idleTimeout, maxConnections, maxThreads, maxBodyBytes, maxHeaderBytes, delay, timeout);
    }
}
