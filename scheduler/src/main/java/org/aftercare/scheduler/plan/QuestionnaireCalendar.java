package org.aftercare.scheduler.plan;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;
import org.aftercare.events.profile.CheckInPlan;
import org.aftercare.events.profile.QuestionnaireSchedule;

/**
 * When a questionnaire of a member's plan next falls due, in their own time zone. The dates follow
 * {@link QuestionnaireSchedule}, counted from the plan's start date: a weekly one on its weekday
 * every {@code interval} weeks from the first such weekday on or after the start; an every-days one
 * every {@code interval} days from the start date itself; a monthly one on its day of the month
 * every {@code interval} months from the first such day on or after the start. A date inside a pause
 * window is passed over (that questionnaire is not given; the next one is), and nothing falls after
 * the plan's end date. The check-in days of the week do not apply: a weekly reflection on Sunday
 * comes also to a member whose check-ins are on weekdays.
 *
 * <p>At most one occurrence falls on a local date, so daylight-saving transitions cannot repeat
 * one: a time in the spring-forward gap fires at the same distance past it, a time that occurs
 * twice fires at its first occurrence ({@link ZonedDateTime#of}).
 */
public final class QuestionnaireCalendar {

    /** How many candidate dates are tried past pause windows before the schedule is taken as ended. */
    private static final int MAX_CANDIDATES = 800;

    private QuestionnaireCalendar() {}

    /** The first due instant strictly after {@code after}, or empty when the plan has ended. */
    public static Optional<Instant> nextAfter(
            CheckInPlan plan, QuestionnaireSchedule schedule, ZoneId zone, Instant after) {
        LocalDate day = after.atZone(zone).toLocalDate();
        LocalDate anchor = anchor(plan.startDate(), schedule);
        long k = Math.max(0, stepsBefore(anchor, day, schedule));
        for (int i = 0; i < MAX_CANDIDATES; i++, k++) {
            LocalDate d = dateAt(anchor, k, schedule);
            if (plan.endDate() != null && d.isAfter(plan.endDate())) {
                return Optional.empty();
            }
            if (plan.pauses().stream().anyMatch(p -> p.contains(d))) {
                continue;
            }
            Instant candidate = ZonedDateTime.of(d, schedule.time(), zone).toInstant();
            if (candidate.isAfter(after)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The first date of the schedule: on or after the start date. */
    private static LocalDate anchor(LocalDate start, QuestionnaireSchedule s) {
        return switch (s.repeat()) {
            case WEEKLY -> start.with(TemporalAdjusters.nextOrSame(s.day()));
            case EVERY_DAYS -> start;
            case MONTHLY -> {
                LocalDate inMonth = start.withDayOfMonth(s.dayOfMonth());
                yield inMonth.isBefore(start) ? inMonth.plusMonths(1) : inMonth;
            }
        };
    }

    /** The {@code k}th date of the schedule (0 is the anchor). */
    private static LocalDate dateAt(LocalDate anchor, long k, QuestionnaireSchedule s) {
        return switch (s.repeat()) {
            case WEEKLY -> anchor.plusWeeks(k * s.interval());
            case EVERY_DAYS -> anchor.plusDays(k * s.interval());
            case MONTHLY -> YearMonth.from(anchor).plusMonths(k * s.interval()).atDay(s.dayOfMonth());
        };
    }

    /**
     * How many whole steps lie between the anchor and the day before {@code day}: where the search
     * may start without skipping a date on or after it (one step earlier, so today's slot is tried).
     */
    private static long stepsBefore(LocalDate anchor, LocalDate day, QuestionnaireSchedule s) {
        long steps = switch (s.repeat()) {
            case WEEKLY -> ChronoUnit.WEEKS.between(anchor, day) / s.interval();
            case EVERY_DAYS -> ChronoUnit.DAYS.between(anchor, day) / s.interval();
            case MONTHLY -> ChronoUnit.MONTHS.between(YearMonth.from(anchor), YearMonth.from(day)) / s.interval();
        };
        return steps - 1;
    }
}
