package org.aftercare.events.risk;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What opened the window a risk tier counts from. */
public enum RiskCause {
    /** An exit event on the member record ({@code MemberRisk.exitKind} says which). */
    @JsonProperty("exit-event")
    EXIT_EVENT,
    /** A use reported after 14+ days without use. */
    @JsonProperty("use-after-abstinence")
    USE_AFTER_ABSTINENCE,
    /** No window: standard tier without an exit event on record. */
    @JsonProperty("none")
    NONE
}
