package org.aftercare.streams;

import static org.aftercare.streams.Members.confirmed;
import static org.aftercare.streams.Members.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.aftercare.events.Ids;
import org.aftercare.events.checkin.CheckInMissed;
import org.aftercare.events.checkin.CheckInStatusEvent;
import org.aftercare.events.checkin.HelpRequested;
import org.aftercare.events.contact.EscalationAcknowledged;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.streams.metrics.MicrometerDecisionMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "I need help now" pressed outside a check-in ({@code help.requested}) through the production
 * topology: crisis support to the member at once and an escalation, as for a "need help now"
 * answer, without completing a check-in or resolving anything. Issue 9, defect 2.
 */
class HelpRequestTopologyTest {

    private static final Instant START = Instant.parse("2026-03-08T13:00:00Z");
    private static final ConsentScope MISSED = ConsentScope.MISSED_CHECK_INS;
    private static final ConsentScope HELP = ConsentScope.HELP_REQUESTED;

    @TempDir
    Path stateDir;

    @Test
    void aHelpRequestSendsCrisisSupportToTheMemberAtOnce() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-help-link");
            m.publish(d);
            m.askForHelp(d, "req-1");

            assertThat(only(d.intents(), OutreachKind.CRISIS_SUPPORT))
                    .singleElement()
                    .satisfies(crisis -> {
                        assertThat(crisis.recipient()).isEqualTo(Recipient.MEMBER);
                        assertThat(crisis.urgency()).isEqualTo(Urgency.URGENT);
                        assertThat(crisis.checkInId()).isNull();
                        assertThat(crisis.occurredAt()).isEqualTo(d.now());
                        assertThat(crisis.data()).containsExactlyEntriesOf(Map.of("reason", "help-requested"));
                        assertThat(crisis.notificationId())
                                .isEqualTo(
                                        Ids.notificationId(m.id, "crisis-support", "help-request", "req-1", "member"));
                    });
        }
    }

    @Test
    void aHelpRequestAlertsTheFirstContactWhoConsentedToHearOfIt() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-help-contacts")
                    .contacts(confirmed("c-missed", MISSED), confirmed("c-help", HELP));
            m.publish(d);
            m.askForHelp(d, "req-1");

            assertThat(only(d.intents(), OutreachKind.ESCALATION_ALERT))
                    .singleElement()
                    .satisfies(alert -> {
                        assertThat(alert.recipient()).isEqualTo(Recipient.contact("c-help"));
                        assertThat(alert.consentScope()).isEqualTo(HELP);
                        assertThat(alert.urgency()).isEqualTo(Urgency.URGENT);
                        assertThat(alert.escalationId())
                                .isEqualTo(Ids.escalationId(m.id, "need-help:help-request:req-1"));
                        assertThat(alert.data())
                                .containsExactlyInAnyOrderEntriesOf(
                                        Map.of("reason", "help-requested", "step", "1", "loop", "1"));
                    });
        }
    }

    @Test
    void theSameHelpRequestSeenTwiceIsOneEscalation() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-help-twice").contacts(confirmed("c-1", HELP));
            m.publish(d);
            HelpRequested help = m.askForHelp(d, "req-1");
            d.responses.pipeInput(m.id, help, d.now());

            List<OutreachRequest> out = d.intents();
            assertThat(only(out, OutreachKind.ESCALATION_ALERT)).hasSize(1);
            assertThat(only(out, OutreachKind.CRISIS_SUPPORT))
                    .extracting(OutreachRequest::notificationId)
                    .as("the same intent id, sent once by the notifier")
                    .containsOnly(Ids.notificationId(m.id, "crisis-support", "help-request", "req-1", "member"));
        }
    }

    @Test
    void aSecondHelpRequestWhileHelpIsEscalatedJoinsThatEscalation() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-help-again").contacts(confirmed("c-1", HELP), confirmed("c-2", HELP));
            m.publish(d);
            m.askForHelp(d, "req-1");
            d.advance(Duration.ofMinutes(20));
            m.askForHelp(d, "req-2");

            List<OutreachRequest> out = d.intents();
            assertThat(only(out, OutreachKind.CRISIS_SUPPORT))
                    .as("each request answered")
                    .hasSize(2)
                    .extracting(OutreachRequest::notificationId)
                    .doesNotHaveDuplicates();
            // Issue 11: "need help now" alerts every consenting contact at once; the second request adds none.
            assertThat(only(out, OutreachKind.ESCALATION_ALERT))
                    .extracting(OutreachRequest::recipient)
                    .containsExactly(Recipient.contact("c-1"), Recipient.contact("c-2"));
        }
    }

    @Test
    void aHelpRequestCompletesNoCheckInAndDoesNotEndTheRunOfMisses() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-help-silent").contacts(confirmed("c-1", MISSED));
            m.publish(d);
            m.missOne(d);
            d.advance(Duration.ofHours(1));
            m.dueNow(d);
            d.statuses();
            d.advance(Duration.ofMinutes(5));
            m.askForHelp(d, "req-1");
            assertThat(d.statuses()).as("no check-in completed").isEmpty();

            d.advance(Duration.ofHours(6));
            List<CheckInStatusEvent> statuses = d.statuses();
            assertThat(statuses)
                    .filteredOn(CheckInMissed.class::isInstance)
                    .singleElement()
                    .satisfies(missed -> assertThat(((CheckInMissed) missed).consecutiveMisses())
                            .isEqualTo(2));
        }
    }

    @Test
    void aHelpRequestDuringAnEscalationForSilenceSendsNoAllClear() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-help-while-missed").contacts(confirmed("c-1", MISSED, HELP));
            m.publish(d);
            m.missOne(d);
            d.advance(Duration.ofHours(1));
            m.missOne(d);
            assertThat(only(d.intents(), OutreachKind.ESCALATION_ALERT))
                    .singleElement()
                    .satisfies(alert -> assertThat(alert.data()).containsEntry("reason", "missed-check-ins"));

            m.askForHelp(d, "req-1");

            List<OutreachRequest> out = d.intents();
            assertThat(only(out, OutreachKind.ALL_CLEAR))
                    .as("the member has still not checked in")
                    .isEmpty();
            assertThat(only(out, OutreachKind.ESCALATION_ALERT))
                    .singleElement()
                    .satisfies(alert -> assertThat(alert.data()).containsEntry("reason", "help-requested"));
        }
    }

    @Test
    void aPausedMemberWhoUnsubscribedIsStillHelped() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m =
                    Members.member("m-help-paused").status(MemberStatus.PAUSED).unsubscribed(true);
            m.publish(d);
            d.intents();
            m.askForHelp(d, "req-1");

            assertThat(d.intents())
                    .extracting(OutreachRequest::kind)
                    .containsExactly(
                            OutreachKind.CRISIS_SUPPORT, OutreachKind.ESCALATION_ALERT, OutreachKind.STAFF_FLAG);
        }
    }

    @Test
    void aContactsAcknowledgementOfAHelpRequestSendsAnAllClearSayingAContactReachedOut() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-help-ack").contacts(confirmed("c-1", HELP));
            m.publish(d);
            m.askForHelp(d, "req-1");
            String escalationId =
                    only(d.intents(), OutreachKind.ESCALATION_ALERT).getFirst().escalationId();
            d.advance(Duration.ofMinutes(15));
            d.actions.pipeInput(
                    m.id, EscalationAcknowledged.of("link-c-1", m.id, "c-1", escalationId, d.now()), d.now());

            assertThat(only(d.intents(), OutreachKind.ALL_CLEAR))
                    .singleElement()
                    .satisfies(clear -> {
                        assertThat(clear.recipient()).isEqualTo(Recipient.contact("c-1"));
                        assertThat(clear.escalationId()).isEqualTo(escalationId);
                        assertThat(clear.data())
                                .containsExactlyInAnyOrderEntriesOf(
                                        Map.of("reason", "help-requested", "resolvedBy", "acknowledged"));
                    });
        }
    }

    @Test
    void helpRequestsAreCountedWithoutMemberIds() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (DecisionDriver d = DecisionDriver.at(stateDir, START, Map.of(), new MicrometerDecisionMetrics(registry))) {
            Members.Member m = Members.member("m-help-counted");
            m.publish(d);
            m.askForHelp(d, "req-1");
        }
        assertThat(registry.get("outreach.help.requests").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("outreach.escalations.opened")
                        .tag("reason", "help-requested")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(registry.getMeters())
                .flatExtracting(meter -> meter.getId().getTags())
                .noneMatch(tag -> tag.getValue().contains("m-help-counted")
                        || tag.getValue().contains("req-1"));
    }
}
