package org.aftercare.streams.faults;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a stream thread dies of an exception no other handler took: the thread is
 * replaced (state is restored from the changelogs; exactly-once keeps the output consistent), up
 * to a limit, after which the client shuts down so the health check fails and the platform
 * restarts the process. JVM errors shut the client down at once, and so does the death of the
 * global thread (the staff directory's), which Kafka Streams cannot replace.
 */
public final class StreamThreadFailures implements StreamsUncaughtExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(StreamThreadFailures.class);

    /** Kafka Streams names its global thread {@code <client id>-GlobalStreamThread}; the handler runs on the dying thread. */
    static final String GLOBAL_THREAD_SUFFIX = "-GlobalStreamThread";

    private final int maxReplacements;
    private int replacements;

    public StreamThreadFailures(int maxReplacements) {
        this.maxReplacements = maxReplacements;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        if (Thread.currentThread().getName().endsWith(GLOBAL_THREAD_SUFFIX)) {
            log.error(
                    "global stream thread died ({}); it cannot be replaced: shutting the client down",
                    exception.getClass().getName(),
                    exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        if (exception instanceof Error || replacements >= maxReplacements) {
            log.error(
                    "stream thread died ({}); shutting the client down after {} replacements",
                    exception.getClass().getName(),
                    replacements,
                    exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replacements++;
        log.error(
                "stream thread died ({}); replacing it ({} of {})",
                exception.getClass().getName(),
                replacements,
                maxReplacements,
                exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
