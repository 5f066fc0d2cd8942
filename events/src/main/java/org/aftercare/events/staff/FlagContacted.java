package org.aftercare.events.staff;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import org.aftercare.events.Require;

/** A staff member reached (or tried to reach) the member about the flag. */
@JsonTypeName("flag.contacted")
public record FlagContacted(
        String eventId, int schemaVersion, Instant occurredAt, String memberId, String staffId, String flagId)
        implements StaffActionEvent {

    public static final int SCHEMA_VERSION = 1;

    public FlagContacted {
        Require.envelope(eventId, schemaVersion, occurredAt, memberId);
        Require.text(staffId, "staffId");
        Require.text(flagId, "flagId");
    }

    public static FlagContacted of(String actionId, String memberId, String staffId, String flagId, Instant now) {
        return new FlagContacted("flag.contacted:" + actionId, SCHEMA_VERSION, now, memberId, staffId, flagId);
    }
}
