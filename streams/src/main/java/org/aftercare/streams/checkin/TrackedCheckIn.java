package org.aftercare.streams.checkin;

import java.time.Instant;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.checkin.CheckInAnswered;

/**
 * One check-in as this service tracks it, from due until it is purged. {@code lateAt} is null
 * when no late reminder is planned (the due arrived after its grace had already passed).
 * {@code answered} is the most severe status answered so far (a check-in can be answered through
 * more than one link); null while unanswered, and in entries written before it was kept.
 */
public record TrackedCheckIn(
        String memberId,
        String checkInId,
        Instant dueAt,
        Instant respondBy,
        Instant lateAt,
        Phase phase,
        AnswerStatus answered) {

    public enum Phase {
        /** Asked, not answered, grace not over. */
        OPEN,
        /** Grace over, reminder sent, respondBy not reached. */
        LATE,
        /** respondBy passed without an answer. */
        MISSED,
        /** Answered (on time or late). */
        COMPLETED,
        /** The member was paused or discharged while it was open: no reminder, no miss. */
        CANCELLED,
        /** respondBy passed while the member was away (a planned absence): closed, not counted missed. */
        EXCUSED
    }

    /** Answered with {@code status}: completed, remembering the more severe of it and any earlier answer. */
    public TrackedCheckIn answeredWith(AnswerStatus status) {
        AnswerStatus kept = moreSevereThanAnswered(status) ? status : answered;
        return new TrackedCheckIn(memberId, checkInId, dueAt, respondBy, lateAt, Phase.COMPLETED, kept);
    }

    /**
     * Does {@code status} ask for more than every earlier answer to this check-in? Always while it
     * is unanswered. For a check-in completed before the answered status was kept, the earlier
     * answer is taken as "struggling": "used" and "need help now" are still acted on, while "ok"
     * or "struggling" cannot undo what the unknown first answer may have asked for.
     */
    public boolean moreSevereThanAnswered(AnswerStatus status) {
        if (phase != Phase.COMPLETED) {
            return true;
        }
        AnswerStatus before = answered == null ? AnswerStatus.STRUGGLING : answered;
        return CheckInAnswered.severity(status) > CheckInAnswered.severity(before);
    }

    public TrackedCheckIn in(Phase next) {
        return new TrackedCheckIn(memberId, checkInId, dueAt, respondBy, lateAt, next, answered);
    }

    /** Still waiting for an answer, with deadlines pending. */
    public boolean awaitingAnswer() {
        return phase == Phase.OPEN || phase == Phase.LATE;
    }
}
