package org.aftercare.scheduler.checkin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The respondBy the scheduler announces: the latest close the plan allows, never a copy of a respond window. */
class DueSweepTest {

    private static final Instant DUE = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void aCheckInIsAnnouncedOpenUntilTheMembersNextPlannedCheckIn() {
        assertThat(DueSweep.latestClose(DUE, Optional.of(Instant.parse("2026-03-02T20:00:00Z"))))
                .isEqualTo(Instant.parse("2026-03-02T20:00:00Z"));
    }

    @Test
    void aWeeklyPlanIsAnnouncedOpenForTwoDaysAtMost() {
        assertThat(DueSweep.latestClose(DUE, Optional.of(Instant.parse("2026-03-09T09:00:00Z"))))
                .isEqualTo(Instant.parse("2026-03-04T09:00:00Z"));
    }

    @Test
    void theLastCheckInOfAPlanIsAnnouncedOpenForTwoDays() {
        assertThat(DueSweep.latestClose(DUE, Optional.empty())).isEqualTo(Instant.parse("2026-03-04T09:00:00Z"));
    }
}
