package org.aftercare.streams.escalation;

import java.util.List;
import org.aftercare.events.JsonSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** The named state stores of escalation chains (persistent, changelogged; ids and enums only). */
public final class EscalationStores {

    /** memberId → the member's latest escalation (open, or closed until its cooldown passed). */
    public static final String ESCALATIONS = "escalations";
    /** {@link EscalationDeadline#key()} → the deadline; ordered by time. */
    public static final String DEADLINES = "escalation-deadlines";

    public static final List<String> ALL = List.of(ESCALATIONS, DEADLINES);

    private EscalationStores() {}

    public static List<StoreBuilder<?>> builders() {
        return List.of(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(ESCALATIONS),
                        Serdes.String(),
                        new JsonSerde<>(Escalation.class)),
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(DEADLINES),
                        Serdes.String(),
                        new JsonSerde<>(EscalationDeadline.class)));
    }
}
