package org.aftercare.scheduler.progress;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;

/**
 * The answered-check-in streak the member's progress page shows. In: what became of each local
 * day's check-ins (in the member's time zone), up to today. Out: the current streak, the longest
 * one in the days given, and whether this week's grace day is used.
 *
 * <p>The rule: a streak counts the days with an answered check-in in a row. A day with no check-in
 * planned, a day the member was away, and today's check-in while it is still open neither count
 * nor break it. Each calendar week (Monday to Sunday) forgives one day missed: the streak carries
 * on past it (the missed day itself is not counted). A second missed day in the same week ends the
 * streak; the next answered day starts a new one from 1.
 */
public final class Streak {

    /** What became of a day's check-ins, as the member sees it. */
    public enum Day {
        /** At least one check-in that day was answered. */
        ANSWERED,
        /** A check-in was sent and closed without an answer. */
        MISSED,
        /** No check-in was planned (or none kept on record). */
        NO_CHECK_IN,
        /** The member was set away. */
        AWAY,
        /** Today's check-in, still open. */
        OPEN
    }

    /** The streak as of the last day given. */
    public record Result(int current, int longest, boolean graceUsedThisWeek) {}

    private Streak() {}

    /**
     * Walks the days from {@code from} to {@code today} (inclusive); a day absent from
     * {@code days} had no check-in.
     */
    public static Result of(Map<LocalDate, Day> days, LocalDate from, LocalDate today) {
        int current = 0;
        int longest = 0;
        LocalDate graceWeek = null;
        for (LocalDate d = from; !d.isAfter(today); d = d.plusDays(1)) {
            switch (days.getOrDefault(d, Day.NO_CHECK_IN)) {
                case ANSWERED -> {
                    current++;
                    longest = Math.max(longest, current);
                }
                case MISSED -> {
                    LocalDate week = weekOf(d);
                    if (week.equals(graceWeek)) {
                        current = 0;
                    } else {
                        graceWeek = week;
                    }
                }
                case NO_CHECK_IN, AWAY, OPEN -> {
                    // neither counts nor breaks
                }
            }
        }
        return new Result(current, longest, weekOf(today).equals(graceWeek));
    }

    /** The Monday of the day's week. */
    public static LocalDate weekOf(LocalDate day) {
        return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }
}
