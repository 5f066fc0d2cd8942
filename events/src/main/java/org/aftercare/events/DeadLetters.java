package org.aftercare.events;

/**
 * Header names on every dead-letter record, whichever service wrote it. The value is the original
 * record's bytes, unchanged, so it can be replayed once the cause is fixed. Header values hold
 * the reason and where the record came from, never member data.
 */
public final class DeadLetters {

    public static final String SOURCE_TOPIC = "dlq.source.topic";
    public static final String SOURCE_PARTITION = "dlq.source.partition";
    public static final String SOURCE_OFFSET = "dlq.source.offset";
    public static final String ERROR_CLASS = "dlq.error.class";
    public static final String ERROR_REASON = "dlq.error.reason";
    public static final String FAILED_AT = "dlq.failed.at";
    public static final String SERVICE = "dlq.service";

    private DeadLetters() {}
}
