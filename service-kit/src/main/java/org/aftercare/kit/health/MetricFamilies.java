package org.aftercare.kit.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric families a service exposes on {@code /metrics}, by their Prometheus name and type as
 * the scrape's {@code # TYPE} lines give them: a counter {@code outreach_emails_sent_total}, a
 * histogram {@code outreach_smtp_send_seconds} (series {@code _bucket}, {@code _count},
 * {@code _sum}), a gauge {@code outreach_flags_open}. Each service declares its own; its start test
 * compares the declaration with a real scrape, and the deploy tests check the dashboard and the
 * alerts against the declarations (names exist, counters are read through {@code rate()} or
 * {@code increase()}).
 */
public final class MetricFamilies {

    /** A family's type, as the text format spells it. */
    public enum Type {
        COUNTER,
        GAUGE,
        HISTOGRAM,
        SUMMARY;

        static Type of(String word) {
            return switch (word) {
                case "counter" -> COUNTER;
                case "gauge" -> GAUGE;
                case "histogram" -> HISTOGRAM;
                case "summary" -> SUMMARY;
                default -> throw new IllegalArgumentException("unknown metric type " + word);
            };
        }
    }

    private static final Pattern TYPE_LINE = Pattern.compile("(?m)^# TYPE (\\S+) (\\S+)$");

    private final Map<String, Type> families;

    private MetricFamilies(Map<String, Type> families) {
        this.families = Collections.unmodifiableMap(new TreeMap<>(families));
    }

    public static Builder declare() {
        return new Builder();
    }

    /** The families of a Prometheus text-format scrape (its {@code # TYPE} lines). */
    public static MetricFamilies scraped(String text) {
        Map<String, Type> found = new LinkedHashMap<>();
        Matcher m = TYPE_LINE.matcher(text);
        while (m.find()) {
            if (!m.group(2).equals("untyped") && !m.group(2).equals("info")) {
                found.put(m.group(1), Type.of(m.group(2)));
            }
        }
        return new MetricFamilies(found);
    }

    public Map<String, Type> asMap() {
        return families;
    }

    public Set<String> names() {
        return families.keySet();
    }

    /** The families whose name starts with {@code prefix}. */
    public MetricFamilies withPrefix(String prefix) {
        Map<String, Type> kept = new TreeMap<>();
        families.forEach((name, type) -> {
            if (name.startsWith(prefix)) {
                kept.put(name, type);
            }
        });
        return new MetricFamilies(kept);
    }

    /** These families and {@code other}'s (a name declared twice must have one type). */
    public MetricFamilies and(MetricFamilies other) {
        Map<String, Type> all = new TreeMap<>(families);
        other.families.forEach((name, type) -> {
            Type before = all.putIfAbsent(name, type);
            if (before != null && before != type) {
                throw new IllegalArgumentException(name + " is both a " + before + " and a " + type);
            }
        });
        return new MetricFamilies(all);
    }

    @Override
    public String toString() {
        return families.toString();
    }

    /** Declares families by name and type. */
    public static final class Builder {
        private final Map<String, Type> families = new TreeMap<>();

        public Builder counter(String... names) {
            return add(Type.COUNTER, names);
        }

        public Builder gauge(String... names) {
            return add(Type.GAUGE, names);
        }

        public Builder histogram(String... names) {
            return add(Type.HISTOGRAM, names);
        }

        public Builder summary(String... names) {
            return add(Type.SUMMARY, names);
        }

        private Builder add(Type type, String... names) {
            for (String name : names) {
                if (families.put(name, type) != null) {
                    throw new IllegalArgumentException(name + " declared twice");
                }
            }
            return this;
        }

        public MetricFamilies build() {
            return new MetricFamilies(families);
        }
    }
}
