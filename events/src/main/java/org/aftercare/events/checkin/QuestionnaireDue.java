package org.aftercare.events.checkin;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import org.aftercare.events.Require;

/**
 * A questionnaire of the member's plan opened (issue 13): the scheduler created occurrence
 * {@code questionnaireId} of {@code instrumentId} at {@code dueAt}, answerable through its link
 * until {@code expiresAt}. Streams prompts the member, reminds them once, and records it missed at
 * {@code expiresAt}; a missed questionnaire never escalates by itself. The occurrence id is derived
 * from the member, the instrument and the due instant, so a re-emitted one is the same questionnaire.
 */
@JsonTypeName("questionnaire.due")
public record QuestionnaireDue(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String memberId,
        String questionnaireId,
        String instrumentId,
        Instant dueAt,
        Instant expiresAt,
        boolean catchUp)
        implements CheckInDueEvent {

    public static final int SCHEMA_VERSION = 1;

    public QuestionnaireDue {
        Require.envelope(eventId, schemaVersion, occurredAt, memberId);
        Require.text(questionnaireId, "questionnaireId");
        Require.check(questionnaireId.startsWith("qn-"), "questionnaireId must start with qn-");
        Require.text(instrumentId, "instrumentId");
        Require.present(dueAt, "dueAt");
        Require.present(expiresAt, "expiresAt");
        Require.check(expiresAt.isAfter(dueAt), "expiresAt must be after dueAt");
    }

    public static QuestionnaireDue of(
            String memberId,
            String questionnaireId,
            String instrumentId,
            Instant dueAt,
            Instant expiresAt,
            Instant now,
            boolean catchUp) {
        return new QuestionnaireDue(
                "due:" + questionnaireId,
                SCHEMA_VERSION,
                now,
                memberId,
                questionnaireId,
                instrumentId,
                dueAt,
                expiresAt,
                catchUp);
    }
}
