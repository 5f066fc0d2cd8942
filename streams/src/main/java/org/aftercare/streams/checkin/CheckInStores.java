package org.aftercare.streams.checkin;

import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The named state stores of the check-in lifecycle (persistent; values in the compact binary form
 * of {@link CheckInSerdes}, which still reads the JSON written before). The tracked check-ins and
 * the runs of misses are changelogged; the deadline index is not: it holds nothing a tracked
 * check-in does not already say, so each task rebuilds it from {@link #CHECK_INS} when it starts
 * ({@link CheckInLifecycle#init}), which spares one changelog record per check-in and change.
 * Keys are built here so every reader and writer agrees on them. The member facts it reads live
 * in {@link org.aftercare.streams.member.MemberFactsStore}.
 */
public final class CheckInStores {

    /** memberId|checkInId → the tracked check-in; prefix-scannable by member for erasure. */
    public static final String CHECK_INS = "checkin-tracked";
    /**
     * {@link Deadline#key()} → the deadline; ordered by time. Without a changelog (since issue 14;
     * the {@code -changelog} topic earlier versions wrote is no longer read).
     */
    public static final String DEADLINES = "checkin-deadlines";
    /** memberId → consecutive missed check-ins (absent = 0); reset by any answer. */
    public static final String CONSECUTIVE_MISSES = "checkin-consecutive-misses";

    public static final List<String> ALL = List.of(CHECK_INS, DEADLINES, CONSECUTIVE_MISSES);

    private CheckInStores() {}

    public static String checkInKey(String memberId, String checkInId) {
        return memberPrefix(memberId) + checkInId;
    }

    public static String memberPrefix(String memberId) {
        return memberId + "|";
    }

    public static List<StoreBuilder<?>> builders() {
        return List.of(
                store(CHECK_INS, CheckInSerdes.tracked()),
                store(DEADLINES, CheckInSerdes.deadlines()).withLoggingDisabled(),
                store(CONSECUTIVE_MISSES, Serdes.Integer()));
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> serde) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), serde);
    }
}
