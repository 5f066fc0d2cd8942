package org.aftercare.kit.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reads a service's settings from environment variables, then from an optional properties file
 * named by {@code OUTREACH_CONFIG_FILE} (same keys), then the default. Each typed getter records
 * a problem instead of throwing, so {@link #validate()} can report every wrong value at once, one
 * line each. Every name read is remembered with where its value came from, for the start-up
 * summary and the configuration reference; secrets are shown masked.
 */
public final class Settings {

    public static final String CONFIG_FILE = "OUTREACH_CONFIG_FILE";

    private final Map<String, String> env;
    private final Map<String, String> file;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, String> described = new TreeMap<>();

    private Settings(Map<String, String> env, Map<String, String> file) {
        this.env = env;
        this.file = file;
    }

    /** Settings from the process environment (and the optional properties file). */
    public static Settings fromEnvironment() {
        return of(System.getenv());
    }

    /** Settings from the given variables, as if they were the environment (tests, the local run). */
    public static Settings of(Map<String, String> variables) {
        Map<String, String> env = Map.copyOf(variables);
        Map<String, String> file = new HashMap<>();
        String path = env.get(CONFIG_FILE);
        Settings settings = new Settings(env, file);
        if (path != null && !path.isBlank()) {
            Properties props = new Properties();
            try (Reader in = Files.newBufferedReader(Path.of(path))) {
                props.load(in);
                props.forEach(
                        (k, v) -> file.put(k.toString().strip(), v.toString().strip()));
            } catch (IOException | IllegalArgumentException e) {
                settings.problems.add(CONFIG_FILE + ": cannot read the properties file ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        return settings;
    }

    /** The raw value, or null when neither the environment nor the file sets it (or it is blank). */
    private String raw(String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            value = file.get(name);
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    private <T> T typed(String name, T fallback, String expected, Function<String, T> parse, boolean secret) {
        String value = raw(name);
        if (value == null) {
            described.put(
                    name, fallback == null ? "(unset)" : (secret ? "(default, hidden)" : fallback + " (default)"));
            return fallback;
        }
        try {
            T parsed = parse.apply(value);
            described.put(name, secret ? "(set, hidden)" : value);
            return parsed;
        } catch (RuntimeException e) {
            problems.add(name + ": expected " + expected + (secret ? "" : ", got '" + value + "'"));
            described.put(name, "(invalid)");
            return fallback;
        }
    }

    public String string(String name, String fallback) {
        return typed(name, fallback, "text", v -> v, false);
    }

    /** A value that must be set; a problem is recorded when it is not. */
    public String required(String name) {
        String value = string(name, null);
        if (value == null) {
            problems.add(name + ": required, not set");
        }
        return value;
    }

    /** A secret: never shown in problems or in the summary. */
    public String secret(String name, String fallback) {
        return typed(name, fallback, "a non-empty secret", v -> v, true);
    }

    public int integer(String name, int fallback, int min, int max) {
        return typed(
                name,
                fallback,
                "a whole number from " + min + " to " + max,
                v -> {
                    int n = Integer.parseInt(v);
                    if (n < min || n > max) {
                        throw new IllegalArgumentException();
                    }
                    return n;
                },
                false);
    }

    public int port(String name, int fallback) {
        return integer(name, fallback, 0, 65535);
    }

    public boolean flag(String name, boolean fallback) {
        return typed(
                name,
                fallback,
                "true or false",
                v -> switch (v.toLowerCase()) {
                    case "true", "yes", "1", "on" -> true;
                    case "false", "no", "0", "off" -> false;
                    default -> throw new IllegalArgumentException();
                },
                false);
    }

    /** An ISO-8601 duration (PT2H) or a number with a unit (90s, 5m, 2h, 1d, 250ms). */
    public Duration duration(String name, Duration fallback, Duration min, Duration max) {
        return typed(
                name,
                fallback,
                "a duration from " + min + " to " + max + " (e.g. PT2H, 90s, 5m)",
                v -> {
                    Duration d = parseDuration(v);
                    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                        throw new IllegalArgumentException();
                    }
                    return d;
                },
                false);
    }

    /** An optional duration; null when unset. */
    public Duration optionalDuration(String name, Duration min, Duration max) {
        return duration(name, null, min, max);
    }

    public ZoneId zone(String name, ZoneId fallback) {
        return typed(name, fallback, "an IANA time zone such as America/New_York", ZoneId::of, false);
    }

    /** One of the given words (case-insensitive), returned in lower case. */
    public String oneOf(String name, String fallback, String... allowed) {
        return typed(
                name,
                fallback,
                "one of " + String.join(", ", allowed),
                v -> {
                    for (String a : allowed) {
                        if (a.equalsIgnoreCase(v)) {
                            return a;
                        }
                    }
                    throw new IllegalArgumentException();
                },
                false);
    }

    /** Records a problem found by the caller's own cross-field checks. */
    public void problem(String name, String message) {
        problems.add(name + ": " + message);
    }

    /** Throws {@link ConfigException} listing every problem found so far. */
    public void validate() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /** Every setting read, with its value or where it came from; secrets masked. */
    public Map<String, String> described() {
        return Map.copyOf(described);
    }

    static Duration parseDuration(String v) {
        String s = v.strip().toLowerCase();
        if (s.startsWith("p")) {
            try {
                return Duration.parse(s.toUpperCase());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(e);
            }
        }
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException();
        }
        long n = Long.parseLong(s.substring(0, i));
        return switch (s.substring(i).strip()) {
            case "ms" -> Duration.ofMillis(n);
            case "s", "" -> Duration.ofSeconds(n);
            case "m", "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException();
        };
    }
}
