package org.aftercare.events.flag;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a flag stands: open → acknowledged (by whom) → contacted → resolved (with an outcome). */
public enum FlagState {
    @JsonProperty("open")
    OPEN,
    @JsonProperty("acknowledged")
    ACKNOWLEDGED,
    @JsonProperty("contacted")
    CONTACTED,
    @JsonProperty("resolved")
    RESOLVED;

    /** Open or acknowledged or contacted: a new signal updates this flag instead of raising another. */
    public boolean live() {
        return this != RESOLVED;
    }
}
