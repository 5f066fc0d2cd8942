package org.aftercare.kit.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.aftercare.kit.config.Settings;

/**
 * How a service's group consumers (the notifier's delivery consumer, streams' main consumer) are
 * members of their consumer group: static or dynamic membership, and the session timeout, both
 * chosen on purpose rather than left to the client's defaults.
 *
 * <p>{@value #INSTANCE_ID} set (Kubernetes: the pod name, from the downward API) makes the member
 * static: its {@code group.instance.id} is that name with the consumer's role appended. A killed
 * member's partitions then wait for the session timeout instead of moving; a restart under the same
 * name takes them back at once, without a rebalance. Unset, membership is dynamic (Kafka's
 * default): a restarted process is a new member, and the group waits for the dead one's session to
 * expire before anything moves. Either way a clean close leaves the group, so the partitions move at
 * once.
 *
 * <p>{@value #SESSION_TIMEOUT} (default {@link #DEFAULT_SESSION_TIMEOUT}) is how long a member that
 * stopped heartbeating keeps its partitions: the pause of a member that dies and does not come back
 * (node lost, crash loop). Shorter moves those partitions sooner but turns a long GC pause or a
 * network blip into a rebalance; it must lie within the brokers' {@code group.min.session.timeout.ms}
 * and {@code group.max.session.timeout.ms} (6 s and 30 min by default). The heartbeat is a third of
 * it, at most 3 s (the client's default).
 *
 * <p>Two members of one group must never share an instance id: the newer fences the older, which
 * stops. Across processes the pod name is unique; within a process {@link #claim} refuses a second
 * consumer with the same group and id.
 */
public record GroupMembership(Optional<String> instanceId, Duration sessionTimeout) {

    public static final String INSTANCE_ID = "OUTREACH_KAFKA_GROUP_INSTANCE_ID";
    public static final String SESSION_TIMEOUT = "OUTREACH_KAFKA_SESSION_TIMEOUT";

    /**
     * Long enough for a crashed container that Kubernetes restarts at once to come back under its
     * name (the JVM starts and rejoins in a few seconds) and to ride out a GC pause or a network
     * blip, short enough that the partitions of a member that does not come back move within half a
     * minute (Kafka's own default is 45 s).
     */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(20);

    private static final Duration MIN_SESSION_TIMEOUT = Duration.ofSeconds(6);
    private static final Duration MAX_SESSION_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration MAX_HEARTBEAT = Duration.ofSeconds(3);
    /** Kafka's own limit is 249 legal characters; leave room for the role and the streams thread suffix. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    /** Pass-through properties that the named variables replace, each with the variable that replaces it. */
    private static final Map<String, String> REPLACED = Map.of(
            "GROUP_INSTANCE_ID", INSTANCE_ID,
            "MAIN_CONSUMER_GROUP_INSTANCE_ID", INSTANCE_ID,
            "SESSION_TIMEOUT_MS", SESSION_TIMEOUT,
            "MAIN_CONSUMER_SESSION_TIMEOUT_MS", SESSION_TIMEOUT,
            "HEARTBEAT_INTERVAL_MS", SESSION_TIMEOUT,
            "MAIN_CONSUMER_HEARTBEAT_INTERVAL_MS", SESSION_TIMEOUT);

    /** The (group, instance id) pairs claimed by consumers of this process. */
    private static final Set<String> CLAIMED = ConcurrentHashMap.newKeySet();

    /** Dynamic membership with the default session timeout (tests, and services that do not read these settings). */
    public static final GroupMembership DYNAMIC = new GroupMembership(Optional.empty(), DEFAULT_SESSION_TIMEOUT);

    public GroupMembership {
        if (sessionTimeout.compareTo(MIN_SESSION_TIMEOUT) < 0) {
            throw new IllegalArgumentException("session timeout below " + MIN_SESSION_TIMEOUT);
        }
    }

    /** Reads both variables; a wrong value, or a pass-through property they replace, is a problem. */
    public static GroupMembership read(Settings settings, Map<String, String> environment) {
        String id = settings.string(INSTANCE_ID, null);
        if (id != null && !ID.matcher(id).matches()) {
            settings.problem(INSTANCE_ID, "must be 1-200 letters, digits, '.', '_' or '-' (e.g. the pod name)");
            id = null;
        }
        Duration timeout =
                settings.duration(SESSION_TIMEOUT, DEFAULT_SESSION_TIMEOUT, MIN_SESSION_TIMEOUT, MAX_SESSION_TIMEOUT);
        REPLACED.forEach((property, variable) -> {
            if (environment.containsKey(KafkaSettings.PROP_PREFIX + property)) {
                settings.problem(KafkaSettings.PROP_PREFIX + property, "use " + variable + " instead");
            }
        });
        return new GroupMembership(Optional.ofNullable(id), timeout == null ? DEFAULT_SESSION_TIMEOUT : timeout);
    }

    public boolean isStatic() {
        return instanceId.isPresent();
    }

    /** A third of the session timeout, at most 3 s. */
    public Duration heartbeatInterval() {
        Duration third = sessionTimeout.dividedBy(3);
        return third.compareTo(MAX_HEARTBEAT) < 0 ? third : MAX_HEARTBEAT;
    }

    /** The instance id of the process's consumer in this role ({@code <id>-<role>}), when static. */
    public Optional<String> instanceId(String role) {
        return instanceId.map(id -> id + "-" + role);
    }

    /**
     * The membership properties of a plain consumer in this role: session timeout, heartbeat, and
     * the role's instance id when static. Use {@link #claim} first.
     */
    public Map<String, Object> consumerConfig(String role) {
        Map<String, Object> config = new HashMap<>();
        config.put("session.timeout.ms", (int) sessionTimeout.toMillis());
        config.put("heartbeat.interval.ms", (int) heartbeatInterval().toMillis());
        instanceId(role).ifPresent(id -> config.put("group.instance.id", id));
        return config;
    }

    /**
     * The same for Kafka Streams' main consumer (the only one of its consumers in a group). Streams
     * appends each stream thread's index to the instance id, so the threads' ids differ.
     */
    public Map<String, Object> streamsMainConsumerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put("main.consumer.session.timeout.ms", (int) sessionTimeout.toMillis());
        config.put(
                "main.consumer.heartbeat.interval.ms", (int) heartbeatInterval().toMillis());
        instanceId.ifPresent(id -> config.put("main.consumer.group.instance.id", id));
        return config;
    }

    /**
     * Reserves this process's instance id of {@code role} in {@code groupId} until the returned
     * claim is closed, so that two consumers of one process never fence each other.
     *
     * @throws IllegalStateException when another consumer of this process holds it
     */
    public Claim claim(String groupId, String role) {
        Optional<String> id = instanceId(role);
        if (id.isEmpty()) {
            return () -> {};
        }
        String key = groupId + "\u0000" + id.get();
        if (!CLAIMED.add(key)) {
            throw new IllegalStateException("group.instance.id " + id.get() + " is already used in group " + groupId
                    + " by another consumer of this process (" + INSTANCE_ID + " must differ per instance)");
        }
        return () -> CLAIMED.remove(key);
    }

    /** A reserved instance id, released on close. */
    @FunctionalInterface
    public interface Claim extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    public String toString() {
        return instanceId.map(id -> "static membership as " + id).orElse("dynamic membership") + ", session timeout "
                + sessionTimeout;
    }
}
