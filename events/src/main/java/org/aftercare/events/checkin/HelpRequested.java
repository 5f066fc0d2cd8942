package org.aftercare.events.checkin;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import org.aftercare.events.Require;

/**
 * The member pressed "I need help now" outside a check-in (the help link in every member email and
 * page). Acted on like a "need help now" answer: crisis support to the member and an escalation.
 * {@code requestId} is unique per use the scheduler accepted, so each accepted use is its own event.
 */
@JsonTypeName("help.requested")
public record HelpRequested(String eventId, int schemaVersion, Instant occurredAt, String memberId, String requestId)
        implements CheckInResponseEvent {

    public static final int SCHEMA_VERSION = 1;

    public HelpRequested {
        Require.envelope(eventId, schemaVersion, occurredAt, memberId);
        Require.text(requestId, "requestId");
    }

    public static HelpRequested of(String memberId, String requestId, Instant now) {
        return new HelpRequested("help:" + requestId, SCHEMA_VERSION, now, memberId, requestId);
    }
}
