package org.aftercare.streams.deadline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A time-ordered index of pending deadlines over one key-value store, so a wall-clock tick reads
 * only what is due with one range scan up to now and never touches members with nothing due. In:
 * the entries a decision engine schedules ({@link #put}) and cancels ({@link #remove}). Out: the
 * entries due at or before a time, oldest first ({@link #dueBy}); {@link #handleDue} and
 * {@link #drain} remove each from the store before handing it to the engine.
 *
 * <p>It exists because check-ins, escalations and milestones each keep such an index; the key
 * encoding and the scan are written once, here. An entry's key is {@link #key(Instant, String...)}:
 * its time as 19 zero-padded epoch-millisecond digits (byte order is time order; times before the
 * epoch count as 0), then the parts that make it unique, each after a {@code '|'}. Each engine
 * keeps its own parts (and so the keys already in its store and changelog); changing this encoding
 * would orphan the entries of a running deployment, which {@code DeadlineIndexTest} pins.
 *
 * @param <V> the deadline record; {@code keyOf} gives the key it is stored under
 */
public final class DeadlineIndex<V> {

    private final KeyValueStore<String, V> store;
    private final Function<V, String> keyOf;

    public DeadlineIndex(KeyValueStore<String, V> store, Function<V, String> keyOf) {
        this.store = store;
        this.keyOf = keyOf;
    }

    /** The key of a deadline at {@code at}: the zero-padded epoch millis, then {@code |part} for each part. */
    public static String key(Instant at, String... parts) {
        StringBuilder key = new StringBuilder(timePrefix(at.toEpochMilli()));
        for (String part : parts) {
            key.append('|').append(part);
        }
        return key.toString();
    }

    /** The inclusive upper bound of a range scan that returns every deadline at or before {@code nowMs}. */
    public static String upTo(long nowMs) {
        // '~' sorts after '|' and every character of a part, so all keys of that millisecond are included.
        return timePrefix(nowMs) + "~";
    }

    private static String timePrefix(long epochMillis) {
        // As String.format("%019d") wrote it, without the formatter (a tick and every put build keys).
        String digits = Long.toString(Math.max(0, epochMillis));
        return "0".repeat(19 - digits.length()) + digits;
    }

    public void put(V deadline) {
        store.put(keyOf.apply(deadline), deadline);
    }

    public void remove(V deadline) {
        store.delete(keyOf.apply(deadline));
    }

    /** Every deadline at or before {@code nowMs}, oldest first, read before any is handled (handlers change the store). */
    public List<KeyValue<String, V>> dueBy(long nowMs) {
        List<KeyValue<String, V>> due = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.range(null, upTo(nowMs))) {
            it.forEachRemaining(due::add);
        }
        return due;
    }

    /**
     * One pass: every deadline due by {@code nowMs} at the start of the pass, oldest first, removed
     * and then handed to {@code handler}. One that the handler schedules at or before now waits for
     * the next pass. Returns how many were handled.
     */
    public int handleDue(long nowMs, Consumer<V> handler) {
        List<KeyValue<String, V>> due = dueBy(nowMs);
        for (KeyValue<String, V> entry : due) {
            store.delete(entry.key);
            handler.accept(entry.value);
        }
        return due.size();
    }

    /**
     * Passes until nothing is due: for engines whose handlers schedule follow-ups that may already
     * be due (after a clock jump a late deadline schedules a missed one in the past). The handler
     * must move each entry on in time or drop it, or this does not end.
     */
    public void drain(long nowMs, Consumer<V> handler) {
        int handled;
        do {
            // Scan again after every pass: what it scheduled may be due already.
            handled = handleDue(nowMs, handler);
        } while (handled > 0);
    }
}
