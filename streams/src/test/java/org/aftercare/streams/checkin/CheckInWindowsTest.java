package org.aftercare.streams.checkin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.aftercare.events.risk.RiskTier;
import org.junit.jupiter.api.Test;

class CheckInWindowsTest {

    private final CheckInWindows windows = new CheckInWindows(
            Duration.ofHours(2),
            Duration.ofHours(6),
            Duration.ofHours(1),
            Duration.ofHours(4),
            Duration.ofMinutes(60),
            Duration.ofHours(3));
    private final Instant due = Instant.parse("2026-03-31T03:30:00Z");
    /** What the scheduler announces: only an upper bound, the plan's next due time. */
    private final Instant nextDue = due.plus(Duration.ofHours(12));

    @Test
    void eachTierHasItsOwnRespondWindowNeverLaterThanAnnounced() {
        assertThat(windows.respondBy(due, nextDue, RiskTier.VERY_HIGH)).isEqualTo(due.plus(Duration.ofHours(3)));
        assertThat(windows.respondBy(due, nextDue, RiskTier.HIGH)).isEqualTo(due.plus(Duration.ofHours(4)));
        assertThat(windows.respondBy(due, nextDue, RiskTier.STANDARD)).isEqualTo(due.plus(Duration.ofHours(6)));
        Instant announcedSooner = due.plus(Duration.ofMinutes(150));
        assertThat(windows.respondBy(due, announcedSooner, RiskTier.STANDARD))
                .as("never later than announced")
                .isEqualTo(announcedSooner);
    }

    @Test
    void eachTierHasItsOwnGrace() {
        Instant respondBy = due.plus(Duration.ofHours(6));
        assertThat(windows.lateAt(due, respondBy, RiskTier.VERY_HIGH)).isEqualTo(due.plus(Duration.ofHours(1)));
        assertThat(windows.lateAt(due, respondBy, RiskTier.HIGH)).isEqualTo(due.plus(Duration.ofHours(1)));
        assertThat(windows.lateAt(due, respondBy, RiskTier.STANDARD)).isEqualTo(due.plus(Duration.ofHours(2)));
    }

    @Test
    void aGraceThatWouldReachRespondByIsCutToHalfTheWindow() {
        Instant soon = due.plus(Duration.ofMinutes(50));
        assertThat(windows.lateAt(due, soon, RiskTier.STANDARD)).isEqualTo(due.plus(Duration.ofMinutes(25)));
    }

    @Test
    void deadlineKeysSortInTimeOrder() {
        Deadline early = new Deadline("m", "ci-b", Deadline.Kind.MISSED, Instant.ofEpochMilli(999));
        Deadline late = new Deadline("m", "ci-a", Deadline.Kind.LATE, Instant.ofEpochMilli(1000));
        assertThat(early.key()).isLessThan(late.key());
        assertThat(late.key()).isLessThanOrEqualTo(Deadline.upTo(1000));
        assertThat(Deadline.upTo(999)).isLessThan(late.key());
    }
}
