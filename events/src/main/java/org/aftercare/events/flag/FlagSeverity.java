package org.aftercare.events.flag;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How urgent a staff flag is; declared from the most to the least severe. */
public enum FlagSeverity {
    /** Care team and on-call at once, past quiet hours and preferences; moves on after 15 minutes unacknowledged. */
    @JsonProperty("critical")
    CRITICAL,
    /** By each staff member's preference; moves on after 4 hours unacknowledged. */
    @JsonProperty("high")
    HIGH,
    /** By each staff member's preference. */
    @JsonProperty("medium")
    MEDIUM;

    public boolean moreSevereThan(FlagSeverity other) {
        return other == null || ordinal() < other.ordinal();
    }
}
