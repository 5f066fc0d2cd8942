package org.aftercare.streams.escalation;

import java.time.Instant;

/**
 * A pending time-based step of an escalation, stored under a key that sorts by time so a
 * punctuation reads only what is due with one range scan up to now.
 */
public record EscalationDeadline(String memberId, String escalationId, Kind kind, Instant at) {

    public enum Kind {
        /** No acknowledgement within the timeout: alert the next recipient (or exhaust the chain). */
        NEXT_STEP,
        /** The cooldown has passed and the escalation is closed: forget it (keeps the store bounded). */
        FORGET
    }

    public String key() {
        return String.format("%019d", Math.max(0, at.toEpochMilli())) + "|" + kind.name() + "|" + memberId + "|"
                + escalationId;
    }

    public static String upTo(long nowMs) {
        return String.format("%019d", Math.max(0, nowMs)) + "~";
    }
}
