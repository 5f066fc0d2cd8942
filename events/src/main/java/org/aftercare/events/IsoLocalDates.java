package org.aftercare.events;

import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.LocalDateDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.LocalTimeDeserializer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * Local dates and times in the forms every event writes them ({@code 2026-03-08}; {@code 21:00} or
 * {@code 21:00:00}), read without {@code java.time}'s general-purpose formatter, which was most of
 * the cost of reading a member's profile (its plan times, quiet hours and dates; issue 14). In: the
 * text of one JSON value. Out: the same value as before: {@link #parseDate} and {@link #parseTime}
 * read only those plain forms with valid fields and answer null for anything else, which
 * {@link #module()} hands to Jackson's own deserializers, so what was accepted or refused before
 * still is, with the same errors. Writing is unchanged (Jackson's own serializers).
 */
public final class IsoLocalDates {

    private IsoLocalDates() {}

    /** The date of {@code text} when it is exactly {@code yyyy-MM-dd} with a valid date; null for anything else. */
    public static LocalDate parseDate(String text) {
        if (text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            return null;
        }
        int year = IsoInstants.number(text, 0, 4);
        int month = IsoInstants.number(text, 5, 2);
        int day = IsoInstants.number(text, 8, 2);
        if (year < 0 || month < 0 || day < 0) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null; // an invalid date: Jackson's own deserializer refuses it as it always did
        }
    }

    /** The time of {@code text} when it is exactly {@code HH:mm} or {@code HH:mm:ss} with valid fields; null otherwise. */
    public static LocalTime parseTime(String text) {
        int length = text.length();
        if ((length != 5 && length != 8) || text.charAt(2) != ':' || (length == 8 && text.charAt(5) != ':')) {
            return null;
        }
        int hour = IsoInstants.number(text, 0, 2);
        int minute = IsoInstants.number(text, 3, 2);
        int second = length == 8 ? IsoInstants.number(text, 6, 2) : 0;
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        return LocalTime.of(hour, minute, second);
    }

    /** The Jackson module that reads dates and times this way (registered after the JavaTimeModule, so it wins). */
    static SimpleModule module() {
        SimpleModule module = new SimpleModule("iso-local-dates");
        module.addDeserializer(
                LocalDate.class,
                new PlainFormReader<>(LocalDate.class, IsoLocalDates::parseDate, LocalDateDeserializer.INSTANCE));
        module.addDeserializer(
                LocalTime.class,
                new PlainFormReader<>(LocalTime.class, IsoLocalDates::parseTime, LocalTimeDeserializer.INSTANCE));
        return module;
    }
}
