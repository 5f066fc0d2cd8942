package org.aftercare.events.outreach;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the notifier may treat an intent with respect to quiet hours and rate limits. */
public enum Urgency {
    /** Encouragement, milestones: held by quiet hours, counted against the daily cap. */
    @JsonProperty("routine")
    ROUTINE,
    /** The member's own prompt and reminder at the time they chose: never held by quiet hours. */
    @JsonProperty("scheduled")
    SCHEDULED,
    /** Escalations, crisis support: never held, never rate-limited. */
    @JsonProperty("urgent")
    URGENT
}
