package org.aftercare.streams.answers;

import java.time.LocalDate;

/**
 * What this service remembers of a member's answers, per member: the member-local date of the last
 * reported use (to know how long they had gone without), how many answers in a row reported a high
 * craving, and how many check-ins in a row were answered (a miss ends the run). No answer content.
 */
public record AnswerHistory(LocalDate lastUseOn, int highCravings, int answeredStreak) {

    public static final AnswerHistory NONE = new AnswerHistory(null, 0, 0);

    AnswerHistory usedOn(LocalDate day) {
        return new AnswerHistory(day, highCravings, answeredStreak);
    }

    AnswerHistory cravings(int run) {
        return new AnswerHistory(lastUseOn, run, answeredStreak);
    }

    AnswerHistory streak(int run) {
        return new AnswerHistory(lastUseOn, highCravings, run);
    }
}
