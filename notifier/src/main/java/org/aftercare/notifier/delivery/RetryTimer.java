package org.aftercare.notifier.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The in-memory timer of held intents: records read from {@code outreach.retry} whose not-before
 * instant has not come yet wait here, ordered by that instant (then offset), until they are due.
 * The retry topic stays the durable store: {@link #oldestWaiting} tells the loop how far it may
 * commit, so a restart re-reads whatever still waits. Used by one thread (the delivery loop); the
 * size is published for the gauge. In: records and the clock's instant. Out: the due records, the
 * time until the next one, and whether the retry partitions should pause.
 */
final class RetryTimer {

    private final int maxWaiting;
    private final PriorityQueue<ConsumerRecord<byte[], byte[]>> waiting = new PriorityQueue<>(
            Comparator.comparing((ConsumerRecord<byte[], byte[]> r) -> DelayHeaders.notBefore(r.headers()))
                    .thenComparingLong(ConsumerRecord::offset));
    private volatile int size;
    private boolean paused;

    /** @param maxWaiting past this many waiting records the retry partitions pause, until half of them are done */
    RetryTimer(int maxWaiting) {
        this.maxWaiting = maxWaiting;
    }

    /** Is this record not due yet at {@code now}? */
    static boolean notYetDue(ConsumerRecord<?, ?> record, Instant now) {
        return DelayHeaders.notBefore(record.headers()).isAfter(now);
    }

    void hold(ConsumerRecord<byte[], byte[]> record) {
        waiting.add(record);
        size = waiting.size();
    }

    /** Removes and returns every waiting record due at {@code now}, oldest first. */
    List<ConsumerRecord<byte[], byte[]>> takeDue(Instant now) {
        List<ConsumerRecord<byte[], byte[]>> due = new ArrayList<>();
        while (!waiting.isEmpty() && !notYetDue(waiting.peek(), now)) {
            due.add(waiting.poll());
        }
        size = waiting.size();
        return due;
    }

    /** How long the loop may wait for new records: at most {@code max}, less when a held record falls due sooner. */
    Duration pollTimeout(Instant now, Duration max) {
        if (waiting.isEmpty()) {
            return max;
        }
        long untilDue = Duration.between(
                        now, DelayHeaders.notBefore(waiting.peek().headers()))
                .toMillis();
        return Duration.ofMillis(Math.max(0, Math.min(max.toMillis(), untilDue)));
    }

    /** The offset of the oldest record still waiting, per partition: commits must not pass it. */
    Map<TopicPartition, Long> oldestWaiting() {
        Map<TopicPartition, Long> oldest = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : waiting) {
            oldest.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
        }
        return oldest;
    }

    /** A partition that moves away takes its waiting records with it: the next owner re-reads them. */
    void forget(Collection<TopicPartition> partitions) {
        waiting.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
        size = waiting.size();
    }

    /** What the retry partitions should do now, with hysteresis: pause at the bound, resume at half of it. */
    enum Flow {
        PAUSE,
        RESUME,
        STAY_PAUSED,
        FLOW
    }

    Flow flow() {
        if (!paused && waiting.size() >= maxWaiting) {
            paused = true;
            return Flow.PAUSE;
        }
        if (paused && waiting.size() < maxWaiting / 2) {
            paused = false;
            return Flow.RESUME;
        }
        return paused ? Flow.STAY_PAUSED : Flow.FLOW;
    }

    /** Records waiting (safe to read from any thread). */
    int size() {
        return size;
    }
}
