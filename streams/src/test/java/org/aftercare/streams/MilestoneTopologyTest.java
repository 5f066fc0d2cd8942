package org.aftercare.streams;

import static org.aftercare.streams.Members.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.streams.metrics.MicrometerDecisionMetrics;
import org.aftercare.streams.milestone.Milestones;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Milestones through the production topology: days since the recovery start date in the member's
 * time zone, streaks of answered check-ins, each congratulated exactly once, found by a wall-clock
 * tick over a due-time index.
 */
class MilestoneTopologyTest {

    /** 2026-03-01 10:00 in New York (EST, UTC-5): a Sunday, before the member's 09:00 check-in the next day. */
    private static final Instant START = Instant.parse("2026-03-01T15:00:00Z");

    @TempDir
    Path stateDir;

    private static List<String> milestones(List<OutreachRequest> intents) {
        return only(intents, OutreachKind.MILESTONE).stream()
                .map(i -> i.data().get("milestone"))
                .toList();
    }

    @Test
    void firstDayIsCongratulatedAtTheFirstCheckInTimeInTheMembersZone() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-day-one").recoveringSince(LocalDate.parse("2026-03-01"));
            m.publish(d);
            Instant nineInNewYork = Instant.parse("2026-03-02T14:00:00Z"); // 09:00 EST on day 1

            d.clockTo(nineInNewYork.minusSeconds(1));
            assertThat(milestones(d.intents())).isEmpty();
            d.clockTo(nineInNewYork.plusMillis(1));
            assertThat(only(d.intents(), OutreachKind.MILESTONE))
                    .singleElement()
                    .satisfies(milestone -> {
                        assertThat(milestone.recipient()).isEqualTo(Recipient.MEMBER);
                        assertThat(milestone.urgency()).isEqualTo(Urgency.ROUTINE);
                        assertThat(milestone.data()).containsExactlyEntriesOf(Map.of("milestone", "days-1"));
                        assertThat(milestone.notificationId()).isEqualTo(Milestones.notificationId(m.id, "days-1"));
                    });
        }
    }

    @Test
    void dayMilestonesFollowTheScheduleThenYearly() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-schedule").recoveringSince(LocalDate.parse("2026-03-01"));
            m.publish(d);
            List<String> seen = new ArrayList<>();
            for (int day = 0; day < 365 * 3 + 2; day++) {
                d.advance(Duration.ofDays(1));
                seen.addAll(milestones(d.intents()));
            }
            assertThat(seen)
                    .containsExactly(
                            "days-1",
                            "days-7",
                            "days-14",
                            "days-30",
                            "days-60",
                            "days-90",
                            "days-180",
                            "days-270",
                            "days-365",
                            "years-2",
                            "years-3");
        }
    }

    @Test
    void milestoneFallsOnTheLocalDateEvenAcrossADaylightSavingChange() {
        // Recovery began 2026-03-01 in New York; day 14 (2026-03-15) is after the switch to EDT (UTC-4) on 03-08.
        try (DecisionDriver d = DecisionDriver.at(stateDir, Instant.parse("2026-03-14T15:00:00Z"))) {
            Members.Member m = Members.member("m-dst").recoveringSince(LocalDate.parse("2026-03-01"));
            m.publish(d);
            d.clockTo(Instant.parse("2026-03-15T12:59:59Z"));
            assertThat(milestones(d.intents())).isEmpty();
            d.clockTo(Instant.parse("2026-03-15T13:00:00Z")); // 09:00 EDT
            assertThat(milestones(d.intents())).containsExactly("days-14");
        }
    }

    @Test
    void milestoneIsCongratulatedOnceAcrossReprocessing() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m =
                    Members.member("m-once").recoveringSince(LocalDate.parse("2026-02-22")); // day 7 is 03-01
            m.publish(d);
            d.advance(Duration.ofSeconds(1));
            assertThat(milestones(d.intents()))
                    .as("today's milestone, its time already passed")
                    .containsExactly("days-7");

            // The same snapshot again, a new revision with the same dates, and the clock moving on.
            var same = m.profile();
            d.profiles.pipeInput(m.id, same, d.now());
            d.profiles.pipeInput(m.id, same, d.now());
            m.checkInAt(LocalTime.of(7, 30)).publish(d);
            d.advance(Duration.ofDays(1));
            assertThat(milestones(d.intents())).isEmpty();
        }
    }

    @Test
    void changedRecoveryDateNeverRepeatsAMilestone() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m =
                    Members.member("m-changed").recoveringSince(LocalDate.parse("2026-01-30")); // day 30 is 03-01
            m.publish(d);
            d.advance(Duration.ofSeconds(1));
            assertThat(milestones(d.intents())).containsExactly("days-30");

            // A new start after a hard week: counted from the new date, with no day already celebrated repeated.
            d.advance(Duration.ofDays(3));
            m.recoveringSince(LocalDate.parse("2026-03-04")).publish(d);
            List<OutreachRequest> seen = new ArrayList<>();
            for (int day = 0; day < 95; day++) {
                d.advance(Duration.ofDays(1));
                seen.addAll(only(d.intents(), OutreachKind.MILESTONE));
            }
            assertThat(seen)
                    .extracting(i -> i.data().get("milestone"))
                    .containsExactly("days-1", "days-7", "days-14", "days-60", "days-90");
            assertThat(seen).allSatisfy(i -> assertThat(i.data()).containsOnlyKeys("milestone"));
            assertThat(seen).extracting(OutreachRequest::notificationId).doesNotHaveDuplicates();
        }
    }

    @Test
    void anEarlierRecoveryDateDoesNotSendPassedMilestonesLate() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-earlier").recoveringSince(LocalDate.parse("2026-02-25"));
            m.publish(d);
            // Corrected: recovery really began 100 days before today. Days 1 to 90 are past: nothing is sent for them.
            m.recoveringSince(LocalDate.parse("2026-03-01").minusDays(100)).publish(d);
            d.advance(Duration.ofDays(70));
            assertThat(milestones(d.intents())).isEmpty();
            d.advance(Duration.ofDays(11));
            assertThat(milestones(d.intents())).containsExactly("days-180");
        }
    }

    @Test
    void milestonesTurnedOffAreNotSent() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-off")
                    .recoveringSince(LocalDate.parse("2026-03-01"))
                    .milestones(false);
            m.publish(d);
            d.advance(Duration.ofDays(20));
            assertThat(milestones(d.intents())).isEmpty();
        }
    }

    @Test
    void aMemberWhoChoseNotToCountDaysGetsNoDayMilestoneButStillTheirStreak() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-not-counting")
                    .recoveringSince(LocalDate.parse("2026-02-22")) // day 7 is today, 03-01
                    .tracksRecoveryDate(false);
            m.publish(d);
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                m.answerOne(d, AnswerStatus.OK, 1);
                d.advance(Duration.ofHours(12));
                seen.addAll(milestones(d.intents()));
            }
            d.clockTo(Instant.parse("2026-03-20T15:00:00Z")); // past days 7 and 14 (03-08)
            seen.addAll(milestones(d.intents()));
            assertThat(seen).as("the streak only").containsExactly("streak-7");
            assertThat(EscalationTopologyTest.count(d.driver.getKeyValueStore(Milestones.SCHEDULE)))
                    .as("no day milestone waits in the index")
                    .isZero();

            // Counting again: the next day milestone comes; the days that passed meanwhile are not sent late.
            m.tracksRecoveryDate(true).publish(d);
            d.clockTo(Instant.parse("2026-03-24T15:00:00Z")); // day 30 is 03-24, at 09:00 EDT (13:00Z)
            assertThat(milestones(d.intents())).containsExactly("days-30");
        }
    }

    @Test
    void pausedMemberGetsNoMilestone() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-paused-ms")
                    .recoveringSince(LocalDate.parse("2026-03-01"))
                    .status(MemberStatus.PAUSED);
            m.publish(d);
            d.advance(Duration.ofDays(3));
            assertThat(milestones(d.intents())).isEmpty();
        }
    }

    @Test
    void sevenAnsweredCheckInsInARowAreCongratulatedOnce() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (DecisionDriver d = DecisionDriver.at(stateDir, START, Map.of(), new MicrometerDecisionMetrics(registry))) {
            Members.Member m = Members.member("m-streak"); // no recovery date: only streaks
            m.publish(d);
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                m.answerOne(d, AnswerStatus.OK, 1);
                d.advance(Duration.ofHours(12));
            }
            m.missOne(d); // the run ends at six
            for (int i = 0; i < 8; i++) {
                d.advance(Duration.ofHours(12));
                m.answerOne(d, AnswerStatus.OK, 1);
                seen.addAll(milestones(d.intents()));
            }
            // A second run of seven is not congratulated again.
            m.missOne(d);
            for (int i = 0; i < 7; i++) {
                d.advance(Duration.ofHours(12));
                m.answerOne(d, AnswerStatus.OK, 1);
                seen.addAll(milestones(d.intents()));
            }
            assertThat(seen).containsExactly("streak-7");
            assertThat(registry.get("outreach.milestones")
                            .tag("kind", "streak")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
        }
    }

    @Test
    void eachMemberHasAtMostOneEntryInTheDueIndex() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            for (int i = 0; i < 5; i++) {
                Members.Member m = Members.member("m-index-" + i)
                        .recoveringSince(LocalDate.parse("2026-02-20"))
                        .zone(ZoneId.of(i % 2 == 0 ? "Europe/Berlin" : "America/Los_Angeles"));
                m.publish(d);
                m.recoveringSince(LocalDate.parse("2026-02-21")).publish(d);
            }
            assertThat(EscalationTopologyTest.count(d.driver.getKeyValueStore(Milestones.SCHEDULE)))
                    .isEqualTo(5);
            d.advance(Duration.ofDays(40));
            assertThat(EscalationTopologyTest.count(d.driver.getKeyValueStore(Milestones.SCHEDULE)))
                    .isEqualTo(5);
        }
    }
}
