package org.aftercare.events.flag;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What happened to a flag in this event (the event carries the whole flag after it). */
public enum FlagChange {
    @JsonProperty("raised")
    RAISED,
    /** Another signal while it was live: reasons, evidence or severity grew. */
    @JsonProperty("updated")
    UPDATED,
    /** Unacknowledged past its severity's time: the next staff member of the care team (then on-call) was alerted. */
    @JsonProperty("reassigned")
    REASSIGNED,
    @JsonProperty("acknowledged")
    ACKNOWLEDGED,
    @JsonProperty("contacted")
    CONTACTED,
    @JsonProperty("resolved")
    RESOLVED
}
