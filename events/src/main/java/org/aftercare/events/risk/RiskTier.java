package org.aftercare.events.risk;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How likely an overdose is now, from the days since the member's latest exit event (or use after abstinence). */
public enum RiskTier {
    /** Days 0-14 after an exit event, or after a use reported following 14+ days without use. */
    @JsonProperty("very-high")
    VERY_HIGH,
    /** Days 15-30. */
    @JsonProperty("high")
    HIGH,
    /** After day 30, or no exit event on record. */
    @JsonProperty("standard")
    STANDARD;

    /** Very high or high: use reported now is a critical flag. */
    public boolean elevated() {
        return this != STANDARD;
    }
}
