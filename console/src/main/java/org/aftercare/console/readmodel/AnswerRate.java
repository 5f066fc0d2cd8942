package org.aftercare.console.readmodel;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * How many of a member's check-ins due in the last 14 days were answered: {@code answered} of
 * {@code due}, where due counts the check-ins that are settled (answered, or missed at their
 * respond-by). A check-in still open is not counted either way; an answered one counts answered
 * even when it was first counted missed (a late answer).
 */
public record AnswerRate(int answered, int due) {

    public static final Duration WINDOW = Duration.ofDays(14);

    /** One check-in as the read model knows it. */
    public record CheckIn(Instant dueAt, boolean answered, boolean missed) {}

    public AnswerRate {
        if (answered < 0 || due < answered) {
            throw new IllegalArgumentException("0 <= answered <= due");
        }
    }

    /** The rate over the {@link #WINDOW} before {@code now}: check-ins due at or after now − 14 days and not after now. */
    public static AnswerRate over(Collection<CheckIn> checkIns, Instant now) {
        Instant from = now.minus(WINDOW);
        int answered = 0;
        int due = 0;
        for (CheckIn c : checkIns) {
            if (c.dueAt().isBefore(from) || c.dueAt().isAfter(now)) {
                continue;
            }
            if (c.answered()) {
                answered++;
                due++;
            } else if (c.missed()) {
                due++;
            }
        }
        return new AnswerRate(answered, due);
    }

    /** Answered ÷ due, from 0 to 1; null when nothing was due. */
    public Double ratio() {
        return due == 0 ? null : (double) answered / due;
    }

    /** Whole percent (rounded down), or null when nothing was due. */
    public Integer percent() {
        return due == 0 ? null : answered * 100 / due;
    }
}
