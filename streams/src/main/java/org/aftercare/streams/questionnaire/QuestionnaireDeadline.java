package org.aftercare.streams.questionnaire;

import java.time.Instant;
import org.aftercare.streams.deadline.DeadlineIndex;

/**
 * One pending time-based step of a tracked questionnaire, in the questionnaire deadline index
 * ({@link QuestionnaireLifecycle#DEADLINES}) under a key that sorts by time.
 */
public record QuestionnaireDeadline(String memberId, String questionnaireId, Kind kind, Instant at) {

    public enum Kind {
        /** One reminder, if still unanswered. */
        REMIND,
        /** The link's life ended: recorded missed if still unanswered. */
        EXPIRE,
        /** Forget the closed questionnaire (keeps the stores bounded). */
        PURGE
    }

    public String key() {
        return DeadlineIndex.key(at, kind.name(), questionnaireId);
    }
}
