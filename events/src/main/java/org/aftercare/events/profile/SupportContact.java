package org.aftercare.events.profile;

import java.util.Set;
import org.aftercare.events.Require;

/**
 * One person the member named for support. Order in {@link MemberProfile#contacts()} is the
 * escalation order. {@code invitationId} names the naming the contact's confirmation is for: the
 * scheduler gives it a new value whenever the contact is (re)invited (added, a new address, a
 * wider consent, invited again), streams invites once per value, and every link sent to the
 * contact is bound to it and to the address ({@code Links.contactBinding}), so an older link, or
 * one that went to a mistyped address, confirms nothing. Null only in snapshots written before it existed.
 */
public record SupportContact(
        String contactId,
        String name,
        String email,
        String relationship,
        Set<ConsentScope> consent,
        ContactState state,
        String invitationId) {

    public SupportContact {
        Require.text(contactId, "contact.contactId");
        Require.text(name, "contact.name");
        Require.text(email, "contact.email");
        consent = Require.set(consent);
        Require.present(state, "contact.state");
        Require.check(invitationId == null || !invitationId.isBlank(), "contact.invitationId must not be blank");
    }

    /** A contact without a naming id (tests, snapshots written before it existed). */
    public SupportContact(
            String contactId,
            String name,
            String email,
            String relationship,
            Set<ConsentScope> consent,
            ContactState state) {
        this(contactId, name, email, relationship, consent, state, null);
    }

    /** Is there anything the member consented to share with this contact? Without it, no invitation goes out. */
    public boolean hasConsent() {
        return !consent.isEmpty();
    }

    /** May this contact be told about this kind of thing right now? */
    public boolean mayReceive(ConsentScope scope) {
        return state == ContactState.CONFIRMED && consent.contains(scope);
    }
}
