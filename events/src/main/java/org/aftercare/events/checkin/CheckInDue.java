package org.aftercare.events.checkin;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import org.aftercare.events.Ids;
import org.aftercare.events.Require;

/**
 * A check-in opened: the member should answer by {@code respondBy}. {@code catchUp} marks one
 * emitted late, after scheduler downtime. The check-in id is derived from the member and the due
 * instant, so a re-emitted check-in is the same check-in.
 */
@JsonTypeName("checkin.due")
public record CheckInDue(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String memberId,
        String checkInId,
        Instant dueAt,
        Instant respondBy,
        boolean catchUp)
        implements CheckInDueEvent {

    public static final int SCHEMA_VERSION = 1;

    public CheckInDue {
        Require.envelope(eventId, schemaVersion, occurredAt, memberId);
        Require.text(checkInId, "checkInId");
        Require.present(dueAt, "dueAt");
        Require.present(respondBy, "respondBy");
        Require.check(respondBy.isAfter(dueAt), "respondBy must be after dueAt");
    }

    public static CheckInDue of(String memberId, Instant dueAt, Instant respondBy, Instant now, boolean catchUp) {
        String checkInId = Ids.checkInId(memberId, dueAt);
        return new CheckInDue("due:" + checkInId, SCHEMA_VERSION, now, memberId, checkInId, dueAt, respondBy, catchUp);
    }
}
