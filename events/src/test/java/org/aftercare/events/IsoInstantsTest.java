package org.aftercare.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Instants are read and written by {@link IsoInstants} exactly as Jackson's JavaTimeModule did:
 * the same text out for every instant, the same instant in for every text it accepted, and a
 * refusal for every text it refused. The reference is a mapper with the JavaTimeModule alone and
 * the time settings of {@link Json}.
 */
class IsoInstantsTest {

    private static final ObjectMapper BEFORE = ReadAsBefore.BEFORE;

    private static List<Instant> instants() {
        List<Instant> all = new ArrayList<>(List.of(
                Instant.EPOCH,
                Instant.parse("2026-03-08T13:00:00Z"),
                Instant.parse("2026-03-08T13:00:00.120Z"),
                Instant.parse("2026-03-08T13:00:00.000001Z"),
                Instant.parse("2026-03-08T13:00:00.000000001Z"),
                Instant.parse("1969-12-31T23:59:59.999Z"),
                Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.MIN,
                Instant.MAX));
        Random random = new Random(14);
        long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            long seconds = first + (long) (random.nextDouble() * (last - first));
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            all.add(Instant.ofEpochSecond(seconds, nanos));
        }
        return all;
    }

    @Test
    void everyInstantIsWrittenAsJavaTimeWroteIt() throws Exception {
        for (Instant instant : instants()) {
            assertThat(IsoInstants.format(instant)).isEqualTo(instant.toString());
            assertThat(Json.writer().writeValueAsString(instant))
                    .as("%s", instant)
                    .isEqualTo(BEFORE.writeValueAsString(instant));
        }
    }

    @Test
    void everyWrittenInstantIsReadBackAsTheSameInstant() throws Exception {
        for (Instant instant : instants()) {
            String json = BEFORE.writeValueAsString(instant);
            assertThat(Json.readerFor(Instant.class).<Instant>readValue(json))
                    .as(json)
                    .isEqualTo(instant);
        }
    }

    @Test
    void textOutsideThePlainFormIsReadOrRefusedAsBefore() throws Exception {
        List<String> texts = List.of(
                "\"2026-03-08T13:00:00+01:00\"",
                "\"2026-03-08T13:00:00-05:30\"",
                "\"2026-03-08t13:00:00z\"",
                "\" 2026-03-08T13:00:00Z \"",
                "\"2026-03-08T13:00Z\"",
                "\"2026-03-08T23:59:60Z\"",
                "\"2026-03-08T24:00:00Z\"",
                "\"2026-02-29T10:00:00Z\"",
                "\"2024-02-29T10:00:00Z\"",
                "\"2026-02-30T10:00:00Z\"",
                "\"2026-13-01T10:00:00Z\"",
                "\"2026-03-08T13:00:00.Z\"",
                "\"2026-03-08T13:00:00.1234567890Z\"",
                "\"2026-03-08T13:00:00.5Z\"",
                "\"2026-03-08 13:00:00Z\"",
                "\"2026-3-8T13:00:00Z\"",
                "\"+2026-03-08T13:00:00Z\"",
                "\"-0001-12-31T23:59:59Z\"",
                "\"\"",
                "\"not a time\"",
                "1772982000",
                "1772982000.5",
                "null");
        ReadAsBefore.assertEveryTextReadOrRefusedAsBefore(Instant.class, texts);
    }
}
