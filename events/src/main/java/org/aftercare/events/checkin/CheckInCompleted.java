package org.aftercare.events.checkin;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import org.aftercare.events.Require;

/** The member answered; {@code late} when the answer came after respondBy. */
@JsonTypeName("checkin.completed")
public record CheckInCompleted(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String memberId,
        String checkInId,
        Instant dueAt,
        Instant answeredAt,
        boolean late)
        implements CheckInStatusEvent {

    public static final int SCHEMA_VERSION = 1;

    public CheckInCompleted {
        Require.envelope(eventId, schemaVersion, occurredAt, memberId);
        Require.text(checkInId, "checkInId");
        Require.present(dueAt, "dueAt");
        Require.present(answeredAt, "answeredAt");
    }

    public static CheckInCompleted of(
            String memberId, String checkInId, Instant dueAt, Instant answeredAt, boolean late, Instant now) {
        return new CheckInCompleted(
                "completed:" + checkInId, SCHEMA_VERSION, now, memberId, checkInId, dueAt, answeredAt, late);
    }
}
