package org.aftercare.events.outreach;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What an intent asks the notifier to say; each kind has its own template. */
public enum OutreachKind {
    @JsonProperty("checkin-prompt")
    CHECK_IN_PROMPT,
    @JsonProperty("late-reminder")
    LATE_REMINDER,
    @JsonProperty("missed-checkin")
    MISSED_CHECK_IN,
    @JsonProperty("encouragement")
    ENCOURAGEMENT,
    @JsonProperty("coping-plan")
    COPING_PLAN,
    @JsonProperty("overdose-safety")
    OVERDOSE_SAFETY,
    @JsonProperty("crisis-support")
    CRISIS_SUPPORT,
    @JsonProperty("milestone")
    MILESTONE,
    @JsonProperty("escalation-alert")
    ESCALATION_ALERT,
    @JsonProperty("all-clear")
    ALL_CLEAR,
    @JsonProperty("contact-invitation")
    CONTACT_INVITATION,
    /** To the care team (on-call until staff exist): the member stopped their check-in prompts with an unsubscribe. */
    @JsonProperty("prompts-stopped")
    PROMPTS_STOPPED
}
