package org.aftercare.notifier.delivery;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Retries of a transient SMTP failure, through the retry topic: up to {@code maxAttempts} tries
 * in all, waiting {@code firstBackoff}, then doubling up to {@code maxBackoff}, each wait with
 * "equal jitter" (between half and all of it) so a recovering relay is not hit by every held
 * message at the same instant. The defaults span about an hour before an intent is dead-lettered.
 */
public record RetryPolicy(int maxAttempts, Duration firstBackoff, Duration maxBackoff) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(8, Duration.ofSeconds(30), Duration.ofMinutes(30));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("backoffs must satisfy 0 <= first <= max");
        }
    }

    /** The exponential wait before try {@code attempt + 1}, after {@code attempt} failed tries, without jitter. */
    public Duration backoffAfter(int attempt) {
        Duration d = firstBackoff.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), 20));
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    /** {@link #backoffAfter} with jitter: {@code random} yields values in [0, 1). */
    public Duration jitteredBackoffAfter(int attempt, DoubleSupplier random) {
        long full = backoffAfter(attempt).toMillis();
        return Duration.ofMillis(full / 2 + (long) (random.getAsDouble() * (full - full / 2)));
    }

    /** True if a try after {@code attempt} failed tries is still allowed. */
    public boolean mayRetryAfter(int attempt) {
        return attempt < maxAttempts;
    }
}
