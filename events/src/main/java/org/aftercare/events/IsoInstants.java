package org.aftercare.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Instants in the one form every event writes them, {@code 2026-03-08T13:00:00Z} with 0, 3, 6 or 9
 * fraction digits (what {@link Instant#toString()} and Jackson's own serializer write), read and
 * written without {@code java.time}'s general-purpose formatter, which was an eighth of the
 * decisions thread's time (issue 14). In: the text of one JSON value. Out: the same instant, or the
 * same text, as before: {@link #format} gives exactly {@link Instant#toString()}; {@link #parse}
 * reads only that plain form (years 0000-9999, upper-case {@code T} and {@code Z}, valid fields) and
 * answers null for anything else, which {@link #module()} hands to Jackson's own deserializer, so
 * what was accepted or refused before still is, with the same errors.
 */
public final class IsoInstants {

    private static final long SECONDS_PER_DAY = 86_400;
    /** The first and last epoch days of the years 0000-9999, which {@link Instant#toString()} writes with four digits. */
    private static final long MIN_DAY = LocalDate.of(0, 1, 1).toEpochDay();

    private static final long MAX_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    private IsoInstants() {}

    /** Exactly {@link Instant#toString()}. */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        long day = Math.floorDiv(seconds, SECONDS_PER_DAY);
        LocalDate date = day >= MIN_DAY && day <= MAX_DAY ? LocalDate.ofEpochDay(day) : null;
        if (date == null) {
            return instant.toString();
        }
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        int nanos = instant.getNano();
        char[] out = new char[30];
        int year = date.getYear();
        digits(out, 0, year, 4);
        out[4] = '-';
        digits(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60, 2);
        int at = 19;
        if (nanos != 0) {
            out[at++] = '.';
            if (nanos % 1_000_000 == 0) {
                digits(out, at, nanos / 1_000_000, 3);
                at += 3;
            } else if (nanos % 1_000 == 0) {
                digits(out, at, nanos / 1_000, 6);
                at += 6;
            } else {
                digits(out, at, nanos, 9);
                at += 9;
            }
        }
        out[at++] = 'Z';
        return new String(out, 0, at);
    }

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * The instant of {@code text} when it is in the plain form ({@code yyyy-MM-ddTHH:mm:ss}, then
     * an optional fraction of 1-9 digits, then {@code Z}) with valid fields; null for anything else.
     */
    public static Instant parse(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z') {
            return null;
        }
        if (text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        if (year < 0
                || month < 0
                || day < 0
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            int digits = length - 21;
            if (text.charAt(19) != '.' || digits < 1 || digits > 9) {
                return null;
            }
            int fraction = number(text, 20, digits);
            if (fraction < 0) {
                return null;
            }
            for (int i = digits; i < 9; i++) {
                fraction *= 10;
            }
            nanos = fraction;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null; // an invalid date: Jackson's own deserializer refuses it as it always did
        }
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nanos);
    }

    /** The decimal number of {@code width} digits at {@code at}, or -1 when one of them is not a digit. */
    static int number(String text, int at, int width) {
        int value = 0;
        for (int i = at; i < at + width; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** The Jackson module that reads and writes instants this way (registered after the JavaTimeModule, so it wins). */
    static SimpleModule module() {
        SimpleModule module = new SimpleModule("iso-instants");
        module.addSerializer(Instant.class, new Writer());
        module.addDeserializer(
                Instant.class, new PlainFormReader<>(Instant.class, IsoInstants::parse, InstantDeserializer.INSTANT));
        return module;
    }

    private static final class Writer extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(format(value));
        }

        @Override
        public Class<Instant> handledType() {
            return Instant.class;
        }
    }
}
