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
    PROMPTS_STOPPED,
    /** To a staff member (or on-call): a flag about a member of their care team, with a signed link to it. */
    @JsonProperty("staff-flag")
    STAFF_FLAG,
    /**
     * To a staff member: every open flag of their care teams they take by digest, in one email per
     * window. Keyed by the staffId (not a member's event): its {@code memberId} is the staffId.
     */
    @JsonProperty("staff-digest")
    STAFF_DIGEST,
    /** To a contact, a while after "I've reached out": were you able to reach them? (yes / not yet). */
    @JsonProperty("contact-follow-up")
    CONTACT_FOLLOW_UP,
    /** To the member: a questionnaire of their plan is open, with the signed link to it ({@code questionnaireId} in the data). */
    @JsonProperty("questionnaire-prompt")
    QUESTIONNAIRE_PROMPT,
    /** To the member, once, while a questionnaire is still open and unanswered. */
    @JsonProperty("questionnaire-reminder")
    QUESTIONNAIRE_REMINDER,
    /**
     * To the member who opted in ({@code preferences.weeklySummary}), once a week: a short note with
     * the signed link to their progress page, where the details are. Its data holds nothing.
     */
    @JsonProperty("weekly-summary")
    WEEKLY_SUMMARY
}
