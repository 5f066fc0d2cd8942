package org.aftercare.events.contact;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import org.aftercare.events.Require;

/** The contact asked for no more email (RFC 8058 one-click or the page). */
@JsonTypeName("contact.unsubscribed")
public record ContactUnsubscribed(
        String eventId, int schemaVersion, Instant occurredAt, String memberId, String contactId)
        implements ContactActionEvent {

    public static final int SCHEMA_VERSION = 1;

    public ContactUnsubscribed {
        Require.envelope(eventId, schemaVersion, occurredAt, memberId);
        Require.text(contactId, "contactId");
    }

    public static ContactUnsubscribed of(String actionId, String memberId, String contactId, Instant now) {
        return new ContactUnsubscribed("contact.unsubscribed:" + actionId, SCHEMA_VERSION, now, memberId, contactId);
    }
}
