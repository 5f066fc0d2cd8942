package org.aftercare.kit.logging;

import org.slf4j.MDC;

/**
 * The correlation fields every service puts in the logging context (MDC) while it handles one
 * event, so the lines of one fact can be followed across services. Identifiers only: never a
 * name, an address or an answer. With {@code OUTREACH_LOG_FORMAT=json} they appear as fields of
 * each JSON line.
 */
public final class LogFields {

    public static final String EVENT_ID = "eventId";
    public static final String NOTIFICATION_ID = "notificationId";
    public static final String CHECK_IN_ID = "checkInId";
    public static final String MEMBER_ID = "memberId";
    public static final String ESCALATION_ID = "escalationId";

    private LogFields() {}

    /** Puts a field for the duration of a try-with-resources block. */
    public static MDC.MDCCloseable put(String field, String value) {
        return MDC.putCloseable(field, value);
    }
}
