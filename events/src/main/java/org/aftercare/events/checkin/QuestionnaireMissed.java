package org.aftercare.events.checkin;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import org.aftercare.events.Require;

/**
 * A questionnaire's link expired unanswered (issue 13), for the audit trail and the staff console.
 * It is not a missed check-in: it counts toward no run of misses, opens no escalation and raises no
 * flag. {@link #checkInId()} is the questionnaire id, so readers of {@code checkin.status} that
 * index outcomes by id keep working.
 */
@JsonTypeName("questionnaire.missed")
public record QuestionnaireMissed(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String memberId,
        String questionnaireId,
        String instrumentId,
        Instant dueAt)
        implements CheckInStatusEvent {

    public static final int SCHEMA_VERSION = 1;

    public QuestionnaireMissed {
        Require.envelope(eventId, schemaVersion, occurredAt, memberId);
        Require.text(questionnaireId, "questionnaireId");
        Require.text(instrumentId, "instrumentId");
        Require.present(dueAt, "dueAt");
    }

    @Override
    @JsonIgnore
    public String checkInId() {
        return questionnaireId;
    }

    public static QuestionnaireMissed of(
            String memberId, String questionnaireId, String instrumentId, Instant dueAt, Instant now) {
        return new QuestionnaireMissed(
                "missed:" + questionnaireId, SCHEMA_VERSION, now, memberId, questionnaireId, instrumentId, dueAt);
    }
}
