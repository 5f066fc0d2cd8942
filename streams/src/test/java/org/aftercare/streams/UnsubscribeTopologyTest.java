package org.aftercare.streams;

import static org.aftercare.streams.Members.confirmed;
import static org.aftercare.streams.Members.only;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.aftercare.events.Ids;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member who unsubscribed from their prompts ({@code preferences.unsubscribed}) through the
 * production topology: treated as paused whatever the status says (no prompt, no reminder, nothing
 * missed, no escalation for silence), and the care team is told once that the prompts stopped.
 * Issue 9, defect 3.
 */
class UnsubscribeTopologyTest {

    private static final Instant START = Instant.parse("2026-03-08T13:00:00Z");
    private static final ConsentScope MISSED = ConsentScope.MISSED_CHECK_INS;

    @TempDir
    Path stateDir;

    @Test
    void anUnsubscribedMemberIsNotPromptedNorCountedMissedEvenWhileTheStatusSaysActive() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-unsub-active").unsubscribed(true);
            m.publish(d);
            d.intents();
            m.missOne(d);

            assertThat(d.intents()).isEmpty();
            assertThat(d.statuses()).isEmpty();
        }
    }

    @Test
    void unsubscribingCancelsAnOpenCheckInSoNothingIsRemindedOrMissed() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-unsub-open");
            m.publish(d);
            m.dueNow(d);
            assertThat(d.intents()).extracting(OutreachRequest::kind).containsExactly(OutreachKind.CHECK_IN_PROMPT);

            d.advance(Duration.ofMinutes(10));
            m.unsubscribed(true).publish(d);
            d.advance(Duration.ofHours(7));

            assertThat(d.intents()).extracting(OutreachRequest::kind).containsExactly(OutreachKind.PROMPTS_STOPPED);
            assertThat(d.statuses()).isEmpty();
        }
    }

    @Test
    void silenceAfterAnUnsubscribeEscalatesNothing() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-unsub-silent").contacts(confirmed("c-1", MISSED));
            m.publish(d);
            m.missOne(d);
            m.unsubscribed(true).publish(d);
            d.advance(Duration.ofHours(1));
            m.missOne(d);
            d.advance(Duration.ofHours(12));

            assertThat(only(d.intents(), OutreachKind.ESCALATION_ALERT)).isEmpty();
        }
    }

    @Test
    void unsubscribingTellsTheCareTeamOnceThatThePromptsStopped() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-unsub-told");
            m.publish(d);
            d.intents();
            MemberProfile stopped =
                    m.unsubscribed(true).status(MemberStatus.PAUSED).profile();
            d.profiles.pipeInput(m.id, stopped, d.now());

            assertThat(d.intents()).singleElement().satisfies(told -> {
                assertThat(told.kind()).isEqualTo(OutreachKind.PROMPTS_STOPPED);
                assertThat(told.recipient()).isEqualTo(Recipient.ON_CALL);
                assertThat(told.urgency()).isEqualTo(Urgency.SCHEDULED);
                assertThat(told.escalationId()).isNull();
                assertThat(told.consentScope()).isNull();
                assertThat(told.data()).containsExactlyEntriesOf(Map.of("reason", "unsubscribed"));
                assertThat(told.notificationId())
                        .isEqualTo(Ids.notificationId(m.id, "prompts-stopped", "2", "on-call"));
            });

            d.profiles.pipeInput(m.id, stopped, d.now());
            m.publish(d);
            assertThat(d.intents())
                    .as("reprocessed, or still unsubscribed in a later snapshot")
                    .isEmpty();
        }
    }

    @Test
    void resumingAndUnsubscribingAgainTellsTheCareTeamAgain() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-unsub-twice");
            m.publish(d);
            m.unsubscribed(true).status(MemberStatus.PAUSED).publish(d);
            m.unsubscribed(false).status(MemberStatus.ACTIVE).publish(d);
            m.unsubscribed(true).status(MemberStatus.PAUSED).publish(d);

            assertThat(only(d.intents(), OutreachKind.PROMPTS_STOPPED))
                    .extracting(OutreachRequest::notificationId)
                    .containsExactly(
                            Ids.notificationId(m.id, "prompts-stopped", "2", "on-call"),
                            Ids.notificationId(m.id, "prompts-stopped", "4", "on-call"));
        }
    }

    @Test
    void anEscalationAlreadyOpenKeepsRunningAfterAnUnsubscribe() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m =
                    Members.member("m-unsub-escalated").contacts(confirmed("c-1", MISSED), confirmed("c-2", MISSED));
            m.publish(d);
            m.missOne(d);
            d.advance(Duration.ofHours(1));
            m.missOne(d);
            assertThat(only(d.intents(), OutreachKind.ESCALATION_ALERT)).hasSize(1);

            m.unsubscribed(true).status(MemberStatus.PAUSED).publish(d);
            d.advance(Duration.ofHours(2));

            assertThat(only(d.intents(), OutreachKind.ESCALATION_ALERT))
                    .singleElement()
                    .satisfies(alert -> assertThat(alert.recipient()).isEqualTo(Recipient.contact("c-2")));
        }
    }
}
