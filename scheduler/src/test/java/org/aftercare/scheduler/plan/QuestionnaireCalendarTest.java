package org.aftercare.scheduler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.aftercare.events.profile.CheckInPlan;
import org.aftercare.events.profile.DateRange;
import org.aftercare.events.profile.QuestionnaireSchedule;
import org.junit.jupiter.api.Test;

/** Due instants of plan questionnaires, each worked out by hand on a calendar (written in the comments). */
class QuestionnaireCalendarTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static CheckInPlan plan(String start, String end, List<DateRange> pauses) {
        // Check-ins on weekdays only: a questionnaire's day is its own.
        return new CheckInPlan(
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                List.of(LocalTime.of(9, 0)),
                LocalDate.parse(start),
                end == null ? null : LocalDate.parse(end),
                pauses);
    }

    private static Optional<Instant> next(CheckInPlan plan, QuestionnaireSchedule q, ZoneId zone, String after) {
        return QuestionnaireCalendar.nextAfter(plan, q, zone, Instant.parse(after));
    }

    @Test
    void aWeeklyOneComesOnItsOwnWeekdayFromTheFirstOnOrAfterTheStart() {
        // Start Wednesday 4 March 2026; the first Sunday is 8 March, the day New York moves to EDT
        // (UTC-4): 18:00 local is 22:00Z. A week later, 15 March, the same.
        CheckInPlan plan = plan("2026-03-04", null, List.of());
        QuestionnaireSchedule sunday =
                QuestionnaireSchedule.weekly("weekly-reflection", DayOfWeek.SUNDAY, LocalTime.of(18, 0));

        assertThat(next(plan, sunday, NEW_YORK, "2026-03-04T12:00:00Z"))
                .contains(Instant.parse("2026-03-08T22:00:00Z"));
        assertThat(next(plan, sunday, NEW_YORK, "2026-03-08T22:00:00Z"))
                .contains(Instant.parse("2026-03-15T22:00:00Z"));
        // Before the start: still the first Sunday after it. Saturday 28 February 18:00 EST was 23:00Z.
        assertThat(next(plan, sunday, NEW_YORK, "2026-02-01T00:00:00Z"))
                .contains(Instant.parse("2026-03-08T22:00:00Z"));
    }

    @Test
    void everyOtherWeekCountsFromTheFirstWeekday() {
        // Start Sunday 1 March; every 2 weeks: 1, 15, 29 March, 12, 26 April, 10, 24 May, 7, 21 June.
        CheckInPlan plan = plan("2026-03-01", null, List.of());
        QuestionnaireSchedule fortnightly = new QuestionnaireSchedule(
                "phq-9", QuestionnaireSchedule.Repeat.WEEKLY, 2, DayOfWeek.SUNDAY, null, LocalTime.of(9, 0));

        assertThat(next(plan, fortnightly, ZoneOffset.UTC, "2026-03-01T08:00:00Z"))
                .contains(Instant.parse("2026-03-01T09:00:00Z"));
        assertThat(next(plan, fortnightly, ZoneOffset.UTC, "2026-03-01T10:00:00Z"))
                .contains(Instant.parse("2026-03-15T09:00:00Z"));
        assertThat(next(plan, fortnightly, ZoneOffset.UTC, "2026-06-10T00:00:00Z"))
                .contains(Instant.parse("2026-06-21T09:00:00Z"));
    }

    @Test
    void everyNDaysCountsFromTheStartDateItself() {
        // Every 14 days from Monday 2 March: 2, 16, 30 March.
        CheckInPlan plan = plan("2026-03-02", null, List.of());
        QuestionnaireSchedule q = QuestionnaireSchedule.everyDays("phq-9", 14, LocalTime.of(9, 0));

        assertThat(next(plan, q, ZoneOffset.UTC, "2026-03-02T08:00:00Z"))
                .contains(Instant.parse("2026-03-02T09:00:00Z"));
        assertThat(next(plan, q, ZoneOffset.UTC, "2026-03-02T09:00:00Z"))
                .contains(Instant.parse("2026-03-16T09:00:00Z"));
        assertThat(next(plan, q, ZoneOffset.UTC, "2026-03-20T00:00:00Z"))
                .contains(Instant.parse("2026-03-30T09:00:00Z"));

        // Every 3 days from 1 January: day 31 of January is 1 + 30 (the 11th), then 3 February.
        CheckInPlan january = plan("2026-01-01", null, List.of());
        QuestionnaireSchedule three = QuestionnaireSchedule.everyDays("bam", 3, LocalTime.of(12, 0));
        assertThat(next(january, three, ZoneOffset.UTC, "2026-02-01T13:00:00Z"))
                .contains(Instant.parse("2026-02-03T12:00:00Z"));
    }

    @Test
    void aMonthlyOneComesOnItsDayOfTheMonthOnOrAfterTheStart() {
        QuestionnaireSchedule first = QuestionnaireSchedule.monthly("bam", 1, LocalTime.of(10, 0));

        // Start 15 March: 1 March is before it, so 1 April, then 1 May.
        CheckInPlan mid = plan("2026-03-15", null, List.of());
        assertThat(next(mid, first, ZoneOffset.UTC, "2026-03-15T00:00:00Z"))
                .contains(Instant.parse("2026-04-01T10:00:00Z"));
        assertThat(next(mid, first, ZoneOffset.UTC, "2026-04-01T10:00:00Z"))
                .contains(Instant.parse("2026-05-01T10:00:00Z"));

        // Start on the day itself: that day.
        CheckInPlan onTheDay = plan("2026-03-01", null, List.of());
        assertThat(next(onTheDay, first, ZoneOffset.UTC, "2026-03-01T09:00:00Z"))
                .contains(Instant.parse("2026-03-01T10:00:00Z"));
        // Every 3 months from March: March, June, September.
        QuestionnaireSchedule quarterly =
                new QuestionnaireSchedule("bam", QuestionnaireSchedule.Repeat.MONTHLY, 3, null, 1, LocalTime.of(10, 0));
        assertThat(next(onTheDay, quarterly, ZoneOffset.UTC, "2026-03-02T00:00:00Z"))
                .contains(Instant.parse("2026-06-01T10:00:00Z"));
        assertThat(next(onTheDay, quarterly, ZoneOffset.UTC, "2026-07-20T00:00:00Z"))
                .contains(Instant.parse("2026-09-01T10:00:00Z"));
    }

    @Test
    void aPausedDateIsPassedOverAndNothingFallsAfterTheEndDate() {
        QuestionnaireSchedule sunday =
                QuestionnaireSchedule.weekly("weekly-reflection", DayOfWeek.SUNDAY, LocalTime.of(18, 0));
        // Paused 15-21 March: Sunday 15 March is not given; the next is Sunday 22 March, 22:00Z (EDT).
        CheckInPlan paused = plan(
                "2026-03-04",
                null,
                List.of(new DateRange(LocalDate.parse("2026-03-15"), LocalDate.parse("2026-03-21"))));
        assertThat(next(paused, sunday, NEW_YORK, "2026-03-09T00:00:00Z"))
                .contains(Instant.parse("2026-03-22T22:00:00Z"));

        // Ending Friday 20 March: after Sunday 15 March nothing is left.
        CheckInPlan ending = plan("2026-03-04", "2026-03-20", List.of());
        assertThat(next(ending, sunday, NEW_YORK, "2026-03-15T22:00:00Z")).isEmpty();
        assertThat(next(ending, sunday, NEW_YORK, "2026-03-15T21:00:00Z"))
                .contains(Instant.parse("2026-03-15T22:00:00Z"));
    }

    @Test
    void aTimeInTheSpringForwardGapFiresOnceJustPastIt() {
        // 02:30 does not exist in New York on 8 March 2026 (02:00 EST jumps to 03:00 EDT): it fires at
        // 03:30 EDT, 07:30Z. The next Sunday 02:30 EDT is 06:30Z.
        CheckInPlan plan = plan("2026-03-01", null, List.of());
        QuestionnaireSchedule early =
                QuestionnaireSchedule.weekly("weekly-reflection", DayOfWeek.SUNDAY, LocalTime.of(2, 30));

        assertThat(next(plan, early, NEW_YORK, "2026-03-07T00:00:00Z")).contains(Instant.parse("2026-03-08T07:30:00Z"));
        assertThat(next(plan, early, NEW_YORK, "2026-03-08T07:30:00Z")).contains(Instant.parse("2026-03-15T06:30:00Z"));
    }
}
