package org.aftercare.events.profile;

import java.util.Set;
import org.aftercare.events.Require;

/**
 * One person the member named for support. Order in {@link MemberProfile#contacts()} is the
 * escalation order.
 */
public record SupportContact(
        String contactId,
        String name,
        String email,
        String relationship,
        Set<ConsentScope> consent,
        ContactState state) {

    public SupportContact {
        Require.text(contactId, "contact.contactId");
        Require.text(name, "contact.name");
        Require.text(email, "contact.email");
        consent = Require.set(consent);
        Require.present(state, "contact.state");
    }

    /** May this contact be told about this kind of thing right now? */
    public boolean mayReceive(ConsentScope scope) {
        return state == ContactState.CONFIRMED && consent.contains(scope);
    }
}
