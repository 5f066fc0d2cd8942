package org.aftercare.measures;

import org.aftercare.events.flag.FlagSeverity;

/** A flag staff must see when {@code when} holds for a completed questionnaire: "item phq9 above 0 → critical". */
public record FlagRule(String id, Condition when, FlagSeverity severity) {}
