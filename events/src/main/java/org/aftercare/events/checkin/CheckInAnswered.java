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
        String note)
        implements CheckInResponseEvent {

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

    /**
     * One answer through one link: {@code answerId} is the link's id, so a resubmitted form yields
     * the same event id, while a second answer to the same check-in through another link (the
     * prompt's and the reminder's) is an event of its own, recorded and acted on.
     */
    public static CheckInAnswered of(
            String memberId,
            String checkInId,
            String answerId,
            AnswerStatus status,
            Integer craving,
            Integer mood,
            String note,
            Instant answeredAt) {
        Require.text(answerId, "answerId");
        return new CheckInAnswered(
                "answer:" + checkInId + ":" + answerId,
                SCHEMA_VERSION,
                answeredAt,
                memberId,
                checkInId,
                status,
                craving,
                mood,
                note);
    }

    /** Orders answers by how much they ask of the program: a more severe second answer to a check-in wins. */
    public static int severity(AnswerStatus status) {
        return switch (status) {
            case OK -> 0;
            case STRUGGLING -> 1;
            case USED -> 2;
            case NEED_HELP -> 3;
        };
    }
}
