package org.aftercare.streams.checkin;

import java.time.Instant;

/**
 * One check-in as this service tracks it, from due until it is purged. {@code lateAt} is null
 * when no late reminder is planned (the due arrived after its grace had already passed).
 */
public record TrackedCheckIn(
        String memberId,
        String checkInId,
        Instant dueAt,
        Instant respondBy,
        Instant lateAt,
        Phase phase) {

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
        CANCELLED
    }

    public TrackedCheckIn in(Phase next) {
        return new TrackedCheckIn(memberId, checkInId, dueAt, respondBy, lateAt, next);
    }

    /** Still waiting for an answer, with deadlines pending. */
    public boolean awaitingAnswer() {
        return phase == Phase.OPEN || phase == Phase.LATE;
    }
}
