package org.aftercare.console.pages;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.aftercare.console.readmodel.Codes;
import org.aftercare.kit.http.Request;

/** Reading query values strictly: a wrong value is a {@link BadRequest} naming the parameter. */
final class Params {

    static final String ID = "[A-Za-z0-9._:@-]{1,128}";

    private Params() {}

    static Optional<String> text(Request r, String name, int maxLength) {
        Optional<String> v = r.query(name).map(String::strip).filter(s -> !s.isEmpty());
        if (v.isPresent() && v.get().length() > maxLength) {
            throw new BadRequest("'" + name + "' is longer than " + maxLength + " characters.");
        }
        return v;
    }

    static Optional<String> id(Request r, String name) {
        Optional<String> v = r.query(name).map(String::strip).filter(s -> !s.isEmpty());
        if (v.isPresent() && !v.get().matches(ID)) {
            throw new BadRequest("'" + name + "' must be an identifier (letters, digits, '.', '_', ':', '@', '-').");
        }
        return v;
    }

    /** A whole number from {@code min} to {@code max}; {@code fallback} when absent. */
    static int integer(Request r, String name, int fallback, int min, int max) {
        Optional<String> v = r.query(name).map(String::strip).filter(s -> !s.isEmpty());
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadRequest("'" + name + "' must be a whole number from " + min + " to " + max + ".");
        }
    }

    static boolean flag(Request r, String name) {
        Optional<String> v = r.query(name).map(String::strip).filter(s -> !s.isEmpty());
        if (v.isEmpty()) {
            return false;
        }
        return switch (v.get()) {
            case "1", "true", "on", "yes" -> true;
            case "0", "false", "off", "no" -> false;
            default -> throw new BadRequest("'" + name + "' must be 1 or 0.");
        };
    }

    /** An enum by its wire code ({@code very-high}); empty when absent. */
    static <E extends Enum<E>> Optional<E> code(Request r, String name, Class<E> type) {
        Optional<String> v = r.query(name).map(String::strip).filter(s -> !s.isEmpty());
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Codes.parse(type, v.get()));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("'" + name + "' must be one of " + codes(type) + ".");
        }
    }

    static <E extends Enum<E>> String codes(Class<E> type) {
        StringBuilder b = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            b.append(b.isEmpty() ? "" : ", ").append(Codes.of(e));
        }
        return b.toString();
    }

    static Optional<Instant> instant(Request r, String name) {
        Optional<String> v = r.query(name).map(String::strip).filter(s -> !s.isEmpty());
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(v.get()));
        } catch (DateTimeParseException e) {
            throw new BadRequest("'" + name + "' must be an instant such as 2026-03-01T09:00:00Z.");
        }
    }
}
