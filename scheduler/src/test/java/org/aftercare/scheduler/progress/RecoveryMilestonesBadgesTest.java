package org.aftercare.scheduler.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The badges and the day count the progress page shows, from a recovery date, in the member's time
 * zone. Expected values counted by hand.
 */
class RecoveryMilestonesBadgesTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @SuppressWarnings("unchecked")
    private static List<String> badges(Map<String, Object> model) {
        return ((List<Map<String, Object>>) model.get("badges"))
                .stream().map(b -> (String) b.get("name")).toList();
    }

    @Test
    void fortyFiveDaysInTheBadgesAreTheFirstFourMilestones() {
        // 1 Oct to 15 Nov 2026 is 45 days: 1, 7, 14 and 30 reached; 60 is next, on 30 November.
        Instant now = Instant.parse("2026-11-15T15:00:00Z");
        Map<String, Object> model = ProgressView.model(LocalDate.of(2026, 10, 1), null, List.of(), NEW_YORK, now);

        assertThat(model.get("daysSince")).isEqualTo(45L);
        assertThat(badges(model)).containsExactly("1 day", "1 week", "2 weeks", "30 days");
        assertThat(model.get("next")).isEqualTo("60 days, on Monday 30 November");
    }

    @Test
    void theDayCountFollowsTheMembersTimeZoneNotUtc() {
        // 03:00 UTC on 31 Oct is still 30 Oct in New York: 29 days, so no 30-day badge yet.
        Instant now = Instant.parse("2026-10-31T03:00:00Z");
        Map<String, Object> model = ProgressView.model(LocalDate.of(2026, 10, 1), null, List.of(), NEW_YORK, now);

        assertThat(model.get("daysSince")).isEqualTo(29L);
        assertThat(badges(model)).containsExactly("1 day", "1 week", "2 weeks");
    }

    @Test
    void pastTwoYearsTheAnniversariesFollowTheFirstYear() {
        // 1 March 2024 to 15 November 2026: the nine first-year badges, then 2 years (1 March 2026).
        Instant now = Instant.parse("2026-11-15T15:00:00Z");
        Map<String, Object> model = ProgressView.model(LocalDate.of(2024, 3, 1), null, List.of(), NEW_YORK, now);

        assertThat(badges(model))
                .containsExactly(
                        "1 day",
                        "1 week",
                        "2 weeks",
                        "30 days",
                        "60 days",
                        "90 days",
                        "6 months",
                        "9 months",
                        "1 year",
                        "2 years");
        assertThat(model.get("next")).isEqualTo("3 years, on Monday 1 March 2027");
    }

    @Test
    void aDateCountedFromAgainShowsNoOldBadgesAndNoCountWithoutADate() {
        // A new date three days ago: day 1 reached only.
        Instant now = Instant.parse("2026-11-15T15:00:00Z");
        assertThat(badges(ProgressView.model(LocalDate.of(2026, 11, 12), null, List.of(), NEW_YORK, now)))
                .containsExactly("1 day");
        Map<String, Object> none = ProgressView.model(null, null, List.of(), NEW_YORK, now);
        assertThat(none.get("tracked")).isEqualTo(false);
        assertThat(none).doesNotContainKey("daysSince");
    }
}
