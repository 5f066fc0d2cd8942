package org.aftercare.streams.checkin;

import java.time.Instant;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.checkin.CheckInAnswered;

/**
 * One check-in as this service tracks it, from due until it is purged. {@code lateAt} is null
 * when no late reminder is planned (the due arrived after its grace had already passed).
 * {@code answered} is the most severe status answered so far (a check-in can be answered through
 * more than one link); null while unanswered, and in entries written before it was kept.
 * {@code used}: "used" was among its answers (the most severe may be "need help now"); null in
 * entries written before it was kept, read from {@code answered}.
 */
public record TrackedCheckIn(
        String memberId,
        String checkInId,
        Instant dueAt,
        Instant respondBy,
        Instant lateAt,
        Phase phase,
        AnswerStatus answered,
        Boolean used) {

    /** A check-in as entries written before {@code used} was kept restore it. */
    public TrackedCheckIn(
            String memberId,
            String checkInId,
            Instant dueAt,
            Instant respondBy,
            Instant lateAt,
            Phase phase,
            AnswerStatus answered) {
        this(memberId, checkInId, dueAt, respondBy, lateAt, phase, answered, null);
    }

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
        boolean usedNow = status == AnswerStatus.USED || (phase == Phase.COMPLETED && usedAnswered());
        return new TrackedCheckIn(memberId, checkInId, dueAt, respondBy, lateAt, Phase.COMPLETED, kept, usedNow);
    }

    /** Was "used" among the answers to this completed check-in? */
    public boolean usedAnswered() {
        return Boolean.TRUE.equals(used) || answered == AnswerStatus.USED;
    }

    /**
     * Must {@code status}, a further answer, be acted on? When it asks for more than every earlier
     * answer, and for a "used" on a check-in that has had no "used" yet (after "need help now"):
     * a risky answer is always acted on.
     */
    public boolean asksForMore(AnswerStatus status) {
        return moreSevereThanAnswered(status) || (status == AnswerStatus.USED && !usedAnswered());
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
        return new TrackedCheckIn(memberId, checkInId, dueAt, respondBy, lateAt, next, answered, used);
    }

    /** Still waiting for an answer, with deadlines pending. */
    public boolean awaitingAnswer() {
        return phase == Phase.OPEN || phase == Phase.LATE;
    }
}
