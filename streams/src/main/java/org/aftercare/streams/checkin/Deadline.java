package org.aftercare.streams.checkin;

import java.time.Instant;
import org.aftercare.streams.deadline.DeadlineIndex;

/**
 * One pending time-based step of a check-in, stored in the check-in deadline index
 * ({@link CheckInStores#DEADLINES}, a {@link DeadlineIndex}) under a key that sorts by time
 * ({@link #key}), so a punctuation reads only what is due with one range scan up to now.
 */
public record Deadline(String memberId, String checkInId, Kind kind, Instant at) {

    public enum Kind {
        /** The grace ended: late status and one reminder, if still unanswered. */
        LATE,
        /** respondBy: missed status and intent, if still unanswered. */
        MISSED,
        /** Forget the closed check-in (keeps the stores bounded). */
        PURGE
    }

    /** Zero-padded epoch millis, then the kind and check-in id ({@link DeadlineIndex#key}): byte order is time order. */
    public String key() {
        return DeadlineIndex.key(at, kind.name(), checkInId);
    }

    /** The inclusive upper bound of a range scan that returns every deadline at or before {@code nowMs}. */
    public static String upTo(long nowMs) {
        return DeadlineIndex.upTo(nowMs);
    }
}
