package org.aftercare.notifier.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Headers of a record in {@code outreach.retry}: when it is due, how many SMTP tries it had, why it waits. */
final class DelayHeaders {

    static final String NOT_BEFORE = "outreach.retry.not-before";
    static final String ATTEMPTS = "outreach.retry.attempts";
    static final String REASON = "outreach.retry.reason";

    private DelayHeaders() {}

    static void write(Headers headers, Instant notBefore, int attempts, String reason) {
        headers.remove(NOT_BEFORE).remove(ATTEMPTS).remove(REASON);
        headers.add(NOT_BEFORE, bytes(Long.toString(notBefore.toEpochMilli())));
        headers.add(ATTEMPTS, bytes(Integer.toString(attempts)));
        headers.add(REASON, bytes(reason));
    }

    /** The not-before instant; a record without a readable one is due at once. */
    static Instant notBefore(Headers headers) {
        String raw = text(headers, NOT_BEFORE);
        try {
            return raw == null ? Instant.EPOCH : Instant.ofEpochMilli(Long.parseLong(raw));
        } catch (NumberFormatException e) {
            return Instant.EPOCH;
        }
    }

    static int attempts(Headers headers) {
        String raw = text(headers, ATTEMPTS);
        try {
            return raw == null ? 0 : Math.max(0, Integer.parseInt(raw));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String text(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
