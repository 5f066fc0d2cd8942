package org.aftercare.streams.flags;

import java.util.List;
import org.aftercare.events.JsonSerde;
import org.aftercare.events.staff.CareTeam;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** The named state stores of the member side of staff flags (persistent, changelogged; ids, codes and times only). */
public final class FlagStores {

    /** memberId → the member's latest flag ({@link LiveFlag}: live, or resolved until the next one). */
    public static final String FLAGS = "staff-flags";
    /** memberId → {@link FlagSignals}. */
    public static final String SIGNALS = "flag-signals";
    /** memberId → the member's care team ({@code care.assignments}). */
    public static final String CARE_TEAMS = "care-teams";
    /** {@link FlagDeadline#key()} → the acknowledgement timeout; ordered by time. */
    public static final String DEADLINES = "flag-deadlines";

    public static final List<String> ALL = List.of(FLAGS, SIGNALS, CARE_TEAMS, DEADLINES);

    private FlagStores() {}

    public static List<StoreBuilder<?>> builders() {
        return List.of(
                store(FLAGS, new JsonSerde<>(LiveFlag.class)),
                store(SIGNALS, new JsonSerde<>(FlagSignals.class)),
                store(CARE_TEAMS, new JsonSerde<>(CareTeam.class)),
                store(DEADLINES, new JsonSerde<>(FlagDeadline.class)));
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> serde) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), serde);
    }
}
