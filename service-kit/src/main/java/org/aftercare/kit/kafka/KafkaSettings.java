package org.aftercare.kit.kafka;

import java.util.HashMap;
import java.util.Map;
import org.aftercare.events.Topics;
import org.aftercare.kit.config.Settings;

/**
 * How a service reaches Kafka: the bootstrap servers, the partition count and replication factor
 * topics are created with, and any further client property passed as
 * {@code OUTREACH_KAFKA_PROP_<NAME>} (dots as underscores, e.g. {@code OUTREACH_KAFKA_PROP_SECURITY_PROTOCOL})
 * for TLS and SASL in production.
 */
public record KafkaSettings(
        String bootstrapServers, int partitions, short replicationFactor, Map<String, String> clientProperties) {

    public static final String PROP_PREFIX = "OUTREACH_KAFKA_PROP_";

    public KafkaSettings {
        clientProperties = Map.copyOf(clientProperties);
    }

    public static KafkaSettings read(Settings settings, Map<String, String> environment) {
        String bootstrap = settings.string("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        int partitions = settings.integer("OUTREACH_KAFKA_PARTITIONS", Topics.DEFAULT_PARTITIONS, 1, 1000);
        int replication = settings.integer("OUTREACH_KAFKA_REPLICATION_FACTOR", 1, 1, 7);
        Map<String, String> props = new HashMap<>();
        environment.forEach((k, v) -> {
            if (k.startsWith(PROP_PREFIX) && k.length() > PROP_PREFIX.length()) {
                props.put(k.substring(PROP_PREFIX.length()).toLowerCase().replace('_', '.'), v);
            }
        });
        return new KafkaSettings(bootstrap, partitions, (short) replication, props);
    }

    /** The common client properties: bootstrap servers, client id, and the pass-through ones. */
    public Map<String, Object> clientConfig(String clientId) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put("bootstrap.servers", bootstrapServers);
        config.put("client.id", clientId);
        return config;
    }
}
