package org.aftercare.console.readmodel;

import java.time.Instant;

/**
 * One event on a member's timeline. {@code kind} is one of {@link ReadModelWriter}'s kinds
 * ({@code checkin.completed}, {@code checkin.late}, {@code checkin.missed}, {@code
 * checkin.answered}, {@code help.requested}, {@code delivery}, {@code contact.action}, {@code
 * flag}, {@code risk}); the other fields are those the kind has, as the events spell their codes,
 * null otherwise:
 * <ul>
 *   <li>check-in status: checkInId, dueAt, status ({@code on-time} or {@code late} for completed);
 *   <li>answer: checkInId, status (ok / struggling / used / need-help), craving, mood, note (the
 *       member's own words: shown to their care team, never logged);
 *   <li>delivery: deliveryKind, recipientRole, deliveryOutcome, deliveryReason;
 *   <li>contact action: contactAction (the event type), contactId, status ({@code reached} /
 *       {@code not-yet} for a reach report);
 *   <li>flag: flagId, flagChange, severity, status (the state after), outcome, staffId (who
 *       acknowledged, contacted or resolved);
 *   <li>risk: status (the tier);
 *   <li>questionnaire sent ({@code questionnaire.due}) or not answered ({@code questionnaire.missed}):
 *       checkInId (the occurrence's id), dueAt, instrumentId; finished ({@code measure.completed}):
 *       instrumentId and severity (the most severe flag rule it raised).
 * </ul>
 */
public record TimelineEntry(
        String eventId,
        String memberId,
        Instant occurredAt,
        String kind,
        String checkInId,
        Instant dueAt,
        String status,
        Integer craving,
        Integer mood,
        String note,
        String deliveryKind,
        String recipientRole,
        String deliveryOutcome,
        String deliveryReason,
        String contactAction,
        String contactId,
        String flagId,
        String flagChange,
        String severity,
        String outcome,
        String staffId,
        String instrumentId) {

    /** Never the note: it is the member's own words. */
    @Override
    public String toString() {
        return "TimelineEntry[" + eventId + ", " + kind + ", " + occurredAt + "]";
    }
}
