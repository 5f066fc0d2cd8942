package org.aftercare.notifier.staff;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.aftercare.events.Json;
import org.aftercare.events.flag.FlagSeverity;

/**
 * The template data of a {@code staff-flag} intent, read and checked (the contract streams writes
 * to): which flag, its severity, the rules behind it (FlagReason wire names, comma-separated) and
 * what changed ({@code raised}, {@code updated}, {@code reassigned}). A reason code this notifier
 * does not know is kept (the email still goes, in general words); a missing flag id or an unknown
 * severity is {@link InvalidIntentData}, since no link to the flag or no honest urgency could be given.
 */
public record FlagAlert(String flagId, FlagSeverity severity, List<String> reasons, String change) {

    public static final String FLAG_ID = "flagId";
    public static final String SEVERITY = "severity";
    public static final String REASONS = "reasons";
    public static final String CHANGE = "change";

    public static FlagAlert from(Map<String, String> data) {
        return new FlagAlert(
                flagId(data.get(FLAG_ID), FLAG_ID),
                severity(data.get(SEVERITY), SEVERITY),
                reasons(data.get(REASONS)),
                data.getOrDefault(CHANGE, "raised"));
    }

    static String flagId(String value, String key) {
        if (value == null || !value.startsWith("flag-") || value.indexOf(':') >= 0) {
            throw new InvalidIntentData("data." + key + " must be a flag id (flag-...)");
        }
        return value;
    }

    static FlagSeverity severity(String value, String key) {
        if (value == null) {
            throw new InvalidIntentData("data." + key + " is required (critical|high|medium)");
        }
        for (FlagSeverity severity : FlagSeverity.values()) {
            if (Json.convert(severity, String.class).equals(value)) {
                return severity;
            }
        }
        throw new InvalidIntentData("data." + key + " must be critical, high or medium");
    }

    static List<String> reasons(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList();
    }
}
