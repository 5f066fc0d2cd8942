package org.aftercare.events.profile;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.aftercare.events.Require;

/**
 * When the member wants to be asked: on these days, at these local times, between the start and
 * (optional) end date, except inside the pause windows. Times are in the member's time zone.
 * {@code questionnaires} (issue 13) names the questionnaires the member is asked to fill in and how
 * often, at most one schedule per instrument; absent in plans written before they existed.
 */
public record CheckInPlan(
        Set<DayOfWeek> days,
        List<LocalTime> times,
        LocalDate startDate,
        LocalDate endDate,
        List<DateRange> pauses,
        List<QuestionnaireSchedule> questionnaires) {

    public CheckInPlan {
        // Loops, not streams: a plan is read with every profile (each notifier email reads one again).
        days = days == null || days.isEmpty()
                ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(days)); // in the days' order, as JSON writes them
        times = Require.list(times);
        if (times.size() > 1) {
            times = List.copyOf(new TreeSet<>(times)); // distinct, in order
        }
        Require.check(!days.isEmpty(), "plan.days must name at least one day");
        Require.check(!times.isEmpty(), "plan.times must hold at least one time");
        Require.present(startDate, "plan.startDate");
        Require.check(
                endDate == null || !endDate.isBefore(startDate), "plan.endDate must not be before plan.startDate");
        pauses = Require.list(pauses);
        questionnaires = Require.list(questionnaires);
        Set<String> instruments = new HashSet<>();
        for (QuestionnaireSchedule schedule : questionnaires) {
            Require.check(instruments.add(schedule.instrument()), "plan.questionnaires must name each instrument once");
        }
    }

    /** A plan without questionnaires. */
    public CheckInPlan(
            Set<DayOfWeek> days,
            List<LocalTime> times,
            LocalDate startDate,
            LocalDate endDate,
            List<DateRange> pauses) {
        this(days, times, startDate, endDate, pauses, List.of());
    }

    /** The same plan with these questionnaires. */
    public CheckInPlan withQuestionnaires(List<QuestionnaireSchedule> schedules) {
        return new CheckInPlan(days, times, startDate, endDate, pauses, schedules);
    }

    /** Is a check-in planned on this local date (ignoring the time of day)? */
    public boolean isPlannedOn(LocalDate day) {
        return days.contains(day.getDayOfWeek())
                && !day.isBefore(startDate)
                && (endDate == null || !day.isAfter(endDate))
                && pauses.stream().noneMatch(p -> p.contains(day));
    }
}
