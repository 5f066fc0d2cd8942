package org.aftercare.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Deterministic identifiers. The same inputs always give the same id, so a retried or
 * reprocessed fact carries the id it had the first time and consumers can drop the repeat.
 * Ids are name-based UUIDs: opaque, and they reveal nothing about the member.
 */
public final class Ids {

    private Ids() {}

    /** One check-in: a member and the instant it fell due. */
    public static String checkInId(String memberId, Instant dueAt) {
        return "ci-" + nameBased("checkin", memberId, dueAt.toString());
    }

    /** One questionnaire of a member's plan: the member, the instrument and the instant it fell due. */
    public static String questionnaireId(String memberId, String instrumentId, Instant dueAt) {
        return "qn-" + nameBased("questionnaire", memberId, instrumentId, dueAt.toString());
    }

    /** One intent to tell someone something, from the parts that make it unique. */
    public static String notificationId(String... parts) {
        return "n-" + nameBased(prepend("notification", parts));
    }

    /** One escalation of a member, opened by a given signal. */
    public static String escalationId(String memberId, String openedBy) {
        return "esc-" + nameBased("escalation", memberId, openedBy);
    }

    /** One staff flag of a member, raised by a given signal (the first one; later signals update it). */
    public static String flagId(String memberId, String raisedBy) {
        return "flag-" + nameBased("flag", memberId, raisedBy);
    }

    public static String nameBased(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("\u001f", parts).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
