package org.aftercare.events.flag;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why a flag was raised: the rule that fired, each with its severity (see DESIGN.md, "Policies"). */
public enum FlagReason {
    /** "I need help now", answered or pressed outside a check-in. */
    @JsonProperty("need-help")
    NEED_HELP(FlagSeverity.CRITICAL),
    /** Use reported in the very-high or high tier. */
    @JsonProperty("use-in-elevated-tier")
    USE_IN_ELEVATED_TIER(FlagSeverity.CRITICAL),
    /** A critical answer on a questionnaire (the questionnaires issue). */
    @JsonProperty("critical-measure")
    CRITICAL_MEASURE(FlagSeverity.CRITICAL),
    /** A questionnaire's flag rule of high severity held (the questionnaires issue). */
    @JsonProperty("high-measure")
    HIGH_MEASURE(FlagSeverity.HIGH),
    /** A questionnaire's flag rule of medium severity held (the questionnaires issue). */
    @JsonProperty("medium-measure")
    MEDIUM_MEASURE(FlagSeverity.MEDIUM),
    /** Use reported in the standard tier. */
    @JsonProperty("use-reported")
    USE_REPORTED(FlagSeverity.HIGH),
    /** One missed check-in in the very-high tier. */
    @JsonProperty("missed-in-very-high-tier")
    MISSED_IN_VERY_HIGH_TIER(FlagSeverity.HIGH),
    /** Two consecutive missed check-ins (outside the very-high tier). */
    @JsonProperty("consecutive-misses")
    CONSECUTIVE_MISSES(FlagSeverity.HIGH),
    /** Craving at or above the threshold (8) twice running. */
    @JsonProperty("high-craving")
    HIGH_CRAVING(FlagSeverity.HIGH),
    /** Fewer than half of the last 14 days' check-ins answered. */
    @JsonProperty("low-answer-rate")
    LOW_ANSWER_RATE(FlagSeverity.MEDIUM),
    /** Mood 1-2 three times running. */
    @JsonProperty("low-mood")
    LOW_MOOD(FlagSeverity.MEDIUM),
    /** A support contact declined. */
    @JsonProperty("contact-declined")
    CONTACT_DECLINED(FlagSeverity.MEDIUM);

    private final FlagSeverity severity;

    FlagReason(FlagSeverity severity) {
        this.severity = severity;
    }

    public FlagSeverity severity() {
        return severity;
    }
}
