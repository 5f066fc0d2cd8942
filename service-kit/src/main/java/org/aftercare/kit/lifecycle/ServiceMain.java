package org.aftercare.kit.lifecycle;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.aftercare.kit.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared {@code main} of a service: starts it, closes it on SIGTERM / Ctrl-C within a
 * deadline, and turns a configuration error into one clear line per wrong value and exit code 2
 * (never a stack trace).
 */
public final class ServiceMain {

    private static final Logger log = LoggerFactory.getLogger(ServiceMain.class);

    /** How long a service may take to close cleanly before the process exits anyway. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(20);

    /** Starts a service; returns it running. */
    @FunctionalInterface
    public interface Starter {
        AutoCloseable start() throws Exception;
    }

    private ServiceMain() {}

    public static void run(String name, Starter starter) {
        AutoCloseable service;
        try {
            service = starter.start();
        } catch (ConfigException e) {
            System.err.println(name + ": cannot start, configuration is invalid:");
            e.problems().forEach(p -> System.err.println("  " + p));
            System.exit(2);
            return;
        } catch (Exception e) {
            log.error("{} failed to start: {}", name, e.toString(), e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("{} stopping", name);
                            try {
                                service.close();
                            } catch (Exception e) {
                                log.warn("{} did not close cleanly: {}", name, e.toString());
                            } finally {
                                stopped.countDown();
                            }
                        },
                        name + "-shutdown"));
        log.info("{} running", name);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes quietly, logging rather than throwing; for composite shutdowns. */
    public static void closeQuietly(String what, AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("closing {} failed: {}", what, e.toString());
        }
    }
}
