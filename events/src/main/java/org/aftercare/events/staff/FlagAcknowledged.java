package org.aftercare.events.staff;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import org.aftercare.events.Require;

/** A staff member took the flag on: it stops moving on to the next staff member. */
@JsonTypeName("flag.acknowledged")
public record FlagAcknowledged(
        String eventId, int schemaVersion, Instant occurredAt, String memberId, String staffId, String flagId)
        implements StaffActionEvent {

    public static final int SCHEMA_VERSION = 1;

    public FlagAcknowledged {
        Require.envelope(eventId, schemaVersion, occurredAt, memberId);
        Require.text(staffId, "staffId");
        Require.text(flagId, "flagId");
    }

    public static FlagAcknowledged of(String actionId, String memberId, String staffId, String flagId, Instant now) {
        return new FlagAcknowledged("flag.acknowledged:" + actionId, SCHEMA_VERSION, now, memberId, staffId, flagId);
    }
}
