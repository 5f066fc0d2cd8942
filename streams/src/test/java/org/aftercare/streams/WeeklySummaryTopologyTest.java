package org.aftercare.streams;

import static org.aftercare.streams.Members.only;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.streams.metrics.DecisionMetrics;
import org.aftercare.streams.summary.WeeklySummaries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The weekly summary through the production topology: once a week, Sunday 18:00 in the member's
 * time zone by default, to members who asked for it and are active, found by a wall-clock tick
 * over a due-time index.
 */
class WeeklySummaryTopologyTest {

    /** Friday 2026-03-06, 12:00 in New York (EST, UTC-5). */
    private static final Instant FRIDAY = Instant.parse("2026-03-06T17:00:00Z");
    /** Sunday 2026-03-08, 18:00 in New York: EDT (UTC-4) since 02:00 that morning. */
    private static final Instant SUNDAY_SIX_PM = Instant.parse("2026-03-08T22:00:00Z");

    @TempDir
    Path stateDir;

    private static List<OutreachRequest> summaries(DecisionDriver d) {
        return only(d.intents(), OutreachKind.WEEKLY_SUMMARY);
    }

    @Test
    void anOptedInMemberGetsTheSummaryOnSundayAtSixInTheEveningTheirTime() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, FRIDAY)) {
            Members.Member m = Members.member("m-weekly").weeklySummary(true);
            m.publish(d);

            d.clockTo(SUNDAY_SIX_PM.minusSeconds(1));
            assertThat(summaries(d)).isEmpty();
            d.clockTo(SUNDAY_SIX_PM.plusMillis(1));
            assertThat(summaries(d)).singleElement().satisfies(summary -> {
                assertThat(summary.memberId()).isEqualTo(m.id);
                assertThat(summary.recipient()).isEqualTo(Recipient.MEMBER);
                assertThat(summary.urgency()).isEqualTo(Urgency.SCHEDULED);
                assertThat(summary.checkInId()).isNull();
                assertThat(summary.data()).isEmpty();
                assertThat(summary.notificationId())
                        .isEqualTo(WeeklySummaries.notificationId(m.id, LocalDate.parse("2026-03-08")));
            });
        }
    }

    @Test
    void theSummaryGoesOncePerWeekAlsoWhenTheProfileIsRepublishedOrReprocessed() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, FRIDAY)) {
            Members.Member m = Members.member("m-once-a-week").weeklySummary(true);
            m.publish(d);
            List<OutreachRequest> seen = new ArrayList<>();
            d.clockTo(SUNDAY_SIX_PM.plusSeconds(1));
            seen.addAll(summaries(d));
            // The same week: a new snapshot (another revision), the same snapshot again, a move across zones.
            m.publish(d);
            d.profiles.pipeInput(m.id, m.profile(), d.now());
            m.zone(ZoneId.of("America/Los_Angeles")).publish(d); // 15:00 there: Sunday 18:00 is still ahead
            d.advance(Duration.ofHours(4));
            seen.addAll(summaries(d));
            assertThat(seen).as("one for the week of 03-08").hasSize(1);

            // Three more weeks: one each Sunday.
            for (int day = 0; day < 21; day++) {
                d.advance(Duration.ofDays(1));
                seen.addAll(summaries(d));
            }
            assertThat(seen)
                    .extracting(OutreachRequest::notificationId)
                    .containsExactly(
                            WeeklySummaries.notificationId(m.id, LocalDate.parse("2026-03-08")),
                            WeeklySummaries.notificationId(m.id, LocalDate.parse("2026-03-15")),
                            WeeklySummaries.notificationId(m.id, LocalDate.parse("2026-03-22")),
                            WeeklySummaries.notificationId(m.id, LocalDate.parse("2026-03-29")));
            assertThat(EscalationTopologyTest.count(d.driver.getKeyValueStore(WeeklySummaries.SCHEDULE)))
                    .as("one entry per member in the due index")
                    .isEqualTo(1);
        }
    }

    @Test
    void aMemberWhoDidNotOptInGetsNone() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, FRIDAY)) {
            Members.member("m-not-asked").publish(d);
            Members.member("m-asked").weeklySummary(true).publish(d);
            d.clockTo(SUNDAY_SIX_PM.plus(Duration.ofDays(14)));
            assertThat(summaries(d)).extracting(OutreachRequest::memberId).containsOnly("m-asked");
            assertThat(EscalationTopologyTest.count(d.driver.getKeyValueStore(WeeklySummaries.NEXT)))
                    .isEqualTo(1);
        }
    }

    @Test
    void turningItOffStopsTheNextOne() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, FRIDAY)) {
            Members.Member m = Members.member("m-changed-mind").weeklySummary(true);
            m.publish(d);
            m.weeklySummary(false).publish(d);
            d.clockTo(SUNDAY_SIX_PM.plus(Duration.ofDays(7)));
            assertThat(summaries(d)).isEmpty();
            assertThat(EscalationTopologyTest.count(d.driver.getKeyValueStore(WeeklySummaries.SCHEDULE)))
                    .isZero();
        }
    }

    @Test
    void aPausedMemberGetsNoneAndGetsItAgainOnceResumed() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, FRIDAY)) {
            Members.Member m =
                    Members.member("m-paused-weekly").weeklySummary(true).status(MemberStatus.PAUSED);
            m.publish(d);
            d.clockTo(SUNDAY_SIX_PM.plusSeconds(1));
            assertThat(summaries(d)).isEmpty();

            m.status(MemberStatus.ACTIVE).publish(d);
            d.clockTo(SUNDAY_SIX_PM.plus(Duration.ofDays(7)).plusSeconds(1));
            assertThat(summaries(d))
                    .extracting(OutreachRequest::notificationId)
                    .containsExactly(WeeklySummaries.notificationId(m.id, LocalDate.parse("2026-03-15")));
        }
    }

    @Test
    void anUnsubscribedMemberGetsNone() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, FRIDAY)) {
            Members.member("m-unsub-weekly")
                    .weeklySummary(true)
                    .unsubscribed(true)
                    .publish(d);
            d.clockTo(SUNDAY_SIX_PM.plusSeconds(1));
            assertThat(summaries(d)).isEmpty();
        }
    }

    @Test
    void theDayAndTimeAreConfigurable() {
        Map<String, String> env = Map.of(
                "OUTREACH_WEEKLY_SUMMARY_DAY", "saturday",
                "OUTREACH_WEEKLY_SUMMARY_TIME", "09:30");
        try (DecisionDriver d = DecisionDriver.at(stateDir, FRIDAY, env, DecisionMetrics.NONE)) {
            Members.member("m-saturday").weeklySummary(true).publish(d);
            Instant saturdayHalfPastNine = Instant.parse("2026-03-07T14:30:00Z"); // 09:30 EST
            d.clockTo(saturdayHalfPastNine.minusSeconds(1));
            assertThat(summaries(d)).isEmpty();
            d.clockTo(saturdayHalfPastNine.plusSeconds(1));
            assertThat(summaries(d)).hasSize(1);
        }
    }

    @Test
    void erasureLeavesNothingOfTheSummaryBehind() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, FRIDAY)) {
            Members.Member m = Members.member("m-erased-weekly").weeklySummary(true);
            m.publish(d);
            d.clockTo(SUNDAY_SIX_PM.plusSeconds(1));
            assertThat(summaries(d)).hasSize(1);
            d.profiles.pipeInput(m.id, null, d.now());
            for (String store : WeeklySummaries.STORES) {
                assertThat(EscalationTopologyTest.count(d.driver.getKeyValueStore(store)))
                        .as(store)
                        .isZero();
            }
            d.advance(Duration.ofDays(7));
            assertThat(summaries(d)).isEmpty();
        }
    }
}
