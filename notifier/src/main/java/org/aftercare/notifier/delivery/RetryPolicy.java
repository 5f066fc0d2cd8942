package org.aftercare.notifier.delivery;

import java.time.Duration;

/**
 * In-place retries of a transient SMTP failure: up to {@code maxAttempts} tries, waiting
 * {@code firstBackoff}, then doubling. Short on purpose: the delivery loop holds its partition
 * while it waits (a retry topic is the durable answer, see the notifier's issue note).
 */
public record RetryPolicy(int maxAttempts, Duration firstBackoff) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(1));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** The wait before try number {@code attempt + 1}, after {@code attempt} failed tries. */
    public Duration backoffAfter(int attempt) {
        return firstBackoff.multipliedBy(1L << Math.min(attempt - 1, 10));
    }
}
