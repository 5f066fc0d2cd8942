package org.aftercare.streams;

import static org.aftercare.streams.Members.only;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.checkin.CheckInAnswered;
import org.aftercare.events.checkin.CheckInDue;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.streams.checkin.CheckInLifecycle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Risky answers through the production topology: "need help now", "used", and a high craving twice
 * in a row, each answered with a message to the member that carries codes only (the notifier adds
 * the crisis lines and the member's own coping plan from the profile).
 */
class RiskyAnswersTopologyTest {

    private static final Instant START = Instant.parse("2026-03-08T13:00:00Z");

    @TempDir
    Path stateDir;

    @Test
    void needHelpSendsCrisisSupportToTheMemberAtOnce() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-help");
            m.publish(d);
            CheckInDue due = m.answerOne(d, AnswerStatus.NEED_HELP, 10);

            assertThat(only(d.intents(), OutreachKind.CRISIS_SUPPORT))
                    .singleElement()
                    .satisfies(crisis -> {
                        assertThat(crisis.recipient()).isEqualTo(Recipient.MEMBER);
                        assertThat(crisis.urgency()).isEqualTo(Urgency.URGENT);
                        assertThat(crisis.checkInId()).isEqualTo(due.checkInId());
                        assertThat(crisis.occurredAt()).isEqualTo(d.now());
                        assertThat(crisis.data()).containsExactlyEntriesOf(Map.of("reason", "help-requested"));
                        assertThat(crisis.notificationId())
                                .isEqualTo(CheckInLifecycle.notificationId(
                                        m.id, OutreachKind.CRISIS_SUPPORT, due.checkInId()));
                    });
        }
    }

    @Test
    void needHelpIsEscalatedToOnCallWhenNoContactMayBeTold() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-help-alone");
            m.publish(d);
            m.answerOne(d, AnswerStatus.NEED_HELP, null);

            assertThat(only(d.intents(), OutreachKind.ESCALATION_ALERT))
                    .singleElement()
                    .satisfies(a -> assertThat(a.recipient()).isEqualTo(Recipient.ON_CALL));
        }
    }

    @Test
    void needHelpForACheckInNoLongerTrackedStillGetsCrisisSupport() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-help-purged");
            m.publish(d);
            CheckInAnswered answer = CheckInAnswered.of(
                    m.id, "ci-long-gone", "prompt", AnswerStatus.NEED_HELP, null, null, null, d.now());
            d.responses.pipeInput(m.id, answer, d.now());

            assertThat(d.intents())
                    .extracting(OutreachRequest::kind)
                    .containsExactly(
                            OutreachKind.CRISIS_SUPPORT, OutreachKind.ESCALATION_ALERT, OutreachKind.STAFF_FLAG);
        }
    }

    @Test
    void usedSendsOverdoseSafetyToTheMember() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-used");
            m.publish(d);
            CheckInDue due = m.answerOne(d, AnswerStatus.USED, 7);

            assertThat(only(d.intents(), OutreachKind.OVERDOSE_SAFETY))
                    .singleElement()
                    .satisfies(safety -> {
                        assertThat(safety.recipient()).isEqualTo(Recipient.MEMBER);
                        assertThat(safety.urgency()).isEqualTo(Urgency.URGENT);
                        assertThat(safety.checkInId()).isEqualTo(due.checkInId());
                        assertThat(safety.data()).containsExactlyEntriesOf(Map.of("reason", "use-reported"));
                    });
        }
    }

    @Test
    void highCravingTwiceInARowSendsEncouragementWithTheCopingPlan() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-craving");
            m.publish(d);
            m.answerOne(d, AnswerStatus.STRUGGLING, 8);
            assertThat(only(d.intents(), OutreachKind.ENCOURAGEMENT))
                    .as("one high craving is not yet a pattern")
                    .isEmpty();

            d.advance(Duration.ofHours(8));
            CheckInDue second = m.answerOne(d, AnswerStatus.OK, 9);
            assertThat(only(d.intents(), OutreachKind.ENCOURAGEMENT))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.recipient()).isEqualTo(Recipient.MEMBER);
                        assertThat(e.urgency()).isEqualTo(Urgency.ROUTINE);
                        assertThat(e.checkInId()).isEqualTo(second.checkInId());
                        assertThat(e.data()).containsExactlyEntriesOf(Map.of("reason", "high-craving"));
                    });
        }
    }

    @Test
    void aLowerCravingInBetweenEndsTheRun() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-craving-broken");
            m.publish(d);
            for (Integer craving : new Integer[] {9, 3, 8, null, 10}) {
                m.answerOne(d, AnswerStatus.STRUGGLING, craving);
                d.advance(Duration.ofHours(8));
            }
            assertThat(only(d.intents(), OutreachKind.ENCOURAGEMENT)).isEmpty();
        }
    }

    @Test
    void anOkAnswerGetsNoExtraMessage() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-fine");
            m.publish(d);
            m.answerOne(d, AnswerStatus.OK, 1);
            List<OutreachRequest> out = d.intents();
            assertThat(out).extracting(OutreachRequest::kind).containsExactly(OutreachKind.CHECK_IN_PROMPT);
        }
    }

    @Test
    void noAnswerContentReachesAnIntent() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m =
                    Members.member("m-private").contacts(Members.confirmed("c-1", ConsentScope.HELP_REQUESTED));
            m.publish(d);
            m.answerOne(d, AnswerStatus.NEED_HELP, 9);
            d.advance(Duration.ofHours(8));
            m.answerOne(d, AnswerStatus.STRUGGLING, 9);

            assertThat(d.intents())
                    .isNotEmpty()
                    .allSatisfy(i -> assertThat(i.data().values())
                            .noneMatch(v -> v.contains("private words"))
                            .noneMatch(v -> v.equals("9")));
        }
    }
}
