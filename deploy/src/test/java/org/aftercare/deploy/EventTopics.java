package org.aftercare.deploy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.TreeMap;
import org.aftercare.events.Topic;
import org.aftercare.events.Topics;

/**
 * Every topic {@link Topics} declares (each public static Topic field, so topics added beside
 * {@link Topics#ALL}, such as a service's internal ones, are covered too), and how a deploy file
 * must create it.
 */
final class EventTopics {

    /** What a deploy file says about one topic. */
    record Declared(String name, int partitions, int replicas, String cleanupPolicy, Long retentionMs) {}

    static Map<String, Topic<?>> all() {
        Map<String, Topic<?>> topics = new TreeMap<>();
        for (Field f : Topics.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && Topic.class.isAssignableFrom(f.getType())) {
                try {
                    Topic<?> t = (Topic<?>) f.get(null);
                    topics.put(t.name(), t);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        for (Topic<?> t : Topics.ALL) {
            topics.put(t.name(), t);
        }
        return topics;
    }

    /** The problems of one declared topic against its descriptor; empty when it matches. */
    static String mismatch(Topic<?> expected, Declared declared) {
        StringBuilder problems = new StringBuilder();
        if (!expected.cleanupPolicy().equals(declared.cleanupPolicy())) {
            problems.append(" cleanup.policy ")
                    .append(declared.cleanupPolicy())
                    .append(" instead of ")
                    .append(expected.cleanupPolicy());
        }
        if (!expected.compacted()) {
            long want = expected.retention().toMillis();
            if (declared.retentionMs() == null || declared.retentionMs() != want) {
                problems.append(" retention.ms ")
                        .append(declared.retentionMs())
                        .append(" instead of ")
                        .append(want);
            }
        } else if (declared.retentionMs() != null) {
            problems.append(" retention.ms set on a compacted topic");
        }
        return problems.toString();
    }

    private EventTopics() {}
}
