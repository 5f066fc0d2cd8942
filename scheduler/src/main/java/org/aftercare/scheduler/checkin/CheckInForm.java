package org.aftercare.scheduler.checkin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.checkin.CheckInAnswered;

/**
 * The check-in form's fields checked into a typed answer. In: the posted fields ({@code status}
 * one of {@code ok}, {@code struggling}, {@code used}, {@code need-help}; optional {@code craving}
 * and {@code mood} on their scales; an optional {@code note} of at most
 * {@link CheckInAnswered#MAX_NOTE_LENGTH} characters). Out: the {@link Answer}, or a reason per
 * field, worded for the member, in the order the form shows the fields. It knows no HTTP and no
 * database, so what counts as an answer is decided (and tested) in one place.
 */
public final class CheckInForm {

    /** The craving scale: 0 = none, 10 = very strong. */
    public static final int CRAVING_MIN = 0;

    public static final int CRAVING_MAX = 10;
    /** The mood scale: 1 = very low, 5 = very good. */
    public static final int MOOD_MIN = 1;

    public static final int MOOD_MAX = 5;

    /** A checked answer: the scales are null when not chosen, the note is stripped and null when empty. */
    public record Answer(AnswerStatus status, Integer craving, Integer mood, String note) {}

    /** What checking the form found: an answer, or what to ask the member to fix. */
    public sealed interface Checked permits Valid, Invalid {}

    public record Valid(Answer answer) implements Checked {}

    /** A reason per field ({@code status}, {@code craving}, {@code mood}, {@code note}), in the form's order. */
    public record Invalid(Map<String, String> errors) implements Checked {
        public Invalid {
            errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
        }
    }

    private CheckInForm() {}

    public static Checked check(Map<String, String> form) {
        Map<String, String> errors = new LinkedHashMap<>();
        AnswerStatus status = status(form.get("status"));
        if (status == null) {
            errors.put("status", "Please choose how you are doing.");
        }
        Integer craving = number(form.get("craving"), CRAVING_MIN, CRAVING_MAX, "craving", errors);
        Integer mood = number(form.get("mood"), MOOD_MIN, MOOD_MAX, "mood", errors);
        String note = form.getOrDefault("note", "").strip();
        if (note.length() > CheckInAnswered.MAX_NOTE_LENGTH) {
            errors.put("note", "Please keep the note under " + CheckInAnswered.MAX_NOTE_LENGTH + " characters.");
        }
        if (!errors.isEmpty()) {
            return new Invalid(errors);
        }
        return new Valid(new Answer(status, craving, mood, note.isEmpty() ? null : note));
    }

    /** The status as the form sends it ({@code need-help} for {@code NEED_HELP}), in any case; null when none matches. */
    private static AnswerStatus status(String value) {
        if (value == null) {
            return null;
        }
        for (AnswerStatus s : AnswerStatus.values()) {
            if (s.name().equalsIgnoreCase(value.replace('-', '_'))) {
                return s;
            }
        }
        return null;
    }

    /** A whole number from {@code min} to {@code max}; null when blank (the scales are optional) or when refused. */
    private static Integer number(String value, int min, int max, String field, Map<String, String> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below, like a number out of range
        }
        errors.put(field, "Please choose a number from " + min + " to " + max + ".");
        return null;
    }
}
