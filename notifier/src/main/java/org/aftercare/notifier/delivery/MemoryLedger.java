package org.aftercare.notifier.delivery;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.aftercare.events.outreach.Urgency;

/**
 * The ledger's in-memory state, thread-safe: sent ids with their instant and attempt, bounced recipients, and
 * each recipient's recent routine sends. On its own it lasts as long as the process (tests); the
 * {@link KafkaLedger} fills it from the ledger topic and writes through to it.
 */
public class MemoryLedger implements DeliveryLedger {

    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final Map<String, Instant> bounced = new ConcurrentHashMap<>();
    private final Map<String, Deque<Instant>> routine = new ConcurrentHashMap<>();

    @Override
    public Optional<Sent> sent(String notificationId) {
        return Optional.ofNullable(sent.get(notificationId));
    }

    @Override
    public void recordSent(String notificationId, String recipientKey, Urgency urgency, Instant at, int attempt) {
        if (sent.putIfAbsent(notificationId, new Sent(at, attempt)) == null
                && urgency == Urgency.ROUTINE
                && recipientKey != null) {
            Deque<Instant> times = routine.computeIfAbsent(recipientKey, k -> new ArrayDeque<>());
            synchronized (times) {
                times.addLast(at);
                while (times.size() > 100) {
                    times.removeFirst(); // far above any sensible daily cap
                }
            }
        }
    }

    @Override
    public boolean isBounced(String recipientKey) {
        return bounced.containsKey(recipientKey);
    }

    @Override
    public void recordBounce(String recipientKey, String reason, Instant at) {
        bounced.put(recipientKey, at);
    }

    /** Forgets a bounce (an operator cleared it by writing a tombstone). */
    void clearBounce(String recipientKey) {
        bounced.remove(recipientKey);
    }

    /** Forgets a sent id (its retention ran out). */
    void forgetSent(String notificationId) {
        sent.remove(notificationId);
    }

    @Override
    public int routineSentSince(String recipientKey, Instant since) {
        Deque<Instant> times = routine.get(recipientKey);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            return (int) times.stream().filter(t -> !t.isBefore(since)).count();
        }
    }

    @Override
    public int size() {
        return sent.size();
    }
}
