package org.aftercare.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RetryTimerTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private static ConsumerRecord<byte[], byte[]> held(int partition, long offset, Instant notBefore) {
        ConsumerRecord<byte[], byte[]> r =
                new ConsumerRecord<>("outreach.retry", partition, offset, new byte[0], new byte[0]);
        DelayHeaders.write(r.headers(), notBefore, 1, "quiet-hours");
        return r;
    }

    @Test
    void heldIntentsComeOutWhenDueInTheOrderTheyFallDueNotTheOrderTheyCame() {
        RetryTimer timer = new RetryTimer(100);
        timer.hold(held(0, 7, NOW.plusSeconds(30)));
        timer.hold(held(0, 8, NOW.plusSeconds(10)));
        timer.hold(held(1, 3, NOW.plusSeconds(60)));

        assertThat(timer.takeDue(NOW)).isEmpty();
        assertThat(timer.takeDue(NOW.plusSeconds(30)))
                .extracting(ConsumerRecord::offset)
                .containsExactly(8L, 7L);
        assertThat(timer.size()).isEqualTo(1);
    }

    @Test
    void theLoopWaitsNoLongerThanUntilTheNextHeldIntentFallsDue() {
        RetryTimer timer = new RetryTimer(100);
        assertThat(timer.pollTimeout(NOW, Duration.ofMillis(500))).isEqualTo(Duration.ofMillis(500));

        timer.hold(held(0, 1, NOW.plusMillis(120)));

        assertThat(timer.pollTimeout(NOW, Duration.ofMillis(500))).isEqualTo(Duration.ofMillis(120));
        assertThat(timer.pollTimeout(NOW.plusSeconds(1), Duration.ofMillis(500)))
                .isEqualTo(Duration.ZERO);
    }

    @Test
    void commitsStopAtTheOldestIntentStillWaitingInEachPartition() {
        RetryTimer timer = new RetryTimer(100);
        timer.hold(held(0, 9, NOW.plusSeconds(5)));
        timer.hold(held(0, 4, NOW.plusSeconds(50)));
        timer.hold(held(2, 11, NOW.plusSeconds(5)));

        assertThat(timer.oldestWaiting())
                .isEqualTo(Map.of(
                        new TopicPartition("outreach.retry", 0), 4L, new TopicPartition("outreach.retry", 2), 11L));
    }

    @Test
    void aPartitionThatMovesAwayTakesItsWaitingIntentsWithIt() {
        RetryTimer timer = new RetryTimer(100);
        timer.hold(held(0, 1, NOW.plusSeconds(5)));
        timer.hold(held(1, 1, NOW.plusSeconds(5)));

        timer.forget(List.of(new TopicPartition("outreach.retry", 0)));

        assertThat(timer.takeDue(NOW.plusSeconds(5)))
                .extracting(ConsumerRecord::partition)
                .containsExactly(1);
    }

    @Test
    void retriesPauseAtTheBoundAndResumeOnlyBelowHalfOfIt() {
        RetryTimer timer = new RetryTimer(4);
        for (int i = 0; i < 3; i++) {
            timer.hold(held(0, i, NOW.plusSeconds(i + 1)));
        }
        assertThat(timer.flow()).isEqualTo(RetryTimer.Flow.FLOW);
        timer.hold(held(0, 3, NOW.plusSeconds(4)));
        assertThat(timer.flow()).isEqualTo(RetryTimer.Flow.PAUSE);
        assertThat(timer.flow()).isEqualTo(RetryTimer.Flow.STAY_PAUSED);

        timer.takeDue(NOW.plusSeconds(2));
        assertThat(timer.flow()).as("two left of a bound of four").isEqualTo(RetryTimer.Flow.STAY_PAUSED);
        timer.takeDue(NOW.plusSeconds(3));
        assertThat(timer.flow()).isEqualTo(RetryTimer.Flow.RESUME);
        assertThat(timer.flow()).isEqualTo(RetryTimer.Flow.FLOW);
    }
}
