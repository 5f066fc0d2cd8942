package org.aftercare.events;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A typed topic: its name, serdes and the settings it is created with. Every topic is keyed by
 * memberId (a string) and has the same partition count, so one member's events are ordered and
 * co-partitioned across topics. Services refer to topics only through {@link Topics}.
 *
 * @param retention how long records are kept; ignored for compacted topics
 */
public record Topic<V>(String name, Serde<V> valueSerde, boolean compacted, Duration retention) {

    public Serde<String> keySerde() {
        return Serdes.String();
    }

    /** The topic's cleanup policy as Kafka spells it. */
    public String cleanupPolicy() {
        return compacted ? "compact" : "delete";
    }
}
