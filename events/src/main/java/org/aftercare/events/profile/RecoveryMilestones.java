package org.aftercare.events.profile;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The day milestones counted from a member's recovery start date (in the member's time zone): 1,
 * 7, 14, 30, 60, 90, 180, 270 and 365 days, then every year on the anniversary from the second.
 * One owner for two sides: streams congratulates each one by email (code {@code days-N} /
 * {@code years-N}), and the scheduler's progress page shows the ones reached as badges.
 */
public final class RecoveryMilestones {

    /** The day thresholds of the first year, in order. */
    public static final List<Integer> DAYS = List.of(1, 7, 14, 30, 60, 90, 180, 270, 365);

    /** Anniversaries are counted from this year on (year one is day 365). */
    public static final int FIRST_YEARLY = 2;

    /** One milestone: its code ({@code days-30}, {@code years-2}) and the local date it falls on. */
    public record Reached(String code, int days, int years, LocalDate date) {}

    private RecoveryMilestones() {}

    /**
     * The milestones from {@code recoveryStart} whose date is on or before {@code today}, in order;
     * empty when the start date is in the future or absent.
     */
    public static List<Reached> reached(LocalDate recoveryStart, LocalDate today) {
        List<Reached> out = new ArrayList<>();
        if (recoveryStart == null || today.isBefore(recoveryStart)) {
            return out;
        }
        for (int d : DAYS) {
            LocalDate date = recoveryStart.plusDays(d);
            if (!date.isAfter(today)) {
                out.add(new Reached("days-" + d, d, 0, date));
            }
        }
        long years = ChronoUnit.YEARS.between(recoveryStart, today);
        for (int y = FIRST_YEARLY; y <= years; y++) {
            out.add(new Reached("years-" + y, 0, y, recoveryStart.plusYears(y)));
        }
        return out;
    }
}
