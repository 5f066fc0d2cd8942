package org.aftercare.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Local dates and times are read by {@link IsoLocalDates} exactly as Jackson's JavaTimeModule read
 * them: the same value for every text it accepted, and a refusal for every text it refused. The
 * reference is a mapper with the JavaTimeModule alone and the time settings of {@link Json}.
 */
class IsoLocalDatesTest {

    private static final ObjectMapper BEFORE = ReadAsBefore.BEFORE;

    @Test
    void everyWrittenDateIsReadBackAsTheSameDate() throws Exception {
        List<LocalDate> dates = new ArrayList<>(List.of(
                LocalDate.of(0, 1, 1),
                LocalDate.of(2024, 2, 29),
                LocalDate.of(9999, 12, 31),
                LocalDate.of(10_000, 1, 1),
                LocalDate.of(-1, 12, 31),
                LocalDate.MIN,
                LocalDate.MAX));
        Random random = new Random(14);
        for (int i = 0; i < 20_000; i++) {
            dates.add(LocalDate.ofEpochDay(LocalDate.of(0, 1, 1).toEpochDay() + random.nextInt(3_652_059)));
        }
        for (LocalDate date : dates) {
            String json = Json.writer().writeValueAsString(date);
            assertThat(json).isEqualTo(BEFORE.writeValueAsString(date));
            assertThat(Json.readerFor(LocalDate.class).<LocalDate>readValue(json))
                    .as(json)
                    .isEqualTo(date);
        }
    }

    @Test
    void everyWrittenTimeIsReadBackAsTheSameTime() throws Exception {
        List<LocalTime> times = new ArrayList<>(List.of(LocalTime.MIDNIGHT, LocalTime.NOON, LocalTime.MAX));
        Random random = new Random(14);
        for (int i = 0; i < 20_000; i++) {
            LocalTime time = LocalTime.ofSecondOfDay(random.nextInt(86_400));
            times.add(
                    switch (i % 3) {
                        case 0 -> time.withSecond(0);
                        case 1 -> time;
                        default -> time.withNano(random.nextInt(1_000_000_000));
                    });
        }
        for (LocalTime time : times) {
            String json = Json.writer().writeValueAsString(time);
            assertThat(json).isEqualTo(BEFORE.writeValueAsString(time));
            assertThat(Json.readerFor(LocalTime.class).<LocalTime>readValue(json))
                    .as(json)
                    .isEqualTo(time);
        }
    }

    @Test
    void theFastFormsGiveWhatJavaTimeGives() {
        assertThat(IsoLocalDates.parseTime("21:00")).isEqualTo(LocalTime.parse("21:00"));
        assertThat(IsoLocalDates.parseTime("08:05:09")).isEqualTo(LocalTime.parse("08:05:09"));
        assertThat(IsoLocalDates.parseDate("2026-03-08")).isEqualTo(LocalDate.parse("2026-03-08"));
        assertThat(IsoLocalDates.parseTime("21:00:00.5")).isNull();
        assertThat(IsoLocalDates.parseDate("2026-02-29")).isNull();
    }

    @Test
    void datesOutsideThePlainFormAreReadOrRefusedAsBefore() {
        List<String> texts = List.of(
                "\"2026-03-08\"",
                "\"2024-02-29\"",
                "\"2026-02-29\"",
                "\"2026-02-30\"",
                "\"2026-13-01\"",
                "\"2026-00-10\"",
                "\"2026-01-00\"",
                "\"2026-3-8\"",
                "\"2026/03/08\"",
                "\" 2026-03-08 \"",
                "\"+2026-03-08\"",
                "\"-0001-12-31\"",
                "\"+10000-01-01\"",
                "\"2026-03-08T13:00:00\"",
                "\"2026-03-08T13:00:00Z\"",
                "\"2026-03-0a\"",
                "\"\"",
                "\"not a date\"",
                "[2026,3,8]",
                "20260308",
                "null");
        ReadAsBefore.assertEveryTextReadOrRefusedAsBefore(LocalDate.class, texts);
    }

    @Test
    void timesOutsideThePlainFormsAreReadOrRefusedAsBefore() {
        List<String> texts = List.of(
                "\"21:00\"",
                "\"21:00:00\"",
                "\"21:00:00.123\"",
                "\"21:00:00.123456789\"",
                "\"21:00:00.\"",
                "\"24:00\"",
                "\"23:60\"",
                "\"23:59:60\"",
                "\"9:00\"",
                "\"09:0\"",
                "\"09-00\"",
                "\"09:00:0\"",
                "\"09:00 \"",
                "\" 09:00\"",
                "\"0a:00\"",
                "\"2026-03-08T13:00:00\"",
                "\"13:00Z\"",
                "\"\"",
                "\"not a time\"",
                "[21,0]",
                "75600",
                "null");
        ReadAsBefore.assertEveryTextReadOrRefusedAsBefore(LocalTime.class, texts);
    }
}
