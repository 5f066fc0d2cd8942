package org.aftercare.events.flag;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How staff closed a flag. */
public enum FlagOutcome {
    /** Reached the member; they are safe for now. */
    @JsonProperty("reached-safe")
    REACHED_SAFE,
    /** Reached the member; more support arranged (a visit, a call back, a change of plan). */
    @JsonProperty("support-arranged")
    SUPPORT_ARRANGED,
    /** Linked back to treatment (readmission, a new appointment, medication restarted). */
    @JsonProperty("linked-to-treatment")
    LINKED_TO_TREATMENT,
    /** Emergency services were called. */
    @JsonProperty("emergency-services")
    EMERGENCY_SERVICES,
    /** Could not reach the member after trying. */
    @JsonProperty("unreachable")
    UNREACHABLE,
    /** Nothing was wrong (a mistaken answer, a known absence). */
    @JsonProperty("no-action-needed")
    NO_ACTION_NEEDED
}
