package org.aftercare.events;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one serde for every event topic. Null passes through both ways (tombstones). Anything that
 * cannot be written or read, including a record that breaks the contract's checks, becomes a
 * {@link SerializationException} whose message names the type and the reason, never the bytes.
 * It carries no cause: Jackson's own exceptions quote the input, and frameworks (Kafka Streams
 * among them) log the whole chain when they skip a record.
 */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final Class<T> type;
    private final ObjectWriter writer;
    private final ObjectReader reader;

    public JsonSerde(Class<T> type) {
        this.type = type;
        this.writer = Json.writerFor(type);
        this.reader = Json.readerFor(type);
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        try {
            return writer.writeValueAsBytes(value);
        } catch (IOException | RuntimeException e) {
            throw safe("cannot write " + type.getSimpleName() + ": " + reason(e), e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return reader.readValue(data);
        } catch (IOException | RuntimeException e) {
            throw safe("cannot read " + type.getSimpleName() + " from topic " + topic + ": " + reason(e), e);
        }
    }

    /** The exception to throw: our safe message, the failure's stack, and no cause that could quote member data. */
    private static SerializationException safe(String message, Exception failure) {
        SerializationException e = new SerializationException(message);
        e.setStackTrace(failure.getStackTrace());
        return e;
    }

    /** Reads without a topic, for HTTP bodies and tests. */
    public T read(byte[] data) {
        return deserialize(null, data);
    }

    public byte[] write(T value) {
        return serialize(null, value);
    }

    /**
     * A reason safe to log: our own field checks name the field only; for anything Jackson reports
     * we give the location or the field path, never Jackson's message, which can quote the input.
     */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ContractViolation) {
                return t.getMessage();
            }
        }
        if (e instanceof JsonParseException parse) {
            JsonLocation at = parse.getLocation();
            return at == null
                    ? "malformed JSON"
                    : "malformed JSON at line " + at.getLineNr() + ", column " + at.getColumnNr();
        }
        if (e instanceof JsonMappingException mapping) {
            String path = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String what = e instanceof InvalidTypeIdException
                    ? "unknown or missing event type"
                    : e instanceof MismatchedInputException ? "missing or mistyped value" : "invalid value";
            return path.isEmpty() ? what : what + " at '" + path + "'";
        }
        return e.getClass().getSimpleName();
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // Nothing to configure: the mapper is shared and fixed.
    }

    @Override
    public void close() {
        // Nothing to release.
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }
}
