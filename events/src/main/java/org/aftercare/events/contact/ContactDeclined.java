package org.aftercare.events.contact;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import org.aftercare.events.Require;

/** The contact declined the member's invitation; they are never alerted. */
@JsonTypeName("contact.declined")
public record ContactDeclined(String eventId, int schemaVersion, Instant occurredAt, String memberId, String contactId)
        implements ContactActionEvent {

    public static final int SCHEMA_VERSION = 1;

    public ContactDeclined {
        Require.envelope(eventId, schemaVersion, occurredAt, memberId);
        Require.text(contactId, "contactId");
    }

    public static ContactDeclined of(String actionId, String memberId, String contactId, Instant now) {
        return new ContactDeclined("contact.declined:" + actionId, SCHEMA_VERSION, now, memberId, contactId);
    }
}
