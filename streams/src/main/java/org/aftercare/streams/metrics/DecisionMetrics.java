package org.aftercare.streams.metrics;

import org.aftercare.events.outreach.OutreachKind;

/**
 * What the decision code counts. Labels carry kinds and outcomes, never member or check-in ids.
 * Counts are best effort: a task that is retried under exactly-once may count a decision twice,
 * even though the intent itself is written once.
 */
public interface DecisionMetrics {

    /** Counts nothing: for tests that do not look at metrics. */
    DecisionMetrics NONE = new DecisionMetrics() {};

    default void intent(OutreachKind kind) {}

    default void late() {}

    default void missed() {}

    /** A check-in closed unanswered while the member was away: not counted missed. */
    default void excused() {}

    default void completed(boolean late) {}

    /** An answer for a check-in this service does not know (never seen, or purged). */
    default void unknownAnswer() {}

    /** The member pressed "I need help now" outside a check-in. */
    default void helpRequested() {}

    /**
     * A step of a plan questionnaire's lifecycle: {@code prompted}, {@code reminded}, {@code completed},
     * {@code missed}, {@code excused} (closed unanswered while away), {@code cancelled}, or
     * {@code ignored-<reason>} for a due one that was not prompted.
     */
    default void questionnaire(String outcome) {}

    /** A due check-in that was not prompted, with a short fixed reason (e.g. {@code inactive}). */
    default void dueIgnored(String reason) {}

    /** An escalation opened; {@code reason} is its code (e.g. {@code help-requested}). */
    default void escalationOpened(String reason) {}

    /** A signal that did not open an escalation: {@code why} is {@code already-open} or {@code cooldown}. */
    default void escalationSuppressed(String reason, String why) {}

    /** A contact said "I've reached out". */
    default void escalationAcknowledged(String reason) {}

    /** The contact who reached out said they reached the member: the escalation is closed. */
    default void escalationReached(String reason) {}

    /** "Not yet", or no answer to the follow-up, reopened an escalation; {@code why} is {@code not-yet}, {@code no-answer} or {@code cannot-ask}. */
    default void escalationReopened(String reason, String why) {}

    /** The member's answer resolved an escalation. */
    default void escalationResolvedByAnswer(String reason) {}

    /** Every loop of a chain ran without an acknowledgement: operators must look. */
    default void escalationExhausted(String reason) {}

    /** A milestone was congratulated; {@code kind} is days, years or streak. */
    default void milestone(String kind) {}

    /** A staff flag was raised; one count per reason, tagged with the flag's severity and the reason code. */
    default void flagRaised(String severity, String reason) {}

    /** A live flag took on a new reason (its severity after the update). */
    default void flagUpdated(String severity, String reason) {}

    /** A flag was not acknowledged in time and moved on to the next staff member or on-call. */
    default void flagReassigned(String severity) {}

    /** Staff acted on a flag: {@code acknowledged}, {@code contacted} or {@code resolved}. */
    default void flagActedOn(String change) {}
}
