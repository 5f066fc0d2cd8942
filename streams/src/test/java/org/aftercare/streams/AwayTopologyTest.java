package org.aftercare.streams;

import static org.aftercare.streams.Members.confirmed;
import static org.aftercare.streams.Members.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.checkin.CheckInCompleted;
import org.aftercare.events.checkin.CheckInDue;
import org.aftercare.events.checkin.CheckInMissed;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.streams.metrics.MicrometerDecisionMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A planned absence ("away until", member-local, inclusive): no late reminder, nothing counted
 * missed, no escalation or flag for silence, prompts paused unless the member keeps them; crisis
 * support, overdose safety and escalations for risky answers unchanged; it ends by itself. The
 * member lives in New York and is away until March 9 (the clock starts March 8, 09:00 there).
 */
class AwayTopologyTest {

    private static final Instant START = Instant.parse("2026-03-08T13:00:00Z");
    private static final LocalDate MARCH_9 = LocalDate.parse("2026-03-09");
    private static final ConsentScope MISSED = ConsentScope.MISSED_CHECK_INS;
    private static final ConsentScope HELP = ConsentScope.HELP_REQUESTED;

    @TempDir
    Path stateDir;

    private DecisionDriver driver() {
        return DecisionDriver.at(stateDir, START);
    }

    private static List<OutreachKind> kinds(List<OutreachRequest> intents) {
        return intents.stream().map(OutreachRequest::kind).toList();
    }

    @Test
    void awayMemberIsNotCountedMissed() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (DecisionDriver d = DecisionDriver.at(stateDir, START, Map.of(), new MicrometerDecisionMetrics(registry))) {
            Members.Member m = Members.member("m-away").away(MARCH_9, true).contacts(confirmed("c-1", MISSED));
            m.publish(d);
            m.missOne(d);
            d.advance(Duration.ofHours(1));
            m.missOne(d);
            d.advance(Duration.ofHours(6));

            assertThat(kinds(d.intents()))
                    .as("prompts kept; no reminder, no missed intent, no escalation")
                    .containsExactly(OutreachKind.CHECK_IN_PROMPT, OutreachKind.CHECK_IN_PROMPT);
            assertThat(d.statuses()).as("nothing counted").isEmpty();
            assertThat(registry.get("outreach.checkins.excused").counter().count())
                    .isEqualTo(2.0);
        }
    }

    @Test
    void awayMemberWhoPausedPromptsIsNotPrompted() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-away-paused").away(MARCH_9, false);
            m.publish(d);
            m.missOne(d);

            assertThat(d.intents()).isEmpty();
            assertThat(d.statuses()).isEmpty();
        }
    }

    @Test
    void theAbsenceEndsByItselfWhenItsLastDayHasPassed() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, Instant.parse("2026-03-10T03:00:00Z"))) {
            Members.Member m = Members.member("m-back").away(MARCH_9, false).contacts(confirmed("c-1", MISSED));
            m.publish(d);
            m.missOne(d); // due 23:00 on March 9 in New York: still away
            assertThat(d.intents()).isEmpty();

            d.clockTo(Instant.parse("2026-03-10T13:00:00Z")); // March 10: back
            m.missOne(d);
            d.advance(Duration.ofHours(1));
            m.missOne(d);
            assertThat(kinds(d.intents()))
                    .containsSubsequence(
                            OutreachKind.CHECK_IN_PROMPT,
                            OutreachKind.LATE_REMINDER,
                            OutreachKind.MISSED_CHECK_IN,
                            OutreachKind.CHECK_IN_PROMPT,
                            OutreachKind.LATE_REMINDER,
                            OutreachKind.MISSED_CHECK_IN,
                            OutreachKind.ESCALATION_ALERT);
            assertThat(d.statuses())
                    .filteredOn(CheckInMissed.class::isInstance)
                    .extracting(s -> ((CheckInMissed) s).consecutiveMisses())
                    .containsExactly(1, 2);
        }
    }

    @Test
    void anAbsenceSetAfterThePromptStillExcusesTheCheckIn() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-away-later");
            m.publish(d);
            CheckInDue due = m.dueNow(d);
            m.away(MARCH_9, true).publish(d);
            d.clockTo(due.respondBy().plusSeconds(1));

            assertThat(kinds(d.intents())).containsExactly(OutreachKind.CHECK_IN_PROMPT);
            assertThat(d.statuses()).isEmpty();
        }
    }

    @Test
    void awayMemberWhoAnswersCompletesTheCheckIn() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-away-answers").away(MARCH_9, true);
            m.publish(d);
            CheckInDue due = m.dueNow(d);
            d.clockTo(due.respondBy().plusSeconds(1));
            m.answer(d, due, AnswerStatus.OK, 2);

            assertThat(d.statuses()).singleElement().isInstanceOf(CheckInCompleted.class);
        }
    }

    @Test
    void awayMemberWhoNeedsHelpGetsCrisisSupportAndAnEscalationAsEver() {
        try (DecisionDriver d = driver()) {
            Members.Member m =
                    Members.member("m-away-help").away(MARCH_9, false).contacts(confirmed("c-1", HELP));
            m.publish(d);
            m.askForHelp(d, "req-1");

            assertThat(kinds(d.intents())).contains(OutreachKind.CRISIS_SUPPORT, OutreachKind.ESCALATION_ALERT);
        }
    }

    @Test
    void awayMemberWhoReportsUseGetsOverdoseSafetyAsEver() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-away-used").away(MARCH_9, true);
            m.publish(d);
            m.answerOne(d, AnswerStatus.USED, null);

            assertThat(only(d.intents(), OutreachKind.OVERDOSE_SAFETY)).hasSize(1);
        }
    }

    @Test
    void aMissBeforeTheAbsenceAndOneWhileAwayDoNotEscalate() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-miss-then-away").contacts(confirmed("c-1", MISSED));
            m.publish(d);
            m.missOne(d);
            m.away(MARCH_9, true).publish(d);
            d.advance(Duration.ofHours(1));
            m.missOne(d);

            assertThat(only(d.intents(), OutreachKind.ESCALATION_ALERT)).isEmpty();
        }
    }
}
