package org.aftercare.kit.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A deadline for reading a whole request. Jetty's idle timeout starts over with every byte, so a
 * client that sends one header line every few seconds would hold a connection (and, once the
 * headers are in, a request thread while it dribbles the body) for ever. This closes any
 * connection whose request line, headers and body have not all arrived within the read timeout
 * of the connection opening or of the previous response completing.
 *
 * <p>In: connection open/close events (a {@link Connection.Listener} on the connector), the start
 * of each request (the {@link #handler() core handler}) and the end of its body ({@link
 * #bodyRead}, from the dispatcher). Out: connections closed when their deadline passes (an idle
 * keep-alive connection too), counted by the {@code onTimeout} callback unless they were idle
 * keep-alive ones.
 */
final class ReadDeadlines implements Connection.Listener, AutoCloseable {

    /** Request attribute that carries a connection's {@link Deadline} from the core handler to the dispatcher. */
    static final String ATTRIBUTE = ReadDeadlines.class.getName();

    private static final long HANDLING = Long.MIN_VALUE;

    /**
     * When the current request began to be read, or {@link #HANDLING} once it has been read whole;
     * and whether a request is under way on the connection (its headers are in).
     */
    static final class Deadline {
        private volatile long readingSince;
        private volatile boolean inRequest;
        private volatile boolean servedOne;
        /** This request's own time to arrive whole (a streamed upload), or 0 for the listener's. */
        private volatile long requestTimeoutNanos;

        Deadline(long now) {
            readingSince = now;
        }

        void started() {
            inRequest = true;
        }

        void handling() {
            readingSince = HANDLING;
        }

        void finished(long now) {
            requestTimeoutNanos = 0;
            readingSince = now;
            inRequest = false;
            servedOne = true;
        }

        /** Not an idle keep-alive connection that simply had nothing more to ask. */
        boolean wasSending() {
            return inRequest || !servedOne;
        }
    }

    private final long timeoutNanos;
    private final Runnable onTimeout;
    private final Map<Connection, Deadline> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;
    private volatile boolean stopping;

    ReadDeadlines(String name, Duration timeout, Runnable onTimeout) {
        this.timeoutNanos = timeout.toNanos();
        this.onTimeout = onTimeout;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "http-" + name + "-read-deadlines");
            t.setDaemon(true);
            return t;
        });
        long period = Math.clamp(timeout.toMillis() / 5, 20, 1000);
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpened(Connection connection) {
        open.put(connection, new Deadline(System.nanoTime()));
    }

    @Override
    public void onClosed(Connection connection) {
        open.remove(connection);
    }

    /** The request's headers are in: hand its deadline to the dispatcher, start the next one when the response is done. */
    Handler.Wrapper handler() {
        return new Handler.Wrapper() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Deadline deadline = open.get(request.getConnectionMetaData().getConnection());
                if (deadline == null) {
                    return super.handle(request, response, callback);
                }
                deadline.started();
                request.setAttribute(ATTRIBUTE, deadline);
                return super.handle(request, response, new Callback.Nested(callback) {
                    @Override
                    public void succeeded() {
                        deadline.finished(System.nanoTime());
                        super.succeeded();
                    }

                    @Override
                    public void failed(Throwable x) {
                        deadline.finished(System.nanoTime());
                        super.failed(x);
                    }
                });
            }
        };
    }

    /** The request body has been read whole: from now on only the idle timeout applies. */
    static void bodyRead(Object attribute) {
        if (attribute instanceof Deadline deadline) {
            deadline.handling();
        }
    }

    /**
     * The request's body is streamed to its handler: it gets {@code timeout} (counted from the
     * same start as the listener's read timeout) to arrive whole, then {@link #bodyRead} as usual.
     */
    static void streaming(Object attribute, Duration timeout) {
        if (attribute instanceof Deadline deadline) {
            deadline.requestTimeoutNanos = timeout.toNanos();
        }
    }

    /**
     * The listener is stopping: from now on connections with no request under way (idle keep-alive
     * ones, or still sending headers) are closed at once, so the graceful stop waits only for
     * requests in flight. (Jetty's own shutdown idle timeout is off: it would also cut a request
     * whose handler is still working.)
     */
    void stopping() {
        stopping = true;
        sweeper.execute(this::sweep);
    }

    private void sweep() {
        long now = System.nanoTime();
        open.forEach((connection, deadline) -> {
            long since = deadline.readingSince;
            long limit = deadline.requestTimeoutNanos > 0 ? deadline.requestTimeoutNanos : timeoutNanos;
            boolean late = since != HANDLING && now - since > limit;
            if (late || (stopping && !deadline.inRequest)) {
                open.remove(connection);
                if (late && deadline.wasSending()) {
                    onTimeout.run();
                }
                connection.getEndPoint().close();
            }
        });
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
