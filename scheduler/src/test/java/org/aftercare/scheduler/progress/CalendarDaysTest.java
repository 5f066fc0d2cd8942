package org.aftercare.scheduler.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.aftercare.events.profile.Away;
import org.aftercare.scheduler.progress.Streak.Day;
import org.junit.jupiter.api.Test;

/** How the scheduler's check-in rows become the calendar's days, in the member's time zone. */
class CalendarDaysTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Instant NOW = Instant.parse("2026-11-06T20:00:00Z"); // Fri 6 Nov, 15:00 in New York

    private static CheckInRecords.Row row(String due, boolean answered, boolean away, boolean kept, boolean emitted) {
        Instant at = Instant.parse(due);
        return new CheckInRecords.Row(
                at, at.plus(Duration.ofDays(1)), emitted, answered ? at.plusSeconds(600) : null, 3, 4, away, kept);
    }

    @Test
    void eachDayIsWhatBecameOfItsCheckIns() {
        List<CheckInRecords.Row> rows = List.of(
                // Mon: answered
                row("2026-11-02T14:00:00Z", true, false, true, true),
                // Tue: sent, closed without an answer
                row("2026-11-03T14:00:00Z", false, false, true, true),
                // Wed: sent while away
                row("2026-11-04T14:00:00Z", false, true, true, true),
                // Thu: from before answers were kept, and a slot skipped after downtime
                row("2026-11-05T14:00:00Z", false, false, false, true),
                // Thu 23:30 in New York is Fri 04:30 UTC: still Thursday, skipped
                row("2026-11-06T04:30:00Z", false, false, true, false),
                // Fri (today): sent at 09:00 New York, open until tomorrow
                row("2026-11-06T14:00:00Z", false, false, true, true));

        Map<LocalDate, Day> days = ProgressView.days(rows, null, NEW_YORK, NOW);

        assertThat(days)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        LocalDate.of(2026, 11, 2), Day.ANSWERED,
                        LocalDate.of(2026, 11, 3), Day.MISSED,
                        LocalDate.of(2026, 11, 4), Day.AWAY,
                        LocalDate.of(2026, 11, 5), Day.NO_CHECK_IN,
                        LocalDate.of(2026, 11, 6), Day.OPEN));
    }

    @Test
    void todayIsAwayWhenTheMemberIsAwayNowUnlessTheyAnswered() {
        Away away = new Away(LocalDate.of(2026, 11, 10), false, Away.SetBy.MEMBER);
        assertThat(ProgressView.days(List.of(), away, NEW_YORK, NOW))
                .containsEntry(LocalDate.of(2026, 11, 6), Day.AWAY);
        assertThat(ProgressView.days(
                        List.of(row("2026-11-06T14:00:00Z", true, false, true, true)), away, NEW_YORK, NOW))
                .containsEntry(LocalDate.of(2026, 11, 6), Day.ANSWERED);
    }
}
