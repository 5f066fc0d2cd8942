package org.aftercare.notifier;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A health check whose answer is reused for {@code ttl}, so frequent probes do not hammer Kafka
 * or the SMTP relay. Concurrent callers during a refresh get the previous answer.
 */
final class CachedCheck implements Supplier<Boolean> {

    private final BooleanSupplier check;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private volatile boolean last;
    private volatile long checkedAt;
    private volatile boolean checkedOnce;
    private final Object refresh = new Object();

    CachedCheck(BooleanSupplier check, Duration ttl) {
        this(check, ttl, System::nanoTime);
    }

    CachedCheck(BooleanSupplier check, Duration ttl, LongSupplier nanoTime) {
        this.check = check;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public Boolean get() {
        long now = nanoTime.getAsLong();
        if (checkedOnce && now - checkedAt < ttlNanos) {
            return last;
        }
        synchronized (refresh) {
            if (!checkedOnce || nanoTime.getAsLong() - checkedAt >= ttlNanos) {
                last = check.getAsBoolean();
                checkedAt = nanoTime.getAsLong();
                checkedOnce = true;
            }
            return last;
        }
    }
}
