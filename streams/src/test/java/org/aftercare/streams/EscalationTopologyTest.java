package org.aftercare.streams;

import static org.aftercare.streams.Members.confirmed;
import static org.aftercare.streams.Members.contact;
import static org.aftercare.streams.Members.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.checkin.CheckInDue;
import org.aftercare.events.contact.ContactUnsubscribed;
import org.aftercare.events.contact.EscalationAcknowledged;
import org.aftercare.events.contact.ReachReported;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.ContactState;
import org.aftercare.streams.escalation.EscalationChains;
import org.aftercare.streams.escalation.EscalationReason;
import org.aftercare.streams.escalation.EscalationStores;
import org.aftercare.streams.metrics.DecisionMetrics;
import org.aftercare.streams.metrics.MicrometerDecisionMetrics;
import org.apache.kafka.streams.state.KeyValueStore;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Escalation chains through the production topology: what opens one, who is alerted in which
 * order, what stops it, and the cooldown. Defaults: 2 consecutive misses, 2 h per step, 3 loops,
 * 24 h cooldown, 14 clean days before a reported use escalates. The wall clock is moved by the test.
 */
class EscalationTopologyTest {

    private static final Instant START = Instant.parse("2026-03-08T13:00:00Z");
    private static final Duration STEP = Duration.ofHours(2);
    private static final Duration FOLLOW_UP = Duration.ofHours(4);
    private static final ConsentScope MISSED = ConsentScope.MISSED_CHECK_INS;
    private static final ConsentScope HELP = ConsentScope.HELP_REQUESTED;
    private static final ConsentScope USE = ConsentScope.USE_REPORTED;

    @TempDir
    Path stateDir;

    private DecisionDriver driver() {
        return DecisionDriver.at(stateDir, START);
    }

    private static List<OutreachRequest> alerts(DecisionDriver d) {
        return only(d.intents(), OutreachKind.ESCALATION_ALERT);
    }

    /** Two check-ins missed in a row; returns the second (the one that opened the escalation). */
    private static CheckInDue missTwice(DecisionDriver d, Members.Member m) {
        m.missOne(d);
        d.advance(Duration.ofHours(1));
        return m.missOne(d);
    }

    private static EscalationAcknowledged ack(String memberId, String contactId, String escalationId, Instant at) {
        return EscalationAcknowledged.of("link-" + contactId, memberId, contactId, escalationId, at);
    }

    /** The contact's answer to "Were you able to reach them?". */
    private static ReachReported reach(
            String memberId, String contactId, String escalationId, boolean reached, Instant at) {
        return ReachReported.of("reach-" + contactId + "-" + at, memberId, contactId, escalationId, reached, at);
    }

    /** "I've reached out", then (the contact asked) "yes, I reached them": the escalation is closed for good. */
    private static void reachedOut(DecisionDriver d, String memberId, String contactId, String escalationId) {
        d.actions.pipeInput(memberId, ack(memberId, contactId, escalationId, d.now()), d.now());
        d.actions.pipeInput(memberId, reach(memberId, contactId, escalationId, true, d.now()), d.now());
    }

    @Test
    void oneMissedCheckInDoesNotEscalate() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-one-miss").contacts(confirmed("c-1", MISSED));
            m.publish(d);
            m.missOne(d);
            d.advance(Duration.ofHours(12));

            assertThat(kindsOf(d.intents())).doesNotContain(OutreachKind.ESCALATION_ALERT);
        }
    }

    @Test
    void twoConsecutiveMissedCheckInsAlertTheFirstConfirmedConsentingContact() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-two-misses")
                    .contacts(
                            contact("c-invited", ContactState.INVITED, MISSED),
                            confirmed("c-1", MISSED),
                            confirmed("c-2", MISSED));
            m.publish(d);
            m.missOne(d);
            assertThat(alerts(d)).isEmpty();
            d.advance(Duration.ofHours(1));
            CheckInDue second = m.missOne(d);

            String escalationId =
                    EscalationChains.escalationId(m.id, EscalationReason.MISSED_CHECK_INS, second.checkInId());
            assertThat(alerts(d)).singleElement().satisfies(alert -> {
                assertThat(alert.recipient()).isEqualTo(Recipient.contact("c-1"));
                assertThat(alert.consentScope()).isEqualTo(MISSED);
                assertThat(alert.urgency()).isEqualTo(Urgency.URGENT);
                assertThat(alert.escalationId()).isEqualTo(escalationId);
                assertThat(alert.data())
                        .containsExactlyInAnyOrderEntriesOf(
                                Map.of("reason", "missed-check-ins", "step", "1", "loop", "1"));
                assertThat(alert.notificationId())
                        .isEqualTo(EscalationChains.alertId(m.id, escalationId, 1, Recipient.contact("c-1")));
            });
        }
    }

    @Test
    void unacknowledgedAlertMovesToTheNextContactAfterTwoHours() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-next").contacts(confirmed("c-1", MISSED), confirmed("c-2", MISSED));
            m.publish(d);
            missTwice(d, m);
            assertThat(alerts(d)).extracting(OutreachRequest::recipient).containsExactly(Recipient.contact("c-1"));

            d.advance(STEP.minusSeconds(2));
            assertThat(alerts(d)).isEmpty();
            d.advance(Duration.ofSeconds(2));
            assertThat(alerts(d)).singleElement().satisfies(alert -> {
                assertThat(alert.recipient()).isEqualTo(Recipient.contact("c-2"));
                assertThat(alert.data()).containsEntry("step", "2").containsEntry("loop", "1");
            });
        }
    }

    @Test
    void chainStopsAfterThreeLoops() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (DecisionDriver d = DecisionDriver.at(stateDir, START, Map.of(), new MicrometerDecisionMetrics(registry))) {
            Members.Member m = Members.member("m-loops").contacts(confirmed("c-1", MISSED), confirmed("c-2", MISSED));
            m.publish(d);
            missTwice(d, m);
            List<OutreachRequest> sent = new ArrayList<>(alerts(d));
            for (int i = 0; i < 8; i++) {
                d.advance(STEP);
                sent.addAll(alerts(d));
            }

            assertThat(sent)
                    .extracting(a -> a.recipient().key() + "@" + a.data().get("loop"))
                    .containsExactly(
                            "contact:c-1@1",
                            "contact:c-2@1",
                            "contact:c-1@2",
                            "contact:c-2@2",
                            "contact:c-1@3",
                            "contact:c-2@3",
                            "on-call@3");
            assertThat(sent.getLast().data()).containsEntry("exhausted", "true").containsEntry("step", "7");
            assertThat(sent).extracting(OutreachRequest::notificationId).doesNotHaveDuplicates();
            assertThat(registry.get("outreach.escalations.exhausted")
                            .tag("reason", "missed-check-ins")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
        }
    }

    @Test
    void acknowledgementSendsAllClearToEveryAlertedContact() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (DecisionDriver d = DecisionDriver.at(stateDir, START, Map.of(), new MicrometerDecisionMetrics(registry))) {
            Members.Member m = Members.member("m-ack")
                    .contacts(confirmed("c-1", MISSED), confirmed("c-2", MISSED), confirmed("c-3", MISSED));
            m.publish(d);
            missTwice(d, m);
            d.advance(STEP);
            List<OutreachRequest> alerted = alerts(d);
            String escalationId = alerted.getFirst().escalationId();
            d.actions.pipeInput(m.id, ack(m.id, "c-2", escalationId, d.now()), d.now());

            List<OutreachRequest> clears = only(d.intents(), OutreachKind.ALL_CLEAR);
            assertThat(clears)
                    .extracting(OutreachRequest::recipient)
                    .containsExactly(Recipient.contact("c-1"), Recipient.contact("c-2"));
            assertThat(clears).allSatisfy(c -> {
                assertThat(c.escalationId()).isEqualTo(escalationId);
                assertThat(c.consentScope()).isEqualTo(MISSED);
                assertThat(c.urgency()).isEqualTo(Urgency.URGENT);
                assertThat(c.data())
                        .containsExactlyInAnyOrderEntriesOf(
                                Map.of("reason", "missed-check-ins", "resolvedBy", "acknowledged"));
            });
            // Issue 11: the chain stops; only the follow-up question comes, four hours later.
            d.advance(FOLLOW_UP.minusSeconds(1));
            assertThat(d.intents()).as("the chain stopped").isEmpty();
            assertThat(registry.get("outreach.escalations.acknowledged")
                            .tag("reason", "missed-check-ins")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
        }
    }

    @Test
    void membersNextAnswerResolvesTheEscalation() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-answers").contacts(confirmed("c-1", MISSED));
            m.publish(d);
            missTwice(d, m);
            assertThat(alerts(d)).hasSize(1);

            m.answerOne(d, AnswerStatus.OK, 2);
            assertThat(only(d.intents(), OutreachKind.ALL_CLEAR))
                    .singleElement()
                    .satisfies(c -> {
                        assertThat(c.recipient()).isEqualTo(Recipient.contact("c-1"));
                        assertThat(c.data()).containsEntry("resolvedBy", "member-answered");
                    });
            d.advance(STEP.multipliedBy(4));
            assertThat(alerts(d)).isEmpty();
        }
    }

    @Test
    void anAllClearSaysWhoEndedTheEscalationAndWhyItWasOpened() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-all-clear").contacts(confirmed("c-1", MISSED, HELP));
            m.publish(d);
            missTwice(d, m);
            alerts(d);
            m.answerOne(d, AnswerStatus.OK, 2);
            assertThat(only(d.intents(), OutreachKind.ALL_CLEAR))
                    .singleElement()
                    .satisfies(c -> assertThat(c.data())
                            .containsExactlyInAnyOrderEntriesOf(
                                    Map.of("reason", "missed-check-ins", "resolvedBy", "member-answered")));

            d.advance(Duration.ofHours(8));
            m.answerOne(d, AnswerStatus.NEED_HELP, null);
            String escalationId = alerts(d).getFirst().escalationId();
            d.actions.pipeInput(m.id, ack(m.id, "c-1", escalationId, d.now()), d.now());
            // The member has not answered since: the notifier words "someone reached out" from this.
            assertThat(only(d.intents(), OutreachKind.ALL_CLEAR))
                    .singleElement()
                    .satisfies(c -> assertThat(c.data())
                            .containsExactlyInAnyOrderEntriesOf(
                                    Map.of("reason", "help-requested", "resolvedBy", "acknowledged")));
        }
    }

    @Test
    void contactWithoutConsentIsSkipped() {
        try (DecisionDriver d = driver()) {
            Members.Member m =
                    Members.member("m-consent").contacts(confirmed("c-help-only", HELP), confirmed("c-2", MISSED));
            m.publish(d);
            missTwice(d, m);
            d.advance(STEP);

            assertThat(alerts(d)).extracting(OutreachRequest::recipient).containsOnly(Recipient.contact("c-2"));
        }
    }

    @Test
    void noConsentingContactAlertsOnCall() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-oncall")
                    .contacts(confirmed("c-help-only", HELP), contact("c-declined", ContactState.DECLINED, MISSED));
            m.publish(d);
            missTwice(d, m);

            assertThat(alerts(d)).singleElement().satisfies(alert -> {
                assertThat(alert.recipient()).isEqualTo(Recipient.ON_CALL);
                assertThat(alert.urgency()).isEqualTo(Urgency.URGENT);
                assertThat(alert.data()).containsEntry("reason", "missed-check-ins");
            });
        }
    }

    @Test
    void aMemberWithoutAProfileYetIsEscalatedToOnCall() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-no-profile");
            missTwice(d, m);

            assertThat(alerts(d)).extracting(OutreachRequest::recipient).containsExactly(Recipient.ON_CALL);
        }
    }

    @Test
    void contactWhoUnsubscribedIsSkippedBeforeTheNextSnapshotArrives() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-unsub").contacts(confirmed("c-1", MISSED), confirmed("c-2", MISSED));
            m.publish(d);
            missTwice(d, m);
            assertThat(alerts(d)).extracting(OutreachRequest::recipient).containsExactly(Recipient.contact("c-1"));
            d.actions.pipeInput(m.id, ContactUnsubscribed.of("u-1", m.id, "c-2", d.now()), d.now());

            d.advance(STEP);
            assertThat(alerts(d)).extracting(OutreachRequest::recipient).containsExactly(Recipient.contact("c-1"));
        }
    }

    @Test
    void aMemberIsNotEscalatedTwiceWithinTheCooldown() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (DecisionDriver d = DecisionDriver.at(stateDir, START, Map.of(), new MicrometerDecisionMetrics(registry))) {
            Members.Member m = Members.member("m-cooldown").contacts(confirmed("c-1", MISSED));
            m.publish(d);
            missTwice(d, m);
            OutreachRequest first = alerts(d).getFirst();
            reachedOut(d, m.id, "c-1", first.escalationId()); // issue 11: closed for good only when reached
            d.intents();

            d.advance(Duration.ofHours(1));
            m.missOne(d); // the third miss in a row, within 24 h of the first escalation
            assertThat(alerts(d)).isEmpty();
            assertThat(registry.get("outreach.escalations.suppressed")
                            .tag("reason", "missed-check-ins")
                            .tag("why", "cooldown")
                            .counter()
                            .count())
                    .isEqualTo(1.0);

            d.clockTo(first.occurredAt().plus(Duration.ofHours(24)).plusSeconds(1));
            m.missOne(d); // still silent after the cooldown: escalated again
            assertThat(alerts(d))
                    .singleElement()
                    .satisfies(a -> assertThat(a.escalationId()).isNotEqualTo(first.escalationId()));
        }
    }

    @Test
    void needHelpBreaksThroughTheCooldown() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-breaks").contacts(confirmed("c-1", MISSED), confirmed("c-2", HELP));
            m.publish(d);
            missTwice(d, m);
            OutreachRequest missed = alerts(d).getFirst();
            d.actions.pipeInput(m.id, ack(m.id, "c-1", missed.escalationId(), d.now()), d.now());
            d.intents();

            d.advance(Duration.ofHours(1));
            CheckInDue due = m.answerOne(d, AnswerStatus.NEED_HELP, 9);

            String helpId = EscalationChains.escalationId(m.id, EscalationReason.HELP_REQUESTED, due.checkInId());
            assertThat(alerts(d)).singleElement().satisfies(alert -> {
                assertThat(alert.escalationId()).isEqualTo(helpId);
                assertThat(alert.recipient()).isEqualTo(Recipient.contact("c-2"));
                assertThat(alert.consentScope()).isEqualTo(HELP);
                assertThat(alert.data()).containsEntry("reason", "help-requested");
            });
        }
    }

    @Test
    void needHelpWhileMissedCheckInsAreEscalatedClearsThatChainAndOpensItsOwn() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-upgrade").contacts(confirmed("c-1", MISSED, HELP));
            m.publish(d);
            missTwice(d, m);
            OutreachRequest missed = alerts(d).getFirst();

            m.answerOne(d, AnswerStatus.NEED_HELP, null);
            List<OutreachRequest> out = only(d.intents(), OutreachKind.ALL_CLEAR, OutreachKind.ESCALATION_ALERT);
            assertThat(out)
                    .extracting(OutreachRequest::kind, OutreachRequest::escalationId)
                    .containsExactly(
                            Tuple.tuple(OutreachKind.ALL_CLEAR, missed.escalationId()),
                            Tuple.tuple(
                                    OutreachKind.ESCALATION_ALERT, out.getLast().escalationId()));
            assertThat(out.getLast().data()).containsEntry("reason", "help-requested");
        }
    }

    @Test
    void anAnswerOfUsedDoesNotClearARequestForHelp() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-help-then-used")
                    .contacts(confirmed("c-1", HELP), confirmed("c-2", HELP))
                    .recoveringSince(LocalDate.parse("2026-03-05"));
            m.publish(d);
            m.answerOne(d, AnswerStatus.NEED_HELP, null);
            assertThat(alerts(d)).hasSize(2); // issue 11: every consenting contact at once

            d.advance(Duration.ofMinutes(30));
            m.answerOne(d, AnswerStatus.USED, null);
            assertThat(only(d.intents(), OutreachKind.ALL_CLEAR)).isEmpty();
            d.advance(STEP);
            assertThat(alerts(d))
                    .extracting(OutreachRequest::recipient)
                    .containsExactly(Recipient.contact("c-1"), Recipient.contact("c-2"));
        }
    }

    @Test
    void usedAfterFourteenCleanDaysEscalates() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-used-clean")
                    .contacts(confirmed("c-1", USE))
                    .recoveringSince(LocalDate.parse("2026-02-22")); // 14 days before 2026-03-08 (New York)
            m.publish(d);
            CheckInDue due = m.answerOne(d, AnswerStatus.USED, null);

            assertThat(alerts(d)).singleElement().satisfies(alert -> {
                assertThat(alert.recipient()).isEqualTo(Recipient.contact("c-1"));
                assertThat(alert.consentScope()).isEqualTo(USE);
                assertThat(alert.escalationId())
                        .isEqualTo(EscalationChains.escalationId(m.id, EscalationReason.USE_REPORTED, due.checkInId()));
                assertThat(alert.data()).containsEntry("reason", "use-reported");
            });
        }
    }

    @Test
    void usedWithinFourteenDaysOfTheLastUseDoesNotEscalate() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-used-recent")
                    .contacts(confirmed("c-1", USE))
                    .recoveringSince(LocalDate.parse("2026-02-23")); // 13 days before
            m.publish(d);
            m.answerOne(d, AnswerStatus.USED, null);
            assertThat(alerts(d)).isEmpty();

            // Twenty days later: counted from the use reported today, not from the recovery date.
            d.advance(Duration.ofDays(13));
            m.answerOne(d, AnswerStatus.USED, null);
            assertThat(alerts(d)).isEmpty();
            d.advance(Duration.ofDays(14));
            m.answerOne(d, AnswerStatus.USED, null);
            assertThat(alerts(d)).hasSize(1);
        }
    }

    @Test
    void acknowledgementOfAnotherEscalationChangesNothing() {
        try (DecisionDriver d = driver()) {
            Members.Member m =
                    Members.member("m-stale-ack").contacts(confirmed("c-1", MISSED), confirmed("c-2", MISSED));
            m.publish(d);
            missTwice(d, m);
            alerts(d);
            d.actions.pipeInput(m.id, ack(m.id, "c-1", "esc-not-this-one", d.now()), d.now());

            assertThat(d.intents()).isEmpty();
            d.advance(STEP);
            assertThat(alerts(d)).extracting(OutreachRequest::recipient).containsExactly(Recipient.contact("c-2"));
        }
    }

    @Test
    void anErasedMembersChainStopsAndLeavesNoState() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-erased-chain").contacts(confirmed("c-1", MISSED));
            m.publish(d);
            missTwice(d, m);
            alerts(d);
            d.profiles.pipeInput(m.id, null, d.now());
            d.advance(STEP.multipliedBy(3));

            assertThat(d.intents()).isEmpty();
            for (String store : EscalationStores.ALL) {
                assertThat(count(d.driver.getKeyValueStore(store))).as(store).isZero();
            }
        }
    }

    @Test
    void escalationStateIsForgottenAfterTheCooldownSoStoresStayBounded() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-bounded").contacts(confirmed("c-1", MISSED));
            m.publish(d);
            missTwice(d, m);
            OutreachRequest alert = alerts(d).getFirst();
            reachedOut(d, m.id, "c-1", alert.escalationId()); // issue 11: closed for good only when reached
            assertThat(count(d.driver.getKeyValueStore(EscalationStores.ESCALATIONS)))
                    .isEqualTo(1);

            d.clockTo(alert.occurredAt().plus(Duration.ofHours(24)).plusSeconds(1));
            for (String store : EscalationStores.ALL) {
                assertThat(count(d.driver.getKeyValueStore(store))).as(store).isZero();
            }
        }
    }

    @Test
    void escalationSettingsAreConfigurable() {
        Map<String, String> env = Map.of(
                DecisionConfig.ESCALATION_MISSED,
                "1",
                DecisionConfig.ESCALATION_ACK_TIMEOUT,
                "30m",
                DecisionConfig.ESCALATION_MAX_LOOPS,
                "1");
        try (DecisionDriver d = DecisionDriver.at(stateDir, START, env, DecisionMetrics.NONE)) {
            Members.Member m =
                    Members.member("m-configured").contacts(confirmed("c-1", MISSED), confirmed("c-2", MISSED));
            m.publish(d);
            m.missOne(d);
            assertThat(alerts(d)).extracting(OutreachRequest::recipient).containsExactly(Recipient.contact("c-1"));
            d.advance(Duration.ofMinutes(30));
            assertThat(alerts(d)).extracting(OutreachRequest::recipient).containsExactly(Recipient.contact("c-2"));
            d.advance(Duration.ofMinutes(30));
            assertThat(alerts(d)).extracting(OutreachRequest::recipient).containsExactly(Recipient.ON_CALL);
            d.advance(Duration.ofHours(3));
            assertThat(alerts(d)).isEmpty();
        }
    }

    private static List<OutreachKind> kindsOf(List<OutreachRequest> intents) {
        return intents.stream().map(OutreachRequest::kind).toList();
    }

    static long count(KeyValueStore<String, ?> store) {
        long n = 0;
        try (var it = store.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }
}
