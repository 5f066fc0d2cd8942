package org.aftercare.events;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks used by the compact constructors of the event records, so an event that breaks the
 * contract cannot be built or read. Messages name the field, never its value: values may be
 * member data.
 */
public final class Require {

    private Require() {}

    /** The envelope every event carries: event id, schema version, when it happened, whose it is. */
    public static void envelope(String eventId, int schemaVersion, Instant occurredAt, String memberId) {
        text(eventId, "eventId");
        atLeast(schemaVersion, "schemaVersion", 1);
        present(occurredAt, "occurredAt");
        text(memberId, "memberId");
    }

    public static <T> T present(T value, String field) {
        if (value == null) {
            throw new ContractViolation(field + " is required");
        }
        return value;
    }

    public static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new ContractViolation(field + " is required and must not be blank");
        }
        return value;
    }

    public static String optionalText(String value, String field, int maxLength) {
        if (value != null && value.length() > maxLength) {
            throw new ContractViolation(field + " must be at most " + maxLength + " characters");
        }
        return value;
    }

    public static Integer optionalRange(Integer value, String field, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw new ContractViolation(field + " must be between " + min + " and " + max);
        }
        return value;
    }

    public static int atLeast(int value, String field, int min) {
        if (value < min) {
            throw new ContractViolation(field + " must be at least " + min);
        }
        return value;
    }

    public static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }

    /** An unmodifiable set in natural order, so its JSON is the same on every run. */
    public static <T extends Comparable<? super T>> Set<T> set(Collection<T> value) {
        return value == null ? Collections.emptySortedSet() : Collections.unmodifiableSortedSet(new TreeSet<>(value));
    }

    public static <K, V> Map<K, V> map(Map<K, V> value) {
        return value == null ? Map.of() : Map.copyOf(value);
    }

    public static void check(boolean condition, String message) {
        if (!condition) {
            throw new ContractViolation(message);
        }
    }
}
