package org.aftercare.streams.escalation;

import java.time.Instant;
import org.aftercare.streams.deadline.DeadlineIndex;

/**
 * A pending time-based step of an escalation, stored in the escalation deadline index
 * ({@link EscalationStores#DEADLINES}, a {@link DeadlineIndex}) under a key that sorts by time so a
 * punctuation reads only what is due with one range scan up to now.
 */
public record EscalationDeadline(String memberId, String escalationId, Kind kind, Instant at) {

    public enum Kind {
        /** No acknowledgement within the timeout: alert the next recipient (or exhaust the chain). */
        NEXT_STEP,
        /** A contact reached out a while ago: ask them whether they reached the member. */
        FOLLOW_UP,
        /** The follow-up question went unanswered: reopen the escalation. */
        FOLLOW_UP_UNANSWERED,
        /** The cooldown has passed and the escalation is closed: forget it (keeps the store bounded). */
        FORGET
    }

    /** Zero-padded epoch millis, then the kind, member and escalation ({@link DeadlineIndex#key}): byte order is time order. */
    public String key() {
        return DeadlineIndex.key(at, kind.name(), memberId, escalationId);
    }

    public static String upTo(long nowMs) {
        return DeadlineIndex.upTo(nowMs);
    }
}
