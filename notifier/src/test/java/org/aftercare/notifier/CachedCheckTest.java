package org.aftercare.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachedCheckTest {

    @Test
    void reusesTheAnswerForItsTtlThenChecksAgain() {
        AtomicLong nanos = new AtomicLong();
        AtomicInteger calls = new AtomicInteger();
        CachedCheck check = new CachedCheck(() -> calls.incrementAndGet() % 2 == 1, Duration.ofSeconds(5), nanos::get);

        assertThat(check.get()).isTrue();
        nanos.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(check.get()).isTrue();
        assertThat(calls).hasValue(1);

        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(check.get()).isFalse();
        assertThat(calls).hasValue(2);
    }
}
