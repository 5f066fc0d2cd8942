package org.aftercare.events.staff;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import org.aftercare.events.Require;
import org.aftercare.events.flag.FlagOutcome;

/** A staff member closed the flag with an outcome. */
@JsonTypeName("flag.resolved")
public record FlagResolved(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String memberId,
        String staffId,
        String flagId,
        FlagOutcome outcome)
        implements StaffActionEvent {

    public static final int SCHEMA_VERSION = 1;

    public FlagResolved {
        Require.envelope(eventId, schemaVersion, occurredAt, memberId);
        Require.text(staffId, "staffId");
        Require.text(flagId, "flagId");
        Require.present(outcome, "outcome");
    }

    public static FlagResolved of(
            String actionId, String memberId, String staffId, String flagId, FlagOutcome outcome, Instant now) {
        return new FlagResolved("flag.resolved:" + actionId, SCHEMA_VERSION, now, memberId, staffId, flagId, outcome);
    }
}
