package org.aftercare.streams.milestone;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.aftercare.events.profile.RecoveryMilestones;

/**
 * One milestone: a code the notifier renders ({@code days-30}, {@code years-2}, {@code streak-7})
 * and, for day milestones, the member-local date it falls on. Day milestones count days since the
 * recovery start date ({@link RecoveryMilestones}, shared with the scheduler's progress page): 1, 7,
 * 14, 30, 60, 90, 180, 270, 365, then every year on the anniversary.
 */
public record Milestone(String code, LocalDate date) {

    static final int[] STREAKS = {7, 30};
    private static final int MAX_YEARS = 120;

    /** The day milestones from {@code recoveryStart}, in order, that fall on or after {@code from}. */
    static List<Milestone> daysFrom(LocalDate recoveryStart, LocalDate from) {
        List<Milestone> found = new ArrayList<>();
        for (int d : RecoveryMilestones.DAYS) {
            LocalDate date = recoveryStart.plusDays(d);
            if (!date.isBefore(from)) {
                found.add(new Milestone("days-" + d, date));
            }
        }
        if (found.isEmpty()) {
            // Past the first year: the next anniversary on or after `from` (and one more, in case it was
            // congratulated).
            long years = Math.max(RecoveryMilestones.FIRST_YEARLY, ChronoUnit.YEARS.between(recoveryStart, from));
            for (long y = years; y <= MAX_YEARS && found.size() < 2; y++) {
                LocalDate date = recoveryStart.plusYears(y);
                if (!date.isBefore(from)) {
                    found.add(new Milestone("years-" + y, date));
                }
            }
        } else {
            found.add(new Milestone(
                    "years-" + RecoveryMilestones.FIRST_YEARLY,
                    recoveryStart.plusYears(RecoveryMilestones.FIRST_YEARLY)));
        }
        return found;
    }

    static String streak(int answered) {
        for (int s : STREAKS) {
            if (s == answered) {
                return "streak-" + s;
            }
        }
        return null;
    }

    /** The metric tag: days, years or streak. */
    static String kindOf(String code) {
        return code.substring(0, code.indexOf('-'));
    }
}
