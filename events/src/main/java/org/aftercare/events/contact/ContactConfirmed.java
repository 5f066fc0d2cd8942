package org.aftercare.events.contact;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import org.aftercare.events.Require;

/** The contact accepted the member's invitation to be a support contact. */
@JsonTypeName("contact.confirmed")
public record ContactConfirmed(String eventId, int schemaVersion, Instant occurredAt, String memberId, String contactId)
        implements ContactActionEvent {

    public static final int SCHEMA_VERSION = 1;

    public ContactConfirmed {
        Require.envelope(eventId, schemaVersion, occurredAt, memberId);
        Require.text(contactId, "contactId");
    }

    public static ContactConfirmed of(String actionId, String memberId, String contactId, Instant now) {
        return new ContactConfirmed("contact.confirmed:" + actionId, SCHEMA_VERSION, now, memberId, contactId);
    }
}
