package org.aftercare.scheduler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import org.aftercare.events.profile.CheckInPlan;
import org.junit.jupiter.api.Test;

class CheckInTimesTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final CheckInPlan NINE_EVERY_DAY = new CheckInPlan(
            EnumSet.allOf(DayOfWeek.class),
            List.of(LocalTime.of(9, 0)),
            LocalDate.parse("2026-01-01"),
            LocalDate.parse("2026-03-02"),
            List.of());
    /** 10:00 in New York. */
    private static final Instant NOW = Instant.parse("2026-03-01T15:00:00Z");

    @Test
    void withoutADemoCadenceCheckInsFollowTheMembersPlanInTheirTimeZone() {
        CheckInTimes plan = new CheckInTimes(null);

        assertThat(plan.first(NINE_EVERY_DAY, NEW_YORK, NOW)).contains(Instant.parse("2026-03-02T14:00:00Z"));
        assertThat(plan.after(NINE_EVERY_DAY, NEW_YORK, Instant.parse("2026-03-02T14:00:00Z")))
                .as("the plan ends on 2 March")
                .isEmpty();
    }

    @Test
    void underTheDemoCadenceTheFirstCheckInComesInSecondsAndTheNextOnesEveryCadence() {
        CheckInTimes demo = new CheckInTimes(Duration.ofMinutes(1));

        assertThat(demo.first(NINE_EVERY_DAY, NEW_YORK, NOW)).contains(Instant.parse("2026-03-01T15:00:05Z"));
        assertThat(demo.after(NINE_EVERY_DAY, NEW_YORK, Instant.parse("2026-03-02T14:00:00Z")))
                .as("past the plan's end: the cadence alone decides")
                .contains(Instant.parse("2026-03-02T14:01:00Z"));
    }
}
