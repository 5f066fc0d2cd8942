package org.aftercare.streams.flags;

import java.time.Duration;
import org.aftercare.events.flag.FlagSeverity;

/**
 * The staff-flag policy (DESIGN.md, "Policies"; the rules and their severities are
 * {@link org.aftercare.events.flag.FlagReason}'s).
 *
 * @param ackTimeoutCritical how long a critical flag waits for an acknowledgement before it moves
 *     on to the next staff member of the care team (then on-call)
 * @param ackTimeoutHigh the same for a high flag; a medium flag never moves on
 * @param highCraving the craving (0-10) that, reported twice running, is a high flag
 */
public record FlagPolicy(Duration ackTimeoutCritical, Duration ackTimeoutHigh, int highCraving) {

    public static final FlagPolicy DEFAULTS = new FlagPolicy(Duration.ofMinutes(15), Duration.ofHours(4), 8);

    /** How many days of check-ins the answer rate looks back over. */
    public static final int ANSWER_RATE_DAYS = 14;

    /**
     * How many check-ins of those days must have closed (answered or missed) before a low answer
     * rate is a flag: fewer are too few to call a rate (two misses of the first three check-ins are
     * the consecutive-misses rule's, not this one's).
     */
    public static final int ANSWER_RATE_MIN_CHECK_INS = 4;

    /** A mood at or below this (1-5) is low; three in a row are a flag. */
    public static final int LOW_MOOD = 2;

    public static final int LOW_MOODS_IN_A_ROW = 3;
    public static final int HIGH_CRAVINGS_IN_A_ROW = 2;
    /** Misses in a row that are a flag outside the very-high tier (where one is). */
    public static final int MISSES_IN_A_ROW = 2;

    /** The acknowledgement timeout of a severity, or null when flags of it never move on (medium). */
    public Duration ackTimeout(FlagSeverity severity) {
        return switch (severity) {
            case CRITICAL -> ackTimeoutCritical;
            case HIGH -> ackTimeoutHigh;
            case MEDIUM -> null;
        };
    }
}
