package org.aftercare.streams.questionnaire;

import java.time.Instant;

/**
 * One questionnaire of a member's plan as this service tracks it, from its {@code questionnaire.due}
 * until it is purged. {@code remindAt} is null when no reminder is planned (it would come after the
 * questionnaire closes, or already passed when the due arrived).
 */
public record TrackedQuestionnaire(
        String memberId,
        String questionnaireId,
        String instrumentId,
        Instant dueAt,
        Instant remindAt,
        Instant expiresAt,
        Phase phase) {

    public enum Phase {
        /** Prompted, not finished, no reminder yet. */
        OPEN,
        /** Reminded once, not finished. */
        REMINDED,
        /** The member finished it ({@code measure.completed}). */
        COMPLETED,
        /** Closed unanswered: recorded as {@code questionnaire.missed}, nothing else. */
        MISSED,
        /** Closed unanswered while the member was away: not recorded. */
        EXCUSED,
        /** The member was paused, discharged or unsubscribed while it was open. */
        CANCELLED
    }

    public boolean awaitingAnswer() {
        return phase == Phase.OPEN || phase == Phase.REMINDED;
    }

    TrackedQuestionnaire in(Phase next) {
        return new TrackedQuestionnaire(memberId, questionnaireId, instrumentId, dueAt, remindAt, expiresAt, next);
    }
}
