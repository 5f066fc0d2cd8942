package org.aftercare.kit.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.aftercare.events.Topics;
import org.aftercare.kit.config.Settings;

/**
 * How a service reaches Kafka: the bootstrap servers, the partition count and replication factor
 * topics are created with, how the connection is secured, and any further client property passed
 * as {@code OUTREACH_KAFKA_PROP_<NAME>} (dots as underscores, e.g. {@code OUTREACH_KAFKA_PROP_SSL_KEYSTORE_LOCATION}).
 *
 * <p>Security (validated; see docs/operations.md, "Kafka security"): {@value #SECURITY_PROTOCOL} is
 * {@code PLAINTEXT} (the local Compose broker), {@code SSL} or {@code SASL_SSL}; {@code SASL_PLAINTEXT}
 * is refused, since it would carry member data unencrypted. With TLS, {@value #TRUSTSTORE_LOCATION}
 * names the broker CA (a PEM file such as Strimzi's {@code <cluster>-cluster-ca-cert} {@code ca.crt},
 * or a PKCS12/JKS store with {@value #TRUSTSTORE_PASSWORD}); unset, the JVM's trusted CAs are used.
 * With {@code SASL_SSL}, {@value #SASL_MECHANISM} (SCRAM-SHA-512 by default) and the user's
 * {@value #SASL_USERNAME} and {@value #SASL_PASSWORD} (the Strimzi KafkaUser's name and the
 * {@code password} of its Secret) make the JAAS configuration. A pass-through property for a
 * setting that has a named variable is accepted only when that variable is unset.
 *
 * <p>How the service's group consumers belong to their groups ({@link GroupMembership}) is read
 * separately, by the services that have one (streams, the notifier), and attached with
 * {@link #withGroupMembership}; elsewhere it is {@link GroupMembership#DYNAMIC}.
 */
public record KafkaSettings(
        String bootstrapServers,
        int partitions,
        short replicationFactor,
        Map<String, String> clientProperties,
        GroupMembership groupMembership) {

    public static final String PROP_PREFIX = "OUTREACH_KAFKA_PROP_";

    public static final String SECURITY_PROTOCOL = "OUTREACH_KAFKA_SECURITY_PROTOCOL";
    public static final String TRUSTSTORE_LOCATION = "OUTREACH_KAFKA_SSL_TRUSTSTORE_LOCATION";
    public static final String TRUSTSTORE_TYPE = "OUTREACH_KAFKA_SSL_TRUSTSTORE_TYPE";
    public static final String TRUSTSTORE_PASSWORD = "OUTREACH_KAFKA_SSL_TRUSTSTORE_PASSWORD";
    public static final String SASL_MECHANISM = "OUTREACH_KAFKA_SASL_MECHANISM";
    public static final String SASL_USERNAME = "OUTREACH_KAFKA_SASL_USERNAME";
    public static final String SASL_PASSWORD = "OUTREACH_KAFKA_SASL_PASSWORD";

    private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_SSL");
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,200}");

    /** The client properties the named variables set, each with the variable that sets it. */
    private static final Map<String, String> NAMED = Map.of(
            "security.protocol", SECURITY_PROTOCOL,
            "ssl.truststore.location", TRUSTSTORE_LOCATION,
            "ssl.truststore.type", TRUSTSTORE_TYPE,
            "ssl.truststore.password", TRUSTSTORE_PASSWORD,
            "sasl.mechanism", SASL_MECHANISM,
            "sasl.jaas.config", SASL_USERNAME + " and " + SASL_PASSWORD);

    public KafkaSettings {
        clientProperties = Map.copyOf(clientProperties);
        groupMembership = groupMembership == null ? GroupMembership.DYNAMIC : groupMembership;
    }

    /** Dynamic group membership with the default session timeout. */
    public KafkaSettings(
            String bootstrapServers, int partitions, short replicationFactor, Map<String, String> clientProperties) {
        this(bootstrapServers, partitions, replicationFactor, clientProperties, GroupMembership.DYNAMIC);
    }

    /** These settings with this group membership. */
    public KafkaSettings withGroupMembership(GroupMembership membership) {
        return new KafkaSettings(bootstrapServers, partitions, replicationFactor, clientProperties, membership);
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
        Map<String, String> security = security(settings, props);
        props.putAll(security);
        return new KafkaSettings(bootstrap, partitions, (short) replication, props);
    }

    /**
     * The security properties from the named variables, every wrong or contradictory value recorded
     * as a problem. Each variable is read whatever the protocol, so the configuration reference and
     * the deploy checks see them all.
     */
    private static Map<String, String> security(Settings settings, Map<String, String> passThrough) {
        String protocolValue = settings.oneOf(SECURITY_PROTOCOL, "PLAINTEXT", "PLAINTEXT", "SSL", "SASL_SSL");
        String truststore = settings.string(TRUSTSTORE_LOCATION, null);
        String typeValue = settings.oneOf(TRUSTSTORE_TYPE, "PEM", "PEM", "PKCS12", "JKS");
        String truststorePassword = settings.secret(TRUSTSTORE_PASSWORD, null);
        String mechanismValue = settings.oneOf(SASL_MECHANISM, "SCRAM-SHA-512", "SCRAM-SHA-512", "SCRAM-SHA-256");
        String username = settings.string(SASL_USERNAME, null);
        String password = settings.secret(SASL_PASSWORD, null);
        // null where the variable was left at its default
        String protocol = explicit(settings, SECURITY_PROTOCOL) ? protocolValue : null;
        String truststoreType = explicit(settings, TRUSTSTORE_TYPE) ? typeValue : null;
        String mechanism = explicit(settings, SASL_MECHANISM) ? mechanismValue : null;

        Map<String, String> named = new LinkedHashMap<>();
        put(named, "security.protocol", protocol);
        put(named, "ssl.truststore.location", truststore);
        put(named, "ssl.truststore.type", truststoreType);
        put(named, "ssl.truststore.password", truststorePassword);
        put(named, "sasl.mechanism", mechanism);
        if (username != null || password != null) {
            named.put("sasl.jaas.config", "(from the username and password)");
        }
        NAMED.forEach((property, variable) -> {
            if (named.containsKey(property) && passThrough.containsKey(property)) {
                settings.problem(
                        PROP_PREFIX + property.toUpperCase().replace('.', '_'),
                        "set either this or " + variable + ", not both");
            }
        });

        String effective = protocol != null ? protocol : passThrough.getOrDefault("security.protocol", "PLAINTEXT");
        if (protocol == null && !PROTOCOLS.contains(effective.toUpperCase())) {
            settings.problem(
                    PROP_PREFIX + "SECURITY_PROTOCOL",
                    "expected one of PLAINTEXT, SSL, SASL_SSL (SASL_PLAINTEXT would send member data unencrypted)");
        }
        boolean tls = effective.equalsIgnoreCase("SSL") || effective.equalsIgnoreCase("SASL_SSL");
        boolean sasl = effective.equalsIgnoreCase("SASL_SSL");

        if (truststore != null) {
            if (!tls) {
                settings.problem(TRUSTSTORE_LOCATION, "only with " + SECURITY_PROTOCOL + " SSL or SASL_SSL");
            } else if (!Files.isRegularFile(Path.of(truststore)) || !Files.isReadable(Path.of(truststore))) {
                settings.problem(TRUSTSTORE_LOCATION, "not a readable file");
            }
        }
        String type = typeValue;
        if (truststore != null && truststoreType == null) {
            named.put("ssl.truststore.type", type);
        }
        if ((truststoreType != null || truststorePassword != null) && truststore == null) {
            settings.problem(
                    truststoreType != null ? TRUSTSTORE_TYPE : TRUSTSTORE_PASSWORD, "only with " + TRUSTSTORE_LOCATION);
        }
        if (truststore != null && type.equals("PEM") && truststorePassword != null) {
            settings.problem(TRUSTSTORE_PASSWORD, "a PEM truststore takes no password");
        }
        if (truststore != null && type.equals("PKCS12") && truststorePassword == null) {
            settings.problem(TRUSTSTORE_PASSWORD, "required for a PKCS12 truststore");
        }

        if (sasl && !passThrough.containsKey("sasl.jaas.config")) {
            if (username == null) {
                settings.problem(SASL_USERNAME, "required with " + SECURITY_PROTOCOL + " SASL_SSL");
            }
            if (password == null) {
                settings.problem(SASL_PASSWORD, "required with " + SECURITY_PROTOCOL + " SASL_SSL");
            }
        }
        if (!sasl && (username != null || password != null || mechanism != null)) {
            settings.problem(
                    username != null ? SASL_USERNAME : password != null ? SASL_PASSWORD : SASL_MECHANISM,
                    "only with " + SECURITY_PROTOCOL + " SASL_SSL");
        }
        if (username != null && !USERNAME.matcher(username).matches()) {
            settings.problem(SASL_USERNAME, "must be 1-200 letters, digits, '.', '_', '@' or '-'");
        }
        if (sasl && username != null && password != null) {
            named.put("sasl.jaas.config", jaas(username, password));
            named.putIfAbsent("sasl.mechanism", mechanismValue);
        } else {
            named.remove("sasl.jaas.config");
        }
        return named;
    }

    /** True when the variable was given (its described value is not the default). */
    private static boolean explicit(Settings settings, String name) {
        String described = settings.described().getOrDefault(name, "");
        return !described.endsWith("(default)") && !described.equals("(invalid)");
    }

    private static void put(Map<String, String> props, String key, String value) {
        if (value != null) {
            props.put(key, value);
        }
    }

    /** The SCRAM login module line; the password quoted (backslashes and quotes escaped). */
    private static String jaas(String username, String password) {
        String quoted = password.replace("\\", "\\\\").replace("\"", "\\\"");
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + username
                + "\" password=\"" + quoted + "\";";
    }

    /** The common client properties: bootstrap servers, client id, security, and the pass-through ones. */
    public Map<String, Object> clientConfig(String clientId) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put("bootstrap.servers", bootstrapServers);
        config.put("client.id", clientId);
        return config;
    }

    /** Never prints the SASL password or any pass-through value that could be one. */
    @Override
    public String toString() {
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", partitions=" + partitions
                + ", replicationFactor=" + replicationFactor + ", clientProperties=" + clientProperties.keySet()
                + ", groupMembership=" + groupMembership + "]";
    }
}
