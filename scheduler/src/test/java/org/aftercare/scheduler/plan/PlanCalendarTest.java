package org.aftercare.scheduler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.aftercare.events.profile.CheckInPlan;
import org.aftercare.events.profile.DateRange;
import org.junit.jupiter.api.Test;

class PlanCalendarTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static CheckInPlan everyDayAt(String... times) {
        return new CheckInPlan(
                EnumSet.allOf(DayOfWeek.class),
                List.of(times).stream().map(LocalTime::parse).toList(),
                LocalDate.parse("2026-01-01"),
                null,
                List.of());
    }

    /** Every instant the plan fires in [from, to). */
    private static List<Instant> firings(CheckInPlan plan, ZoneId zone, Instant from, Instant to) {
        List<Instant> out = new ArrayList<>();
        Instant cursor = from;
        while (true) {
            Optional<Instant> next = PlanCalendar.nextAfter(plan, zone, cursor);
            if (next.isEmpty() || !next.get().isBefore(to)) {
                return out;
            }
            out.add(next.get());
            cursor = next.get();
        }
    }

    @Test
    void aCheckInFiresAtTheChosenLocalTimeInTheMembersZone() {
        Optional<Instant> next =
                PlanCalendar.nextAfter(everyDayAt("09:00"), NEW_YORK, Instant.parse("2026-06-01T12:00:00Z"));

        // 09:00 EDT is 13:00 UTC.
        assertThat(next).contains(Instant.parse("2026-06-01T13:00:00Z"));
    }

    @Test
    void aLocalTimeSkippedBySpringForwardFiresOnceAtTheNextValidInstant() {
        // 2026-03-08: New York clocks jump from 02:00 EST to 03:00 EDT; 02:30 does not exist.
        List<Instant> fired = firings(
                everyDayAt("02:30"),
                NEW_YORK,
                Instant.parse("2026-03-07T12:00:00Z"),
                Instant.parse("2026-03-09T12:00:00Z"));

        assertThat(fired)
                .containsExactly(
                        Instant.parse("2026-03-08T07:30:00Z"), // 03:30 EDT on the day of the gap
                        Instant.parse("2026-03-09T06:30:00Z")); // 02:30 EDT the next day
    }

    @Test
    void aLocalTimeRepeatedByFallBackFiresOnce() {
        // 2026-11-01: New York clocks fall back from 02:00 EDT to 01:00 EST; 01:30 happens twice.
        List<Instant> fired = firings(
                everyDayAt("01:30"),
                NEW_YORK,
                Instant.parse("2026-10-31T12:00:00Z"),
                Instant.parse("2026-11-02T12:00:00Z"));

        assertThat(fired)
                .containsExactly(
                        Instant.parse("2026-11-01T05:30:00Z"), // the first 01:30 (EDT)
                        Instant.parse("2026-11-02T06:30:00Z")); // 01:30 EST the next day
    }

    @Test
    void aSweepThatRestartsDuringTheRepeatedHourDoesNotFireTheSecondOccurrence() {
        // After the first 01:30 EDT fired, the search resumes at 01:10 EST (06:10Z), inside the repeated hour.
        Optional<Instant> next =
                PlanCalendar.nextAfter(everyDayAt("01:30"), NEW_YORK, Instant.parse("2026-11-01T06:10:00Z"));

        assertThat(next).contains(Instant.parse("2026-11-02T06:30:00Z"));
    }

    @Test
    void onlyThePlannedWeekdaysOutsidePausesAndBeforeTheEndDateFire() {
        CheckInPlan plan = new CheckInPlan(
                EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                List.of(LocalTime.of(18, 0)),
                LocalDate.parse("2026-06-01"),
                LocalDate.parse("2026-06-30"),
                List.of(new DateRange(LocalDate.parse("2026-06-08"), LocalDate.parse("2026-06-14"))));

        List<Instant> fired = firings(
                plan, ZoneId.of("UTC"), Instant.parse("2026-05-01T00:00:00Z"), Instant.parse("2026-08-01T00:00:00Z"));

        assertThat(fired)
                .extracting(i -> i.toString().substring(0, 10))
                .containsExactly(
                        "2026-06-01",
                        "2026-06-05", // week 1
                        // 06-08 and 06-12 fall in the pause
                        "2026-06-15",
                        "2026-06-19",
                        "2026-06-22",
                        "2026-06-26",
                        "2026-06-29");
    }

    @Test
    void severalTimesADayFireInOrder() {
        List<Instant> fired = firings(
                everyDayAt("20:00", "08:00"),
                ZoneId.of("Europe/Berlin"),
                Instant.parse("2026-06-01T00:00:00Z"),
                Instant.parse("2026-06-02T00:00:00Z"));

        assertThat(fired).containsExactly(Instant.parse("2026-06-01T06:00:00Z"), Instant.parse("2026-06-01T18:00:00Z"));
    }

    @Test
    void aPlanThatHasEndedHasNoNextCheckIn() {
        CheckInPlan plan = new CheckInPlan(
                EnumSet.allOf(DayOfWeek.class),
                List.of(LocalTime.NOON),
                LocalDate.parse("2026-01-01"),
                LocalDate.parse("2026-01-31"),
                List.of());

        assertThat(PlanCalendar.nextAfter(plan, NEW_YORK, Instant.parse("2026-02-01T00:00:00Z")))
                .isEmpty();
    }
}
