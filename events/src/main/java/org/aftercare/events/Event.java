package org.aftercare.events;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;

/**
 * The envelope every event on every topic carries. The {@code type} field in the JSON comes from
 * the {@link JsonTypeName} of the record (written and read by Jackson's type info on each topic's
 * sealed interface); the Kafka record key is always {@link #memberId()}.
 */
public interface Event {

    /** Unique per fact; deterministic wherever a retry could otherwise create the same fact twice. */
    String eventId();

    int schemaVersion();

    Instant occurredAt();

    String memberId();

    /** The JSON {@code type} discriminator of this event, for logs and metrics. */
    default String type() {
        JsonTypeName name = getClass().getAnnotation(JsonTypeName.class);
        return name == null ? getClass().getSimpleName() : name.value();
    }
}
