package org.aftercare.events.profile;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.regex.Pattern;
import org.aftercare.events.Require;

/**
 * One questionnaire of a member's plan (issue 13): which instrument, how often, and at what local
 * time in the member's time zone. Counted from the plan's start date; the plan's end date and pause
 * windows apply, so a questionnaire that falls on a paused day is not given (the next one is).
 * Whether the instrument exists and can be given is the scheduler's check (it holds the program's
 * definitions); this record checks only the shape.
 *
 * <ul>
 *   <li>{@code weekly}: on {@code day}, every {@code interval} weeks (1 when absent), the first on or
 *       after the start date;</li>
 *   <li>{@code every-days}: every {@code interval} days from the start date itself;</li>
 *   <li>{@code monthly}: on {@code dayOfMonth} (1-28, so every month has it), every {@code interval}
 *       months (1 when absent), the first on or after the start date.</li>
 * </ul>
 */
public record QuestionnaireSchedule(
        String instrument, Repeat repeat, Integer interval, DayOfWeek day, Integer dayOfMonth, LocalTime time) {

    /** How a questionnaire repeats. */
    public enum Repeat {
        @JsonProperty("weekly")
        WEEKLY,
        @JsonProperty("every-days")
        EVERY_DAYS,
        @JsonProperty("monthly")
        MONTHLY
    }

    /** Instrument ids as the definitions spell them. */
    public static final String INSTRUMENT_ID = "[a-z0-9][a-z0-9-]{0,63}";

    /** Compiled once: {@code String.matches} compiles its pattern on every call (every profile read). */
    private static final Pattern INSTRUMENT = Pattern.compile(INSTRUMENT_ID);

    public QuestionnaireSchedule {
        Require.text(instrument, "questionnaires.instrument");
        Require.check(
                INSTRUMENT.matcher(instrument).matches(),
                "questionnaires.instrument must be an instrument id (lower-case letters, digits and '-')");
        Require.present(repeat, "questionnaires.repeat");
        Require.present(time, "questionnaires.time");
        switch (repeat) {
            case WEEKLY -> {
                Require.present(day, "questionnaires.day");
                Require.check(dayOfMonth == null, "questionnaires.dayOfMonth is for a monthly questionnaire only");
                interval = interval == null ? 1 : interval;
                Require.check(interval >= 1 && interval <= 52, "questionnaires.interval must be 1-52 weeks");
            }
            case EVERY_DAYS -> {
                Require.present(interval, "questionnaires.interval");
                Require.check(interval >= 1 && interval <= 366, "questionnaires.interval must be 1-366 days");
                Require.check(
                        day == null && dayOfMonth == null,
                        "questionnaires.day and dayOfMonth are not used by every-days");
            }
            case MONTHLY -> {
                Require.present(dayOfMonth, "questionnaires.dayOfMonth");
                Require.check(dayOfMonth >= 1 && dayOfMonth <= 28, "questionnaires.dayOfMonth must be 1-28");
                Require.check(day == null, "questionnaires.day is for a weekly questionnaire only");
                interval = interval == null ? 1 : interval;
                Require.check(interval >= 1 && interval <= 12, "questionnaires.interval must be 1-12 months");
            }
        }
    }

    public static QuestionnaireSchedule weekly(String instrument, DayOfWeek day, LocalTime time) {
        return new QuestionnaireSchedule(instrument, Repeat.WEEKLY, 1, day, null, time);
    }

    public static QuestionnaireSchedule everyDays(String instrument, int days, LocalTime time) {
        return new QuestionnaireSchedule(instrument, Repeat.EVERY_DAYS, days, null, null, time);
    }

    public static QuestionnaireSchedule monthly(String instrument, int dayOfMonth, LocalTime time) {
        return new QuestionnaireSchedule(instrument, Repeat.MONTHLY, 1, null, dayOfMonth, time);
    }
}
