package org.aftercare.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one Jackson configuration for every event: ISO-8601 times (instants through
 * {@link IsoInstants}, local dates and times read through {@link IsoLocalDates}), unknown fields
 * ignored (a newer writer may add fields), absent optional fields left out, trailing garbage
 * rejected.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(IsoInstants.module())
            .addModule(IsoLocalDates.module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private static final ObjectReader READER = MAPPER.reader();
    private static final ObjectWriter WRITER = MAPPER.writer();

    private Json() {}

    /**
     * Reads JSON with the one configuration (trees: {@code reader().readTree(..)}). Readers are
     * immutable and thread-safe, so nobody can reconfigure the mapper every event relies on.
     */
    public static ObjectReader reader() {
        return READER;
    }

    /** Reads JSON into one type. */
    public static ObjectReader readerFor(Class<?> type) {
        return READER.forType(type);
    }

    /** Reads JSON into one generic type (e.g. a list of strings). */
    public static ObjectReader readerFor(TypeReference<?> type) {
        return READER.forType(type);
    }

    /** Writes JSON with the one configuration; immutable and thread-safe. */
    public static ObjectWriter writer() {
        return WRITER;
    }

    /** Writes values of one type (its polymorphic type information included). */
    public static ObjectWriter writerFor(Class<?> type) {
        return WRITER.forType(type);
    }

    /** The value as a JSON tree, as this configuration writes it. */
    public static <T extends JsonNode> T tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** A new, empty JSON object. */
    public static ObjectNode object() {
        return MAPPER.getNodeFactory().objectNode();
    }

    /** The value converted to another type through its JSON form (e.g. an enum to its JSON name). */
    public static <T> T convert(Object value, Class<T> type) {
        return MAPPER.convertValue(value, type);
    }
}
