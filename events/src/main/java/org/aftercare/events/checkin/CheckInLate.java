package org.aftercare.events.checkin;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import org.aftercare.events.Require;

/** The grace period passed without an answer; the member gets one gentle reminder. */
@JsonTypeName("checkin.late")
public record CheckInLate(
        String eventId, int schemaVersion, Instant occurredAt, String memberId, String checkInId, Instant dueAt)
        implements CheckInStatusEvent {

    public static final int SCHEMA_VERSION = 1;

    public CheckInLate {
        Require.envelope(eventId, schemaVersion, occurredAt, memberId);
        Require.text(checkInId, "checkInId");
        Require.present(dueAt, "dueAt");
    }

    public static CheckInLate of(String memberId, String checkInId, Instant dueAt, Instant now) {
        return new CheckInLate("late:" + checkInId, SCHEMA_VERSION, now, memberId, checkInId, dueAt);
    }
}
