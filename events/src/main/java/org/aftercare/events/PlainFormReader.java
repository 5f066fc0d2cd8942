package org.aftercare.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.util.function.Function;

/**
 * Reads a time value in the plain form every event writes with a parser of our own, and anything
 * else (and every error) through Jackson's own deserializer for the type. In: a JSON value. Out:
 * what {@code plain} gives for a string in the plain form (it answers null for any other text),
 * else what {@code jackson} gives or throws, as before.
 */
final class PlainFormReader<T> extends JsonDeserializer<T> {

    private final Class<T> type;
    private final Function<String, T> plain;
    private final JsonDeserializer<T> jackson;

    PlainFormReader(Class<T> type, Function<String, T> plain, JsonDeserializer<T> jackson) {
        this.type = type;
        this.plain = plain;
        this.jackson = jackson;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            T fast = plain.apply(p.getText());
            if (fast != null) {
                return fast;
            }
        }
        return jackson.deserialize(p, ctxt);
    }

    @Override
    public Class<?> handledType() {
        return type;
    }
}
