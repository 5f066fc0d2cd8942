package org.aftercare.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.List;

/**
 * The reference for our own time readers: a mapper with Jackson's JavaTimeModule alone and the time
 * settings of {@link Json}, and the check that {@link Json} reads each text as it did.
 */
final class ReadAsBefore {

    static final ObjectMapper BEFORE = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    private ReadAsBefore() {}

    /** Each JSON text is read by {@link Json} to the value {@link #BEFORE} reads, or refused as it refuses it. */
    static void assertEveryTextReadOrRefusedAsBefore(Class<?> type, List<String> texts) {
        for (String text : texts) {
            assertThat(outcome(Json.readerFor(type)::readValue, text))
                    .as(text)
                    .isEqualTo(outcome(t -> BEFORE.readerFor(type).readValue(t), text));
        }
    }

    @FunctionalInterface
    private interface Read {
        Object read(String text) throws Exception;
    }

    /** The value read, or "refused". */
    private static String outcome(Read read, String text) {
        try {
            return String.valueOf(read.read(text));
        } catch (Exception e) {
            return "refused";
        }
    }
}
