package org.aftercare.events.contact;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import org.aftercare.events.Require;

/**
 * The contact answered "Were you able to reach them?" after saying "I've reached out": yes
 * closes the escalation for good; "not yet" reopens it (as silence does when the question goes
 * unanswered).
 */
@JsonTypeName("contact.reach-reported")
public record ReachReported(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String memberId,
        String contactId,
        String escalationId,
        boolean reached)
        implements ContactActionEvent {

    public static final int SCHEMA_VERSION = 1;

    public ReachReported {
        Require.envelope(eventId, schemaVersion, occurredAt, memberId);
        Require.text(contactId, "contactId");
        Require.text(escalationId, "escalationId");
    }

    public static ReachReported of(
            String actionId, String memberId, String contactId, String escalationId, boolean reached, Instant now) {
        return new ReachReported(
                "contact.reach-reported:" + actionId, SCHEMA_VERSION, now, memberId, contactId, escalationId, reached);
    }
}
