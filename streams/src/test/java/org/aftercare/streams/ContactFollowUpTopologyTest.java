package org.aftercare.streams;

import static org.aftercare.streams.Members.confirmed;
import static org.aftercare.streams.Members.contact;
import static org.aftercare.streams.Members.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.aftercare.events.checkin.AnswerStatus;
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
import org.aftercare.streams.escalation.EscalationStores;
import org.aftercare.streams.metrics.DecisionMetrics;
import org.aftercare.streams.metrics.MicrometerDecisionMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contacts, sharpened (issue 11, item 5): "need help now" alerts every consenting, confirmed
 * contact at once; "I've reached out" is followed four hours later by "Were you able to reach
 * them?" (yes closes the escalation for good; "not yet" or four hours of silence reopens it); a
 * chain with nobody to alert but the on-call address does not wait its steps out.
 */
class ContactFollowUpTopologyTest {

    private static final Instant START = Instant.parse("2026-03-08T13:00:00Z");
    private static final Duration STEP = Duration.ofHours(2);
    private static final Duration FOLLOW_UP = Duration.ofHours(4);
    private static final ConsentScope MISSED = ConsentScope.MISSED_CHECK_INS;
    private static final ConsentScope HELP = ConsentScope.HELP_REQUESTED;

    @TempDir
    Path stateDir;

    private DecisionDriver driver() {
        return DecisionDriver.at(stateDir, START);
    }

    private static List<OutreachRequest> alerts(List<OutreachRequest> intents) {
        return only(intents, OutreachKind.ESCALATION_ALERT);
    }

    private static void missTwice(DecisionDriver d, Members.Member m) {
        m.missOne(d);
        d.advance(Duration.ofHours(1));
        m.missOne(d);
    }

    private static void ack(DecisionDriver d, String memberId, String contactId, String escalationId) {
        d.actions.pipeInput(
                memberId,
                EscalationAcknowledged.of("link-" + contactId, memberId, contactId, escalationId, d.now()),
                d.now());
    }

    private static void reach(DecisionDriver d, String memberId, String contactId, String escalationId, boolean yes) {
        d.actions.pipeInput(
                memberId,
                ReachReported.of("reach-" + contactId, memberId, contactId, escalationId, yes, d.now()),
                d.now());
    }

    /** Two misses alert c-1; c-1 reaches out; four hours later they are asked. Returns the escalation id. */
    private static String askedAfterReachingOut(DecisionDriver d, Members.Member m) {
        missTwice(d, m);
        String escalationId = alerts(d.intents()).getFirst().escalationId();
        ack(d, m.id, "c-1", escalationId);
        d.advance(FOLLOW_UP.plusSeconds(1));
        assertThat(d.intents()).extracting(OutreachRequest::kind).contains(OutreachKind.CONTACT_FOLLOW_UP);
        return escalationId;
    }

    @Test
    void needHelpAlertsEveryConsentingContactAtOnce() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-help-all")
                    .contacts(
                            confirmed("c-1", HELP),
                            confirmed("c-missed-only", MISSED),
                            contact("c-invited", ContactState.INVITED, HELP),
                            confirmed("c-2", HELP, MISSED));
            m.publish(d);
            m.answerOne(d, AnswerStatus.NEED_HELP, null);

            List<OutreachRequest> alerts = alerts(d.intents());
            assertThat(alerts)
                    .extracting(OutreachRequest::recipient)
                    .containsExactly(Recipient.contact("c-1"), Recipient.contact("c-2"));
            assertThat(alerts).allSatisfy(a -> {
                assertThat(a.urgency()).isEqualTo(Urgency.URGENT);
                assertThat(a.consentScope()).isEqualTo(HELP);
                assertThat(a.data())
                        .containsExactlyInAnyOrderEntriesOf(
                                Map.of("reason", "help-requested", "step", "1", "loop", "1"));
            });
            assertThat(alerts).extracting(OutreachRequest::notificationId).doesNotHaveDuplicates();
        }
    }

    @Test
    void aHelpRequestOutsideACheckInAlertsEveryConsentingContactAtOnce() {
        try (DecisionDriver d = driver()) {
            Members.Member m =
                    Members.member("m-help-button-all").contacts(confirmed("c-1", HELP), confirmed("c-2", HELP));
            m.publish(d);
            m.askForHelp(d, "req-1");

            assertThat(alerts(d.intents()))
                    .extracting(OutreachRequest::recipient)
                    .containsExactly(Recipient.contact("c-1"), Recipient.contact("c-2"));
            d.advance(STEP.minusSeconds(1));
            assertThat(alerts(d.intents())).isEmpty();
        }
    }

    @Test
    void aContactWhoReachedOutIsAskedFourHoursLaterWhetherTheyReachedTheMember() {
        try (DecisionDriver d = driver()) {
            Members.Member m =
                    Members.member("m-follow-up").contacts(confirmed("c-1", MISSED), confirmed("c-2", MISSED));
            m.publish(d);
            missTwice(d, m);
            String escalationId = alerts(d.intents()).getFirst().escalationId();
            ack(d, m.id, "c-1", escalationId);
            assertThat(d.intents()).extracting(OutreachRequest::kind).containsExactly(OutreachKind.ALL_CLEAR);

            d.advance(FOLLOW_UP.minusSeconds(1));
            assertThat(d.intents()).isEmpty();
            d.advance(Duration.ofSeconds(2));
            assertThat(d.intents()).singleElement().satisfies(q -> {
                assertThat(q.kind()).isEqualTo(OutreachKind.CONTACT_FOLLOW_UP);
                assertThat(q.recipient()).isEqualTo(Recipient.contact("c-1"));
                assertThat(q.consentScope()).isEqualTo(MISSED);
                assertThat(q.escalationId()).isEqualTo(escalationId);
                assertThat(q.urgency()).isEqualTo(Urgency.URGENT);
                assertThat(q.data()).containsExactlyInAnyOrderEntriesOf(Map.of("reason", "missed-check-ins"));
                assertThat(q.notificationId())
                        .isEqualTo(EscalationChains.followUpId(m.id, escalationId, 1, Recipient.contact("c-1")));
            });
        }
    }

    @Test
    void notYetReopensTheEscalation() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (DecisionDriver d = DecisionDriver.at(stateDir, START, Map.of(), new MicrometerDecisionMetrics(registry))) {
            Members.Member m = Members.member("m-not-yet").contacts(confirmed("c-1", MISSED), confirmed("c-2", MISSED));
            m.publish(d);
            String escalationId = askedAfterReachingOut(d, m);

            reach(d, m.id, "c-1", escalationId, false);
            assertThat(alerts(d.intents())).singleElement().satisfies(a -> {
                assertThat(a.escalationId()).isEqualTo(escalationId);
                assertThat(a.recipient()).isEqualTo(Recipient.contact("c-1"));
                assertThat(a.data()).containsEntry("step", "2").containsEntry("loop", "1");
            });
            d.advance(STEP);
            assertThat(alerts(d.intents()))
                    .extracting(OutreachRequest::recipient)
                    .containsExactly(Recipient.contact("c-2"));
            assertThat(registry.get("outreach.escalations.reopened")
                            .tag("reason", "missed-check-ins")
                            .tag("why", "not-yet")
                            .counter()
                            .count())
                    .isEqualTo(1.0);

            // The member answers: everyone alerted hears the escalation is over again, with new ids.
            m.answerOne(d, AnswerStatus.OK, 1);
            assertThat(only(d.intents(), OutreachKind.ALL_CLEAR))
                    .extracting(OutreachRequest::notificationId)
                    .containsExactly(
                            EscalationChains.allClearId(m.id, escalationId, 1, Recipient.contact("c-1")),
                            EscalationChains.allClearId(m.id, escalationId, 1, Recipient.contact("c-2")))
                    .doesNotContain(EscalationChains.allClearId(m.id, escalationId, Recipient.contact("c-1")));
        }
    }

    @Test
    void noAnswerToTheFollowUpReopensTheEscalation() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-silent-contact").contacts(confirmed("c-1", MISSED));
            m.publish(d);
            askedAfterReachingOut(d, m);

            d.advance(FOLLOW_UP.minusSeconds(2));
            assertThat(d.intents()).isEmpty();
            d.advance(Duration.ofSeconds(2));
            assertThat(alerts(d.intents()))
                    .extracting(OutreachRequest::recipient)
                    .containsExactly(Recipient.contact("c-1"));
        }
    }

    @Test
    void yesClosesTheEscalationForGood() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-reached").contacts(confirmed("c-1", MISSED), confirmed("c-2", MISSED));
            m.publish(d);
            String escalationId = askedAfterReachingOut(d, m);

            reach(d, m.id, "c-1", escalationId, true);
            assertThat(d.intents()).isEmpty();
            d.advance(Duration.ofHours(30));
            assertThat(d.intents()).as("nothing more: no alert, no question").isEmpty();
            for (String store : EscalationStores.ALL) {
                assertThat(EscalationTopologyTest.count(d.driver.getKeyValueStore(store)))
                        .as(store + " forgotten after the cooldown")
                        .isZero();
            }
        }
    }

    @Test
    void theMembersAnswerAfterAContactReachedOutMakesTheQuestionMoot() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-answers-first").contacts(confirmed("c-1", MISSED));
            m.publish(d);
            missTwice(d, m);
            String escalationId = alerts(d.intents()).getFirst().escalationId();
            ack(d, m.id, "c-1", escalationId);
            d.intents();

            d.advance(Duration.ofHours(1));
            m.answerOne(d, AnswerStatus.OK, 1);
            d.advance(FOLLOW_UP.multipliedBy(3));
            assertThat(d.intents())
                    .extracting(OutreachRequest::kind)
                    .doesNotContain(
                            OutreachKind.CONTACT_FOLLOW_UP, OutreachKind.ESCALATION_ALERT, OutreachKind.ALL_CLEAR);
        }
    }

    @Test
    void aReachReportForAnotherEscalationChangesNothing() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-stale-reach").contacts(confirmed("c-1", MISSED));
            m.publish(d);
            String escalationId = askedAfterReachingOut(d, m);

            reach(d, m.id, "c-1", "esc-not-this-one", true);
            d.advance(FOLLOW_UP.plusSeconds(1));
            assertThat(alerts(d.intents()))
                    .as("still reopened by silence")
                    .singleElement()
                    .satisfies(a -> assertThat(a.escalationId()).isEqualTo(escalationId));
        }
    }

    @Test
    void aFollowUpThatCannotBeAskedReopensTheEscalation() {
        try (DecisionDriver d = driver()) {
            Members.Member m =
                    Members.member("m-gone-contact").contacts(confirmed("c-1", MISSED), confirmed("c-2", MISSED));
            m.publish(d);
            missTwice(d, m);
            String escalationId = alerts(d.intents()).getFirst().escalationId();
            ack(d, m.id, "c-1", escalationId);
            d.actions.pipeInput(m.id, ContactUnsubscribed.of("u-1", m.id, "c-1", d.now()), d.now());
            d.intents();

            d.advance(FOLLOW_UP.plusSeconds(1));
            List<OutreachRequest> out = d.intents();
            assertThat(only(out, OutreachKind.CONTACT_FOLLOW_UP)).isEmpty();
            assertThat(alerts(out)).extracting(OutreachRequest::recipient).containsExactly(Recipient.contact("c-2"));
        }
    }

    @Test
    void stepsWithNobodyToNotifyAreSkippedAtOnce() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-nobody").contacts(confirmed("c-help-only", HELP));
            m.publish(d);
            missTwice(d, m);
            assertThat(alerts(d.intents())).singleElement().satisfies(a -> {
                assertThat(a.recipient()).isEqualTo(Recipient.ON_CALL);
                assertThat(a.data()).containsEntry("step", "1");
            });

            d.advance(STEP.multipliedBy(8));
            assertThat(alerts(d.intents()))
                    .as("no step waited out and repeated for nobody")
                    .isEmpty();
        }
    }

    @Test
    void aContactWhoLeavesTheChainIsNotWaitedFor() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-left-chain").contacts(confirmed("c-1", MISSED));
            m.publish(d);
            missTwice(d, m);
            assertThat(alerts(d.intents()))
                    .extracting(OutreachRequest::recipient)
                    .containsExactly(Recipient.contact("c-1"));
            d.actions.pipeInput(m.id, ContactUnsubscribed.of("u-1", m.id, "c-1", d.now()), d.now());

            d.advance(STEP);
            assertThat(alerts(d.intents()))
                    .as("the next step finds nobody but on-call: told once, chain over")
                    .extracting(OutreachRequest::recipient)
                    .containsExactly(Recipient.ON_CALL);
            d.advance(STEP.multipliedBy(6));
            assertThat(alerts(d.intents())).isEmpty();
        }
    }

    @Test
    void aReopenedEscalationThatNobodyAcknowledgesReachesOnCallAgain() {
        Map<String, String> env = Map.of(DecisionConfig.ESCALATION_MAX_LOOPS, "1");
        try (DecisionDriver d = DecisionDriver.at(stateDir, START, env, DecisionMetrics.NONE)) {
            Members.Member m = Members.member("m-reopened-exhausted").contacts(confirmed("c-1", MISSED));
            m.publish(d);
            missTwice(d, m);
            String escalationId = alerts(d.intents()).getFirst().escalationId();
            d.advance(STEP);
            assertThat(alerts(d.intents()))
                    .extracting(OutreachRequest::recipient)
                    .containsExactly(Recipient.ON_CALL);

            ack(d, m.id, "c-1", escalationId); // after the chain was exhausted
            d.advance(FOLLOW_UP.plusSeconds(1));
            d.intents();
            reach(d, m.id, "c-1", escalationId, false);
            assertThat(alerts(d.intents()))
                    .extracting(OutreachRequest::recipient)
                    .containsExactly(Recipient.contact("c-1"));
            d.advance(STEP);
            assertThat(alerts(d.intents())).singleElement().satisfies(a -> {
                assertThat(a.recipient()).isEqualTo(Recipient.ON_CALL);
                assertThat(a.data()).containsEntry("exhausted", "true").containsEntry("step", "4");
            });
        }
    }

    @Test
    void theFollowUpWaitIsConfigurable() {
        Map<String, String> env = Map.of(DecisionConfig.ESCALATION_FOLLOW_UP_AFTER, "30m");
        try (DecisionDriver d = DecisionDriver.at(stateDir, START, env, DecisionMetrics.NONE)) {
            Members.Member m = Members.member("m-follow-up-30m").contacts(confirmed("c-1", MISSED));
            m.publish(d);
            missTwice(d, m);
            ack(d, m.id, "c-1", alerts(d.intents()).getFirst().escalationId());
            d.intents();

            d.advance(Duration.ofMinutes(30).plusSeconds(1));
            assertThat(d.intents()).extracting(OutreachRequest::kind).containsExactly(OutreachKind.CONTACT_FOLLOW_UP);
            d.advance(Duration.ofMinutes(30));
            assertThat(alerts(d.intents())).hasSize(1);
        }
    }
}
