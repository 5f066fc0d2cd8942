package org.aftercare.streams;

import static org.aftercare.streams.Members.confirmed;
import static org.aftercare.streams.Members.contact;
import static org.aftercare.streams.Members.only;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.RecipientRole;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.profile.MemberStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contact invitations through the production topology: who is asked to confirm, and when. */
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
            Members.Member m = Members.member("m-inv").contacts(contact("c-1", ContactState.INVITED, MISSED),
                    confirmed("c-2", HELP));
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

    @Test
    void aContactWhoseConsentChangedIsInvitedAgain() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-consent").contacts(contact("c-1", ContactState.INVITED, MISSED));
            m.publish(d);
            m.contacts(contact("c-1", ContactState.INVITED, MISSED, HELP));
            m.publish(d);

            assertThat(invitations(d)).hasSize(2).extracting(OutreachRequest::notificationId).doesNotHaveDuplicates();
        }
    }

    @Test
    void aPausedMemberTriggersNoInvitationUntilResumed() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-paused").status(MemberStatus.PAUSED)
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
            Members.member("m-others").contacts(confirmed("c-1", MISSED),
                    contact("c-2", ContactState.DECLINED, MISSED),
                    contact("c-3", ContactState.UNSUBSCRIBED, HELP)).publish(d);

            assertThat(invitations(d)).isEmpty();
        }
    }
}
