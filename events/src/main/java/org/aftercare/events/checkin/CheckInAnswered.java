package org.aftercare.events.checkin;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import org.aftercare.events.Require;

/**
 * The member's answer to one check-in. Craving is 0-10 and mood 1-5, both optional; the note is
 * the member's own words and must never be logged.
 */
@JsonTypeName("checkin.answered")
public record CheckInAnswered(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String memberId,
        String checkInId,
        AnswerStatus status,
        Integer craving,
        Integer mood,
        String note) implements CheckInResponseEvent {

    public static final int SCHEMA_VERSION = 1;
    public static final int MAX_NOTE_LENGTH = 2000;

    public CheckInAnswered {
        Require.envelope(eventId, schemaVersion, occurredAt, memberId);
        Require.text(checkInId, "checkInId");
        Require.present(status, "status");
        Require.optionalRange(craving, "craving", 0, 10);
        Require.optionalRange(mood, "mood", 1, 5);
        Require.optionalText(note, "note", MAX_NOTE_LENGTH);
    }

    /** One answer per check-in: a resubmitted form yields the same event id. */
    public static CheckInAnswered of(
            String memberId, String checkInId, AnswerStatus status, Integer craving, Integer mood, String note,
            Instant answeredAt) {
        return new CheckInAnswered("answer:" + checkInId, SCHEMA_VERSION, answeredAt, memberId, checkInId, status,
                craving, mood, note);
    }
}
