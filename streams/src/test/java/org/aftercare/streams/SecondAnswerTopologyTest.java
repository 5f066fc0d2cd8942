package org.aftercare.streams;

import static org.aftercare.streams.Members.PROMPT_LINK;
import static org.aftercare.streams.Members.REMINDER_LINK;
import static org.aftercare.streams.Members.confirmed;
import static org.aftercare.streams.Members.only;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.aftercare.events.Ids;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.checkin.CheckInAnswered;
import org.aftercare.events.checkin.CheckInCompleted;
import org.aftercare.events.checkin.CheckInDue;
import org.aftercare.events.flag.FlagReason;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.events.risk.RiskCause;
import org.aftercare.events.risk.RiskTier;
import org.aftercare.streams.answers.AnswerHistory;
import org.aftercare.streams.answers.RiskyAnswers;
import org.aftercare.streams.checkin.CheckInStores;
import org.aftercare.streams.checkin.TrackedCheckIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second answer to one check-in, through another link (the prompt's and the late reminder's):
 * "need help now" and "used" are acted on whatever state the check-in is in, the more severe answer
 * wins, and an answer no more severe than the first changes nothing. Issue 9, defect 1.
 */
class SecondAnswerTopologyTest {

    private static final Instant START = Instant.parse("2026-03-08T13:00:00Z");
    private static final ConsentScope HELP = ConsentScope.HELP_REQUESTED;
    private static final ConsentScope USE = ConsentScope.USE_REPORTED;

    @TempDir
    Path stateDir;

    private static Members.Member memberWithContact(String id) {
        return Members.member(id).recoveringSince(LocalDate.parse("2026-01-01")).contacts(confirmed("c-1", HELP, USE));
    }

    @Test
    void needHelpThroughTheReminderAfterOkThroughThePromptIsActedOn() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = memberWithContact("m-ok-then-help");
            m.publish(d);
            CheckInDue due = m.answerOne(d, AnswerStatus.OK, 2);
            assertThat(d.statuses()).singleElement().isInstanceOf(CheckInCompleted.class);
            d.intents();

            d.advance(Duration.ofMinutes(30));
            m.answer(d, due, REMINDER_LINK, AnswerStatus.NEED_HELP, 9);

            List<OutreachRequest> out = d.intents();
            assertThat(out)
                    .extracting(OutreachRequest::kind)
                    .containsExactly(
                            OutreachKind.CRISIS_SUPPORT, OutreachKind.ESCALATION_ALERT, OutreachKind.STAFF_FLAG);
            assertThat(out.getFirst()).satisfies(crisis -> {
                assertThat(crisis.recipient()).isEqualTo(Recipient.MEMBER);
                assertThat(crisis.urgency()).isEqualTo(Urgency.URGENT);
                assertThat(crisis.checkInId()).isEqualTo(due.checkInId());
                assertThat(crisis.data()).containsExactlyEntriesOf(Map.of("reason", "help-requested"));
                assertThat(crisis.notificationId())
                        .isEqualTo(Ids.notificationId(m.id, "crisis-support", due.checkInId(), "member"));
            });
            assertThat(out.get(1)).satisfies(alert -> {
                assertThat(alert.recipient()).isEqualTo(Recipient.contact("c-1"));
                assertThat(alert.data()).containsEntry("reason", "help-requested");
                assertThat(alert.escalationId()).isEqualTo(Ids.escalationId(m.id, "need-help:" + due.checkInId()));
            });
            assertThat(d.statuses()).as("completed once, by the first answer").isEmpty();
        }
    }

    @Test
    void usedThroughTheReminderAfterStrugglingGetsOverdoseSafetyAndEscalatesAfterACleanStretch() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = memberWithContact("m-struggling-then-used");
            m.publish(d);
            CheckInDue due = m.answerOne(d, AnswerStatus.STRUGGLING, 5);
            d.intents();

            m.answer(d, due, REMINDER_LINK, AnswerStatus.USED, 8);

            assertThat(d.intents())
                    .satisfiesExactly(
                            safety -> {
                                assertThat(safety.kind()).isEqualTo(OutreachKind.OVERDOSE_SAFETY);
                                assertThat(safety.recipient()).isEqualTo(Recipient.MEMBER);
                                assertThat(safety.data()).containsExactlyEntriesOf(Map.of("reason", "use-reported"));
                            },
                            alert -> {
                                assertThat(alert.kind()).isEqualTo(OutreachKind.ESCALATION_ALERT);
                                assertThat(alert.data()).containsEntry("reason", "use-reported");
                            },
                            // No care team: the program's on-call address hears of the use (a high staff flag).
                            staff -> {
                                assertThat(staff.kind()).isEqualTo(OutreachKind.STAFF_FLAG);
                                assertThat(staff.recipient()).isEqualTo(Recipient.ON_CALL);
                            });
        }
    }

    @Test
    void needHelpAfterUsedOnTheSameCheckInIsActedOnWithIdsOfItsOwn() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = memberWithContact("m-used-then-help");
            m.publish(d);
            CheckInDue due = m.answerOne(d, AnswerStatus.USED, 8);
            List<OutreachRequest> first =
                    only(d.intents(), OutreachKind.OVERDOSE_SAFETY, OutreachKind.ESCALATION_ALERT);
            assertThat(first).hasSize(2);

            m.answer(d, due, REMINDER_LINK, AnswerStatus.NEED_HELP, 9);
            List<OutreachRequest> second = d.intents();

            // The use after a clean stretch already raised a critical flag: "need help" updates it, alerting nobody
            // again.
            assertThat(second)
                    .extracting(OutreachRequest::kind)
                    .containsExactly(OutreachKind.CRISIS_SUPPORT, OutreachKind.ESCALATION_ALERT);
            assertThat(second.get(1).data()).containsEntry("reason", "help-requested");
            assertThat(second.get(1).escalationId()).isNotEqualTo(first.get(1).escalationId());
            assertThat(List.of(first, second))
                    .flatExtracting(
                            l -> l.stream().map(OutreachRequest::notificationId).toList())
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void usedAfterNeedHelpOnTheSameCheckInIsActedOnAsAUseWithoutCompletingAgain() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = memberWithContact("m-help-then-used");
            m.publish(d);
            d.risks();
            CheckInDue due = m.answerOne(d, AnswerStatus.NEED_HELP, 9);
            d.intents();
            d.statuses();
            d.flags();

            m.answer(d, due, REMINDER_LINK, AnswerStatus.USED, 9);

            List<OutreachRequest> out = d.intents();
            assertThat(only(out, OutreachKind.OVERDOSE_SAFETY)).singleElement().satisfies(safety -> {
                assertThat(safety.recipient()).isEqualTo(Recipient.MEMBER);
                assertThat(safety.urgency()).isEqualTo(Urgency.URGENT);
                assertThat(safety.data()).containsExactlyEntriesOf(Map.of("reason", "use-reported"));
                assertThat(safety.notificationId())
                        .isEqualTo(Ids.notificationId(m.id, "overdose-safety", due.checkInId(), "member"));
            });
            // The use signal joins the help escalation already open (as a use on any check-in would); the critical
            // flag grows without rising, so no one is alerted again.
            assertThat(out).extracting(OutreachRequest::kind).containsExactly(OutreachKind.OVERDOSE_SAFETY);
            assertThat(d.risks())
                    .as("a use after abstinence opens a very-high window")
                    .singleElement()
                    .satisfies(r -> {
                        assertThat(r.tier()).isEqualTo(RiskTier.VERY_HIGH);
                        assertThat(r.cause()).isEqualTo(RiskCause.USE_AFTER_ABSTINENCE);
                    });
            assertThat(d.flags()).last().satisfies(f -> {
                assertThat(f.reasons()).contains(FlagReason.NEED_HELP, FlagReason.USE_IN_ELEVATED_TIER);
                assertThat(f.categories()).contains("need-help", "used");
            });
            assertThat(d.statuses()).as("completed once, by the first answer").isEmpty();
            AnswerHistory history = d.driver
                    .<String, AnswerHistory>getKeyValueStore(RiskyAnswers.HISTORY)
                    .get(m.id);
            assertThat(history.answeredStreak()).isEqualTo(1);

            m.answer(d, due, "link-third", AnswerStatus.USED, 9);
            assertThat(d.intents()).as("a repeated use changes nothing").isEmpty();
            assertThat(d.risks()).isEmpty();
            assertThat(d.flags()).isEmpty();
        }
    }

    @Test
    void okAfterNeedHelpOnTheSameCheckInLeavesTheEscalationRunning() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m =
                    Members.member("m-help-then-ok").contacts(confirmed("c-1", HELP), confirmed("c-2", HELP));
            m.publish(d);
            CheckInDue due = m.answerOne(d, AnswerStatus.NEED_HELP, 9);
            assertThat(only(d.intents(), OutreachKind.ESCALATION_ALERT)).hasSize(2); // every contact at once

            d.advance(Duration.ofMinutes(10));
            m.answer(d, due, REMINDER_LINK, AnswerStatus.OK, 1);
            assertThat(d.intents()).as("no all-clear, nothing else").isEmpty();

            d.advance(Duration.ofHours(2));
            assertThat(only(d.intents(), OutreachKind.ESCALATION_ALERT))
                    .as("the next step alerts every contact again")
                    .extracting(alert ->
                            alert.recipient().key() + "@" + alert.data().get("loop"))
                    .containsExactly("contact:c-1@2", "contact:c-2@2");
        }
    }

    @Test
    void aSecondAnswerNoMoreSevereThanTheFirstChangesNothing() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = memberWithContact("m-struggling-twice");
            m.publish(d);
            CheckInDue due = m.answerOne(d, AnswerStatus.STRUGGLING, 9);
            d.intents();
            d.statuses();

            m.answer(d, due, REMINDER_LINK, AnswerStatus.STRUGGLING, 9);
            m.answer(d, due, "link-third", AnswerStatus.OK, 1);

            assertThat(d.intents()).isEmpty();
            assertThat(d.statuses()).isEmpty();
        }
    }

    @Test
    void aMoreSevereSecondAnswerNeitherCompletesAgainNorExtendsTheAnsweredStreak() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = memberWithContact("m-streak");
            m.publish(d);
            CheckInDue due = m.answerOne(d, AnswerStatus.OK, 1);
            m.answer(d, due, REMINDER_LINK, AnswerStatus.NEED_HELP, 9);

            assertThat(d.statuses()).singleElement().isInstanceOf(CheckInCompleted.class);
            AnswerHistory history = d.driver
                    .<String, AnswerHistory>getKeyValueStore(RiskyAnswers.HISTORY)
                    .get(m.id);
            assertThat(history.answeredStreak()).isEqualTo(1);
            TrackedCheckIn tracked = d.driver
                    .<String, TrackedCheckIn>getKeyValueStore(CheckInStores.CHECK_INS)
                    .get(CheckInStores.checkInKey(m.id, due.checkInId()));
            assertThat(tracked.phase()).isEqualTo(TrackedCheckIn.Phase.COMPLETED);
            assertThat(tracked.answered())
                    .as("the most severe answer is remembered")
                    .isEqualTo(AnswerStatus.NEED_HELP);
        }
    }

    @Test
    void needHelpIsActedOnForAMissedCheckIn() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = memberWithContact("m-missed-help");
            m.publish(d);
            CheckInDue due = m.missOne(d);
            d.intents();

            m.answer(d, due, REMINDER_LINK, AnswerStatus.NEED_HELP, null);

            assertThat(d.intents())
                    .extracting(OutreachRequest::kind)
                    .containsExactly(
                            OutreachKind.CRISIS_SUPPORT, OutreachKind.ESCALATION_ALERT, OutreachKind.STAFF_FLAG);
        }
    }

    @Test
    void needHelpIsActedOnForACheckInCancelledByAPause() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = memberWithContact("m-cancelled-help");
            m.publish(d);
            CheckInDue due = m.dueNow(d);
            m.status(MemberStatus.PAUSED).publish(d);
            d.intents();

            d.advance(Duration.ofMinutes(5));
            m.answer(d, due, PROMPT_LINK, AnswerStatus.NEED_HELP, null);

            assertThat(d.intents())
                    .extracting(OutreachRequest::kind)
                    .containsExactly(
                            OutreachKind.CRISIS_SUPPORT, OutreachKind.ESCALATION_ALERT, OutreachKind.STAFF_FLAG);
        }
    }

    @Test
    void okThroughAnotherLinkOfAPurgedCheckInDoesNotResolveTheHelpItsFirstAnswerAskedFor() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-purged-twice").contacts(confirmed("c-1", HELP));
            m.publish(d);
            d.responses.pipeInput(
                    m.id,
                    CheckInAnswered.of(
                            m.id, "ci-long-gone", PROMPT_LINK, AnswerStatus.NEED_HELP, null, null, null, d.now()),
                    d.now());
            d.responses.pipeInput(
                    m.id,
                    CheckInAnswered.of(
                            m.id, "ci-long-gone", REMINDER_LINK, AnswerStatus.NEED_HELP, null, null, null, d.now()),
                    d.now());
            List<OutreachRequest> out = d.intents();
            assertThat(only(out, OutreachKind.CRISIS_SUPPORT))
                    .extracting(OutreachRequest::notificationId)
                    .as("one crisis message: the notifier sends one intent id once")
                    .containsOnly(Ids.notificationId(m.id, "crisis-support", "ci-long-gone", "member"));
            assertThat(only(out, OutreachKind.ESCALATION_ALERT))
                    .as("one escalation")
                    .hasSize(1);

            d.responses.pipeInput(
                    m.id,
                    CheckInAnswered.of(m.id, "ci-long-gone", "link-third", AnswerStatus.OK, null, null, null, d.now()),
                    d.now());

            assertThat(only(d.intents(), OutreachKind.ALL_CLEAR)).isEmpty();
        }
    }

    @Test
    void aCheckInCompletedBeforeAnswersWereRememberedActsOnNeedHelpButNotOnOk() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = memberWithContact("m-old-entry");
            m.publish(d);
            CheckInDue due = m.answerOne(d, AnswerStatus.OK, 1);
            d.intents();
            d.statuses();
            // As a changelog entry written before the answered status was kept restores it.
            d.driver
                    .<String, TrackedCheckIn>getKeyValueStore(CheckInStores.CHECK_INS)
                    .put(
                            CheckInStores.checkInKey(m.id, due.checkInId()),
                            new TrackedCheckIn(
                                    m.id,
                                    due.checkInId(),
                                    due.dueAt(),
                                    due.respondBy(),
                                    null,
                                    TrackedCheckIn.Phase.COMPLETED,
                                    null));

            m.answer(d, due, REMINDER_LINK, AnswerStatus.OK, 1);
            assertThat(d.intents()).isEmpty();
            m.answer(d, due, "link-third", AnswerStatus.NEED_HELP, 1);
            assertThat(d.intents())
                    .extracting(OutreachRequest::kind)
                    .containsExactly(
                            OutreachKind.CRISIS_SUPPORT, OutreachKind.ESCALATION_ALERT, OutreachKind.STAFF_FLAG);
            assertThat(d.statuses()).isEmpty();
        }
    }
}
