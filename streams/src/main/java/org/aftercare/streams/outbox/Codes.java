package org.aftercare.streams.outbox;

import org.aftercare.events.Json;

/**
 * How an enum constant appears in what this service emits: its JSON name (e.g. {@code need-help}),
 * the same in intent data, ids, logs and metric tags. One place, so a flag's reasons read the same
 * in a staff alert and on a dashboard.
 */
public final class Codes {

    private Codes() {}

    /** The JSON name of an enum constant. */
    public static String code(Enum<?> value) {
        return Json.convert(value, String.class);
    }
}
