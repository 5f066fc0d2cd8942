package org.aftercare.scheduler.questionnaire;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One questionnaire a member was asked to fill in, as stored: the instrument and the version fixed
 * when it was opened, when it opened and expires, when it was completed (null while open), the
 * answers given so far (item id to value; member data, never logged), the item the member is on
 * ({@link QuestionnaireFlow#SEND} for the last screen, null before the first save) and the revision
 * every save moves on. {@code critical}: the completed result raised a critical flag rule.
 */
public record Occurrence(
        String questionnaireId,
        String memberId,
        String instrumentId,
        int instrumentVersion,
        Instant openedAt,
        Instant expiresAt,
        Instant completedAt,
        Map<String, Integer> answers,
        String currentItem,
        int revision,
        boolean critical) {

    /** Where an occurrence stands at a given time. */
    public enum State {
        OPEN,
        COMPLETED,
        EXPIRED
    }

    public Occurrence {
        answers = Collections.unmodifiableMap(new LinkedHashMap<>(answers));
    }

    public State state(Instant now) {
        if (completedAt != null) {
            return State.COMPLETED;
        }
        return now.isBefore(expiresAt) ? State.OPEN : State.EXPIRED;
    }
}
