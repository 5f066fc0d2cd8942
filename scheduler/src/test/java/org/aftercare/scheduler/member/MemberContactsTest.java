package org.aftercare.scheduler.member;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.profile.SupportContact;
import org.junit.jupiter.api.Test;

/** When a changed contact is a new naming (invited again) and when it keeps the agreement it has; no database. */
class MemberContactsTest {

    private static final Set<ConsentScope> MISSED = Set.of(ConsentScope.MISSED_CHECK_INS);
    private static final Set<ConsentScope> MISSED_AND_HELP =
            Set.of(ConsentScope.MISSED_CHECK_INS, ConsentScope.HELP_REQUESTED);

    private static SupportContact contact(String email, Set<ConsentScope> consent, ContactState state) {
        return new SupportContact("contact-1", "Sam", email, "sister", consent, state, "naming-1");
    }

    private static EnrollmentParser.ContactInput input(String email, Set<ConsentScope> consent) {
        return new EnrollmentParser.ContactInput("Sam", email, "sister", consent);
    }

    @Test
    void aNewContactIsInvitedUnderItsOwnNaming() {
        SupportContact k = MemberContacts.invited(input("sam@example.org", MISSED));

        assertThat(k.state()).isEqualTo(ContactState.INVITED);
        assertThat(k.invitationId()).isNotBlank().isNotEqualTo(k.contactId());
        assertThat(MemberContacts.invited(input("sam@example.org", MISSED)).invitationId())
                .as("every invitation its own naming")
                .isNotEqualTo(k.invitationId());
    }

    @Test
    void aNewAddressIsANewNaming() {
        SupportContact k = MemberContacts.revised(
                contact("sam@example.org", MISSED, ContactState.CONFIRMED), input("sam@example.com", MISSED));

        assertThat(k.state()).isEqualTo(ContactState.INVITED);
        assertThat(k.invitationId()).isNotEqualTo("naming-1");
        assertThat(k.contactId()).isEqualTo("contact-1");
    }

    @Test
    void theSameAddressInAnotherCaseIsNotANewAddress() {
        SupportContact k = MemberContacts.revised(
                contact("sam@example.org", MISSED, ContactState.CONFIRMED), input("Sam@Example.org", MISSED));

        assertThat(k.state()).isEqualTo(ContactState.CONFIRMED);
        assertThat(k.invitationId()).isEqualTo("naming-1");
    }

    @Test
    void widerConsentIsANewNaming() {
        SupportContact k = MemberContacts.revised(
                contact("sam@example.org", MISSED, ContactState.CONFIRMED), input("sam@example.org", MISSED_AND_HELP));

        assertThat(k.state()).isEqualTo(ContactState.INVITED);
        assertThat(k.invitationId()).isNotEqualTo("naming-1");
    }

    @Test
    void narrowerConsentDownToNothingKeepsTheStateAndTheNaming() {
        SupportContact k = MemberContacts.revised(
                contact("sam@example.org", MISSED_AND_HELP, ContactState.CONFIRMED),
                input("sam@example.org", Set.of()));

        assertThat(k.state()).isEqualTo(ContactState.CONFIRMED);
        assertThat(k.invitationId()).isEqualTo("naming-1");
        assertThat(k.consent()).isEmpty();
    }

    @Test
    void anUnsubscribedContactIsNotAskedAgainAtTheSameAddressWhateverTheConsent() {
        SupportContact k = MemberContacts.revised(
                contact("sam@example.org", MISSED, ContactState.UNSUBSCRIBED),
                input("sam@example.org", MISSED_AND_HELP));

        assertThat(k.state()).isEqualTo(ContactState.UNSUBSCRIBED);
        assertThat(k.invitationId()).isEqualTo("naming-1");
    }

    @Test
    void anUnsubscribedContactAtANewAddressIsInvitedThere() {
        SupportContact k = MemberContacts.revised(
                contact("sam@example.org", MISSED, ContactState.UNSUBSCRIBED), input("sam.new@example.org", MISSED));

        assertThat(k.state()).isEqualTo(ContactState.INVITED);
        assertThat(k.invitationId()).isNotEqualTo("naming-1");
    }
}
