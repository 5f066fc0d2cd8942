package org.aftercare.streams.checkin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.streams.member.MemberFacts;
import org.junit.jupiter.api.Test;

class CheckInWindowsTest {

    private final CheckInWindows windows =
            new CheckInWindows(Duration.ofHours(2), Duration.ofHours(1), 30, Duration.ofHours(4));
    private final Instant due = Instant.parse("2026-03-31T03:30:00Z"); // still March 30 in New York
    private final Instant respondBy = due.plus(Duration.ofHours(6));

    private static MemberFacts endedOn(String date) {
        return new MemberFacts(1, MemberStatus.ACTIVE, LocalDate.parse(date), ZoneId.of("America/New_York"));
    }

    @Test
    void withoutAProfileTheNormalGraceApplies() {
        assertThat(windows.lateAt(due, respondBy, null)).isEqualTo(due.plus(Duration.ofHours(2)));
    }

    @Test
    void theHighRiskWindowIsCountedInTheMembersOwnDays() {
        assertThat(windows.isHighRisk(due, endedOn("2026-02-28")))
                .as("day 30 in New York")
                .isTrue();
        assertThat(windows.isHighRisk(due, endedOn("2026-02-27"))).as("day 31").isFalse();
        assertThat(windows.lateAt(due, respondBy, endedOn("2026-02-28"))).isEqualTo(due.plus(Duration.ofHours(1)));
    }

    @Test
    void inTheHighRiskWindowTheCheckInIsMissedSoonerThanTheSchedulerAnnounced() {
        assertThat(windows.respondBy(due, respondBy, endedOn("2026-02-28")))
                .as("day 30: four hours, not the announced six")
                .isEqualTo(due.plus(Duration.ofHours(4)));
        assertThat(windows.respondBy(due, respondBy, endedOn("2026-02-27")))
                .as("day 31: the announced window")
                .isEqualTo(respondBy);
        assertThat(windows.respondBy(due, respondBy, null)).as("no profile yet").isEqualTo(respondBy);
        Instant announcedSooner = due.plus(Duration.ofHours(3));
        assertThat(windows.respondBy(due, announcedSooner, endedOn("2026-02-28")))
                .as("never later than announced")
                .isEqualTo(announcedSooner);
    }

    @Test
    void aGraceThatWouldReachRespondByIsCutToHalfTheWindow() {
        Instant soon = due.plus(Duration.ofMinutes(50));
        assertThat(windows.lateAt(due, soon, null)).isEqualTo(due.plus(Duration.ofMinutes(25)));
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
