package org.aftercare.kit.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the Kafka cluster answered recently, for a readiness check that answers at once. In:
 * an admin client of the service's own cluster (closed with this). Out: {@link #isReachable()}, true when the
 * cluster answered a {@code describeCluster} within the last {@code staleAfter}. A daemon thread
 * asks every {@code interval}, each ask bounded by the interval; readiness only reads the last
 * answer, so a probe with a short timeout gets a quick 503 while the broker is down, not a
 * timeout of its own (an uncached check took 3 s or more there). Before the first answer it is
 * not reachable. Logs say when it becomes unreachable and reachable again, once each.
 */
public final class BrokerReachability implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BrokerReachability.class);

    /** How often the cluster is asked by default, and each ask's bound. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

    private final Admin admin;
    private final Duration interval;
    private final Duration staleAfter;
    private final Clock clock;
    private final AtomicReference<Instant> lastAnswer = new AtomicReference<>();
    private final ScheduledExecutorService asker;
    private volatile boolean reported = true;

    private BrokerReachability(Admin admin, Duration interval, Duration staleAfter, Clock clock) {
        this.admin = admin;
        this.interval = interval;
        this.staleAfter = staleAfter;
        this.clock = clock;
        this.asker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "broker-reachability");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts asking every {@link #DEFAULT_INTERVAL}; stale after three intervals without an answer. */
    public static BrokerReachability start(Admin admin) {
        return start(admin, DEFAULT_INTERVAL, DEFAULT_INTERVAL.multipliedBy(3), Clock.systemUTC());
    }

    public static BrokerReachability start(Admin admin, Duration interval, Duration staleAfter, Clock clock) {
        BrokerReachability r = new BrokerReachability(admin, interval, staleAfter, clock);
        r.asker.scheduleWithFixedDelay(r::ask, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return r;
    }

    /** Did the cluster answer within the last {@code staleAfter}? Never blocks. */
    public boolean isReachable() {
        Instant last = lastAnswer.get();
        return last != null && !clock.instant().isAfter(last.plus(staleAfter));
    }

    private void ask() {
        try {
            admin.describeCluster().clusterId().get(interval.toMillis(), TimeUnit.MILLISECONDS);
            lastAnswer.set(clock.instant());
            if (!reported) {
                log.info("the Kafka cluster answers again");
                reported = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            if (reported && !isReachable()) {
                log.warn("the Kafka cluster does not answer ({})", e.getClass().getSimpleName());
                reported = false;
            }
        }
    }

    /** Stops asking and closes the admin client. */
    @Override
    public void close() {
        asker.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
