package org.aftercare.events;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A typed topic: its name, serdes and the settings it is created with. Every topic is keyed by
 * memberId (a string) and has the same partition count, so one member's events are ordered and
 * co-partitioned across topics. Services refer to topics only through {@link Topics}.
 *
 * @param retention how long records are kept; ignored for compacted topics
 * @param maxCompactionLag for a compacted topic that holds personal data, the longest a replaced
 *     record or one behind a tombstone may stay before compaction removes it (erasure must not wait
 *     for a segment to roll, which with the broker's defaults is never for a quiet topic); null otherwise
 */
public record Topic<V>(
        String name, Serde<V> valueSerde, boolean compacted, Duration retention, Duration maxCompactionLag) {

    /** How long a tombstone itself stays readable after compaction, so every reader sees the erasure. */
    public static final Duration TOMBSTONE_RETENTION = Duration.ofDays(1);

    public Topic {
        if (maxCompactionLag != null && !compacted) {
            throw new IllegalArgumentException("a compaction lag only applies to a compacted topic");
        }
    }

    public Topic(String name, Serde<V> valueSerde, boolean compacted, Duration retention) {
        this(name, valueSerde, compacted, retention, null);
    }

    public Serde<String> keySerde() {
        return Serdes.String();
    }

    /** The topic's cleanup policy as Kafka spells it. */
    public String cleanupPolicy() {
        return compacted ? "compact" : "delete";
    }

    /**
     * The topic-level settings it is created with, as Kafka spells them: cleanup policy, retention
     * (deleting topics), compaction lag and tombstone retention (compacted topics with personal data).
     * Every way of creating topics (the services' own setup, Compose, Strimzi) uses these.
     */
    public Map<String, String> configs() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("cleanup.policy", cleanupPolicy());
        if (!compacted && retention != null) {
            config.put("retention.ms", Long.toString(retention.toMillis()));
        }
        if (maxCompactionLag != null) {
            config.put("max.compaction.lag.ms", Long.toString(maxCompactionLag.toMillis()));
            config.put("delete.retention.ms", Long.toString(TOMBSTONE_RETENTION.toMillis()));
        }
        return config;
    }
}
