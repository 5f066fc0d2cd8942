package org.aftercare.notifier.render;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.kit.links.LinkKind;
import org.aftercare.notifier.staff.InvalidIntentData;

/**
 * The template data of a {@code questionnaire-prompt} or {@code questionnaire-reminder} intent,
 * read and checked (the contract streams writes to): which occurrence ({@code data.questionnaireId},
 * {@code qn-...}, the subject of its {@link LinkKind#QUESTIONNAIRE} link) and when it closes
 * ({@code data.expiresAt}, an ISO-8601 instant, else the intent's own {@code expiresAt}). Either one
 * missing or malformed is {@link InvalidIntentData}: such an email would have no working link or
 * no honest "open until", so it is dead-lettered instead of sent. The message names the key, never
 * the value.
 */
public record QuestionnaireInvite(String questionnaireId, Instant closesAt) {

    public static final String QUESTIONNAIRE_ID = "questionnaireId";
    public static final String EXPIRES_AT = "expiresAt";

    /** Do intents of this kind carry a questionnaire (and so must carry this data)? */
    public static boolean carries(OutreachKind kind) {
        return kind == OutreachKind.QUESTIONNAIRE_PROMPT || kind == OutreachKind.QUESTIONNAIRE_REMINDER;
    }

    public static QuestionnaireInvite from(OutreachRequest request) {
        String id = request.data().get(QUESTIONNAIRE_ID);
        // The link kind owns the subject rule: what it would refuse to seal is refused here first.
        if (id == null || !LinkKind.QUESTIONNAIRE.subject().accepts(id)) {
            throw new InvalidIntentData(
                    "data." + QUESTIONNAIRE_ID + " must be a questionnaire id (qn-..., without ':')");
        }
        return new QuestionnaireInvite(id, closesAt(request));
    }

    private static Instant closesAt(OutreachRequest request) {
        String raw = request.data().get(EXPIRES_AT);
        if (raw == null) {
            if (request.expiresAt() == null) {
                throw new InvalidIntentData(
                        "data." + EXPIRES_AT + " (or the intent's expiresAt) is required for a questionnaire email");
            }
            return request.expiresAt();
        }
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw new InvalidIntentData("data." + EXPIRES_AT + " must be an ISO-8601 instant");
        }
    }
}
