package org.aftercare.console.readmodel;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Enum values as the events spell them on the wire ({@code very-high}, {@code need-help}): the
 * read model stores those codes, so a row reads the same as the event it came from.
 */
public final class Codes {

    private static final Map<Enum<?>, String> CODES = new ConcurrentHashMap<>();

    private Codes() {}

    public static String of(Enum<?> value) {
        if (value == null) {
            return null;
        }
        return CODES.computeIfAbsent(value, v -> {
            try {
                JsonProperty p = v.getDeclaringClass().getField(v.name()).getAnnotation(JsonProperty.class);
                return p == null ? v.name().toLowerCase() : p.value();
            } catch (NoSuchFieldException e) {
                return v.name().toLowerCase();
            }
        });
    }

    /** The constant whose code is {@code code}; null for null; an unknown code is an {@link IllegalArgumentException}. */
    public static <E extends Enum<E>> E parse(Class<E> type, String code) {
        if (code == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (of(e).equals(code)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + type.getSimpleName() + " code");
    }

    /** Codes joined by commas, sorted (sets read the same on every run). */
    static String joined(Collection<? extends Enum<?>> values) {
        return values.stream().map(Codes::of).sorted().collect(Collectors.joining(","));
    }
}
