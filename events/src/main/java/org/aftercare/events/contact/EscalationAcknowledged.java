package org.aftercare.events.contact;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import org.aftercare.events.Require;

/** The contact said "I've reached out": the escalation is resolved and the chain stops. */
@JsonTypeName("escalation.acknowledged")
public record EscalationAcknowledged(
        String eventId, int schemaVersion, Instant occurredAt, String memberId, String contactId, String escalationId)
        implements ContactActionEvent {

    public static final int SCHEMA_VERSION = 1;

    public EscalationAcknowledged {
        Require.envelope(eventId, schemaVersion, occurredAt, memberId);
        Require.text(contactId, "contactId");
        Require.text(escalationId, "escalationId");
    }

    public static EscalationAcknowledged of(
            String actionId, String memberId, String contactId, String escalationId, Instant now) {
        return new EscalationAcknowledged(
                "escalation.acknowledged:" + actionId, SCHEMA_VERSION, now, memberId, contactId, escalationId);
    }
}
