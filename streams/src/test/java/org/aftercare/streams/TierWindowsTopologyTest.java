package org.aftercare.streams;

import static org.aftercare.streams.Members.only;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.checkin.CheckInDue;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.profile.ExitKind;
import org.aftercare.streams.metrics.DecisionMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grace and respond-by follow the member's risk tier on the due date: very high 1 h / 3 h, high
 * 1 h / 4 h, standard 2 h / 6 h, never later than the scheduler announced (only an upper bound,
 * the plan's next due time: 12 h here). Members live in New York; March 1 is day 0 of their window.
 */
class TierWindowsTopologyTest {

    private static final Instant START = Instant.parse("2026-03-08T13:00:00Z");
    private static final LocalDate MARCH_1 = LocalDate.parse("2026-03-01");
    private static final Duration ANNOUNCED = Duration.ofHours(12);

    @TempDir
    Path stateDir;

    /** A check-in due now whose respondBy the scheduler announces as the next due time. */
    private static CheckInDue dueNow(DecisionDriver d, Members.Member m) {
        CheckInDue due = CheckInDue.of(m.id, d.now(), d.now().plus(ANNOUNCED), d.now(), false);
        d.dues.pipeInput(m.id, due, d.now());
        return due;
    }

    private static String respondByOfPrompt(List<OutreachRequest> intents) {
        return only(intents, OutreachKind.CHECK_IN_PROMPT).getFirst().data().get("respondBy");
    }

    /** The kinds of intent at each checkpoint after dueAt. */
    private static void assertTimeline(DecisionDriver d, CheckInDue due, Duration grace, Duration window) {
        d.clockTo(due.dueAt().plus(grace).minusSeconds(1));
        assertThat(d.intents()).as("before the grace").isEmpty();
        d.clockTo(due.dueAt().plus(grace).plusSeconds(1));
        assertThat(d.intents()).extracting(OutreachRequest::kind).containsExactly(OutreachKind.LATE_REMINDER);
        d.clockTo(due.dueAt().plus(window).minusSeconds(1));
        assertThat(d.intents()).as("before respondBy").isEmpty();
        d.clockTo(due.dueAt().plus(window).plusSeconds(1));
        // Only the member's intents: a miss in the very-high tier also flags the care team (StaffFlagsTopologyTest).
        assertThat(d.intents())
                .filteredOn(i -> i.recipient().equals(Recipient.MEMBER))
                .extracting(OutreachRequest::kind)
                .containsExactly(OutreachKind.MISSED_CHECK_IN);
    }

    @Test
    void aVeryHighTierCheckInIsMissedAfterThreeHours() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-very-high").exitEvent(ExitKind.COMPLETED_DETOX, MARCH_1);
            m.publish(d);
            CheckInDue due = dueNow(d, m);

            assertThat(respondByOfPrompt(d.intents()))
                    .isEqualTo(START.plus(Duration.ofHours(3)).toString());
            assertTimeline(d, due, Duration.ofHours(1), Duration.ofHours(3));
        }
    }

    @Test
    void aHighTierCheckInIsMissedAfterFourHours() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-high").treatmentEnded(LocalDate.parse("2026-02-20")); // day 16
            m.publish(d);
            CheckInDue due = dueNow(d, m);

            assertThat(respondByOfPrompt(d.intents()))
                    .isEqualTo(START.plus(Duration.ofHours(4)).toString());
            assertTimeline(d, due, Duration.ofHours(1), Duration.ofHours(4));
        }
    }

    @Test
    void aStandardTierCheckInIsMissedAfterSixHoursWhateverLaterTheSchedulerAnnounced() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-standard"); // discharged 2025-01-01
            m.publish(d);
            CheckInDue due = dueNow(d, m);

            assertThat(respondByOfPrompt(d.intents()))
                    .isEqualTo(START.plus(Duration.ofHours(6)).toString());
            assertTimeline(d, due, Duration.ofHours(2), Duration.ofHours(6));
        }
    }

    @Test
    void theTierOfTheMembersDueDateDecides() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, Instant.parse("2026-03-16T03:30:00Z"))) {
            Members.Member m = Members.member("m-day-14-15").exitEvent(ExitKind.DISCHARGE, MARCH_1);
            m.publish(d);
            dueNow(d, m); // 23:30 on March 15 in New York: day 14, very high
            assertThat(respondByOfPrompt(d.intents())).isEqualTo("2026-03-16T06:30:00Z");

            d.clockTo(Instant.parse("2026-03-16T13:00:00Z")); // March 16: day 15, high
            d.intents();
            dueNow(d, m);
            assertThat(respondByOfPrompt(d.intents())).isEqualTo("2026-03-16T17:00:00Z");
        }
    }

    @Test
    void aUseAfterFourteenCleanDaysShortensTheNextCheckIn() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-relapse").recoveringSince(LocalDate.parse("2026-02-22"));
            m.publish(d);
            m.answerOne(d, AnswerStatus.USED, null);
            d.advance(Duration.ofHours(8));
            d.intents();

            dueNow(d, m);
            assertThat(respondByOfPrompt(d.intents()))
                    .isEqualTo(d.now().plus(Duration.ofHours(3)).toString());
        }
    }

    @Test
    void veryHighWindowsAreConfigurable() {
        Map<String, String> env =
                Map.of(DecisionConfig.GRACE_VERY_HIGH, "30m", DecisionConfig.RESPOND_WINDOW_VERY_HIGH, "2h");
        try (DecisionDriver d = DecisionDriver.at(stateDir, START, env, DecisionMetrics.NONE)) {
            Members.Member m = Members.member("m-configured").exitEvent(ExitKind.COMPLETED_DETOX, MARCH_1);
            m.publish(d);
            CheckInDue due = dueNow(d, m);
            d.intents();
            assertTimeline(d, due, Duration.ofMinutes(30), Duration.ofHours(2));
        }
    }
}
