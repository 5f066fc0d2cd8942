package org.aftercare.scheduler.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.aftercare.scheduler.progress.Streak.Day;
import org.junit.jupiter.api.Test;

/**
 * The streak rule worked by hand. Days are written as a string from Monday 2 November 2026 on, one
 * letter a day: A answered, M missed, N no check-in planned, W away, O open (today). The last
 * letter is today. Expected values were counted on paper.
 */
class StreakTest {

    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 2);

    private static Streak.Result streak(String letters) {
        Map<LocalDate, Day> days = new HashMap<>();
        for (int i = 0; i < letters.length(); i++) {
            days.put(
                    MONDAY.plusDays(i),
                    switch (letters.charAt(i)) {
                        case 'A' -> Day.ANSWERED;
                        case 'M' -> Day.MISSED;
                        case 'N' -> Day.NO_CHECK_IN;
                        case 'W' -> Day.AWAY;
                        case 'O' -> Day.OPEN;
                        default -> throw new IllegalArgumentException(letters);
                    });
        }
        return Streak.of(days, MONDAY, MONDAY.plusDays(letters.length() - 1L));
    }

    @Test
    void aWeekAnsweredEveryDayIsSevenInARow() {
        assertThat(streak("AAAAAAA")).isEqualTo(new Streak.Result(7, 7, false));
    }

    @Test
    void oneMissedDayInAWeekIsForgivenAndNotCounted() {
        // Mon-Wed answered (3), Thu missed: the week's grace day, Fri-Sun answered (3 more).
        assertThat(streak("AAAMAAA")).isEqualTo(new Streak.Result(6, 6, true));
    }

    @Test
    void aSecondMissedDayInTheSameWeekEndsTheRun() {
        // Mon answered (1), Tue missed (grace), Wed answered (2), Thu missed again: the run ends (0),
        // Fri and Sat answered: a new run of 2. The longest so far was 2.
        assertThat(streak("AMAMAA")).isEqualTo(new Streak.Result(2, 2, true));
    }

    @Test
    void eachCalendarWeekHasItsOwnGraceDaySoASundayAndTheNextMondayMissedAreBothForgiven() {
        // Week 1: Mon-Sat answered (6), Sun missed (week 1's grace). Week 2: Mon missed (week 2's
        // grace), Tue and Wed answered (8).
        assertThat(streak("AAAAAAM" + "MAA")).isEqualTo(new Streak.Result(8, 8, true));
    }

    @Test
    void afterAResetANewRunStartsFromOneAndTheLongestIsRemembered() {
        // Week 1: 5 answered, Sat missed (grace), Sun answered (6). Week 2: Mon answered (7), Tue
        // missed (grace), Wed missed (reset, 0), Thu-Sat answered (3).
        Streak.Result r = streak("AAAAAMA" + "AMMAAA");
        assertThat(r).isEqualTo(new Streak.Result(3, 7, true));
    }

    @Test
    void daysAwayDaysWithoutACheckInAndTodayStillOpenNeitherCountNorBreak() {
        // Mon answered (1), Tue nothing planned, Wed away, Thu answered (2), Fri (today) still open.
        assertThat(streak("ANWAO")).isEqualTo(new Streak.Result(2, 2, false));
    }

    @Test
    void aGraceDayIsNotCarriedOverToTheNextWeek() {
        // Week 1 all answered (7), no miss. Week 2: Mon missed (grace), Tue missed (reset), Wed answered (1).
        assertThat(streak("AAAAAAA" + "MMA")).isEqualTo(new Streak.Result(1, 7, true));
    }

    @Test
    void nothingAnsweredYetIsZero() {
        assertThat(streak("NNO")).isEqualTo(new Streak.Result(0, 0, false));
        assertThat(streak("M")).isEqualTo(new Streak.Result(0, 0, true));
    }
}
