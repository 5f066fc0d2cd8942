package org.aftercare.console.staff;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A staff change refused: the reason in plain words and, per form field, what is wrong with it
 * (never the value given). {@link #notFound()} when the staff member or member is not on record.
 */
public final class StaffProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Map<String, String> fields;
    private final boolean notFound;

    StaffProblem(String reason, Map<String, String> fields, boolean notFound) {
        super(reason, null, false, false);
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.notFound = notFound;
    }

    static StaffProblem invalid(String reason, Map<String, String> fields) {
        return new StaffProblem(reason, fields, false);
    }

    static StaffProblem missing(String reason) {
        return new StaffProblem(reason, Map.of(), true);
    }

    /** Form field → what is wrong with it (e.g. {@code workEmail} → "is not a valid email address"). */
    public Map<String, String> fields() {
        return fields;
    }

    /** The staff member or member named is not on record (the page answers 404). */
    public boolean notFound() {
        return notFound;
    }
}
