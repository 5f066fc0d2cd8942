package org.aftercare.streams;

import static org.aftercare.streams.Members.confirmed;
import static org.aftercare.streams.Members.contact;
import static org.aftercare.streams.Members.named;
import static org.aftercare.streams.Members.only;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.aftercare.events.Ids;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.RecipientRole;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contact invitations through the production topology: who is asked to confirm, and when. An
 * invitation is bound to the scheduler's naming of the contact ({@code invitationId}): one per
 * naming, and none to a contact the member shares nothing with.
 */
class InvitationTopologyTest {

    private static final Instant START = Instant.parse("2026-03-08T13:00:00Z");
    private static final ConsentScope MISSED = ConsentScope.MISSED_CHECK_INS;
    private static final ConsentScope HELP = ConsentScope.HELP_REQUESTED;

    @TempDir
    Path stateDir;

    private static List<OutreachRequest> invitations(DecisionDriver d) {
        return only(d.intents(), OutreachKind.CONTACT_INVITATION);
    }

    @Test
    void aNewlyNamedContactIsInvitedOnceToConfirm() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-inv")
                    .contacts(contact("c-1", ContactState.INVITED, MISSED), confirmed("c-2", HELP));
            m.publish(d);
            m.publish(d); // a later snapshot with nothing new for the contact

            assertThat(invitations(d)).singleElement().satisfies(i -> {
                assertThat(i.recipient()).isEqualTo(Recipient.contact("c-1"));
                assertThat(i.recipient().role()).isEqualTo(RecipientRole.CONTACT);
                assertThat(i.urgency()).isEqualTo(Urgency.ROUTINE);
                assertThat(i.data()).isEmpty();
            });
        }
    }

    /** A snapshot written before contacts carried an invitationId: a changed consent still re-invites. */
    @Test
    void aContactWhoseConsentChangedIsInvitedAgain() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-consent").contacts(contact("c-1", ContactState.INVITED, MISSED));
            m.publish(d);
            m.contacts(contact("c-1", ContactState.INVITED, MISSED, HELP));
            m.publish(d);

            assertThat(invitations(d))
                    .hasSize(2)
                    .extracting(OutreachRequest::notificationId)
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void aPausedMemberTriggersNoInvitationUntilResumed() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-paused")
                    .status(MemberStatus.PAUSED)
                    .contacts(contact("c-1", ContactState.INVITED, MISSED));
            m.publish(d);
            assertThat(invitations(d)).isEmpty();

            m.status(MemberStatus.ACTIVE).publish(d);
            assertThat(invitations(d)).hasSize(1);
        }
    }

    @Test
    void confirmedDeclinedOrUnsubscribedContactsAreNotInvited() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.member("m-others")
                    .contacts(
                            confirmed("c-1", MISSED),
                            contact("c-2", ContactState.DECLINED, MISSED),
                            contact("c-3", ContactState.UNSUBSCRIBED, HELP))
                    .publish(d);

            assertThat(invitations(d)).isEmpty();
        }
    }

    @Test
    void anInvitationIsNamedByTheMemberTheContactAndTheNaming() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-inv-id")
                    .contacts(
                            named("c-1", ContactState.INVITED, "inv-1", MISSED),
                            contact("c-old", ContactState.INVITED, HELP));
            m.publish(d);

            assertThat(invitations(d))
                    .extracting(OutreachRequest::notificationId)
                    .containsExactly(
                            Ids.notificationId(m.id, "contact-invitation", "c-1", "invitation", "inv-1", "contact:c-1"),
                            Ids.notificationId(m.id, "contact-invitation", "c-old", "1", "contact:c-old"));
        }
    }

    @Test
    void aContactWithANewAddressIsInvitedAgainUnderItsNewNaming() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m =
                    Members.member("m-inv-address").contacts(named("c-1", ContactState.INVITED, "inv-1", MISSED));
            m.publish(d);
            assertThat(invitations(d)).hasSize(1);

            // The address was mistyped; the scheduler names the contact anew with the corrected one.
            m.contacts(named("c-1", ContactState.INVITED, "inv-2", MISSED)).publish(d);

            assertThat(invitations(d)).singleElement().satisfies(i -> {
                assertThat(i.recipient()).isEqualTo(Recipient.contact("c-1"));
                assertThat(i.notificationId())
                        .isEqualTo(Ids.notificationId(
                                m.id, "contact-invitation", "c-1", "invitation", "inv-2", "contact:c-1"));
            });
        }
    }

    @Test
    void aContactTheMemberSharesNothingWithIsNotInvited() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.member("m-inv-nothing")
                    .contacts(named("c-1", ContactState.INVITED, "inv-1"))
                    .publish(d);

            assertThat(invitations(d)).isEmpty();
        }
    }

    @Test
    void removingEveryConsentScopeSendsNoInvitationAlsoWhileAnEscalationIsOpen() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-inv-revoked")
                    .contacts(confirmed("c-1", MISSED), named("c-2", ContactState.INVITED, "inv-2", MISSED));
            m.publish(d);
            assertThat(invitations(d)).hasSize(1);
            m.missOne(d);
            d.advance(Duration.ofHours(1));
            m.missOne(d);
            assertThat(only(d.intents(), OutreachKind.ESCALATION_ALERT))
                    .as("an escalation is open")
                    .hasSize(1);

            m.contacts(confirmed("c-1", MISSED), named("c-2", ContactState.INVITED, "inv-2"))
                    .publish(d);
            m.contacts(confirmed("c-1", MISSED), named("c-2", ContactState.INVITED, "inv-3"))
                    .publish(d);

            assertThat(invitations(d)).isEmpty();
        }
    }

    @Test
    void narrowingConsentWithoutANewNamingSendsNothing() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-inv-narrowed")
                    .contacts(named("c-1", ContactState.INVITED, "inv-1", MISSED, HELP));
            m.publish(d);
            assertThat(invitations(d)).hasSize(1);

            m.contacts(named("c-1", ContactState.INVITED, "inv-1", MISSED)).publish(d);

            assertThat(invitations(d)).isEmpty();
        }
    }

    @Test
    void reprocessingTheSameSnapshotSendsNothingNew() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m =
                    Members.member("m-inv-replay").contacts(named("c-1", ContactState.INVITED, "inv-1", MISSED));
            MemberProfile snapshot = m.profile();
            d.profiles.pipeInput(m.id, snapshot, d.now());
            d.profiles.pipeInput(m.id, snapshot, d.now());

            assertThat(invitations(d)).hasSize(1);
        }
    }
}
