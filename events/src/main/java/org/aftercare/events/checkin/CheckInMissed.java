package org.aftercare.events.checkin;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import org.aftercare.events.Require;

/** respondBy passed without an answer; {@code consecutiveMisses} counts this one. */
@JsonTypeName("checkin.missed")
public record CheckInMissed(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String memberId,
        String checkInId,
        Instant dueAt,
        int consecutiveMisses)
        implements CheckInStatusEvent {

    public static final int SCHEMA_VERSION = 1;

    public CheckInMissed {
        Require.envelope(eventId, schemaVersion, occurredAt, memberId);
        Require.text(checkInId, "checkInId");
        Require.present(dueAt, "dueAt");
        Require.atLeast(consecutiveMisses, "consecutiveMisses", 1);
    }

    public static CheckInMissed of(
            String memberId, String checkInId, Instant dueAt, int consecutiveMisses, Instant now) {
        return new CheckInMissed(
                "missed:" + checkInId, SCHEMA_VERSION, now, memberId, checkInId, dueAt, consecutiveMisses);
    }
}
