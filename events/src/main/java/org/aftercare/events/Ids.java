package org.aftercare.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

    /**
     * The name-based (version 3) UUID of the parts joined by U+001F, exactly as
     * {@link UUID#nameUUIDFromBytes}, with one MD5 digest per thread instead of a provider
     * look-up per id (a few per cent of the decisions thread, issue 14).
     */
    public static String nameBased(String... parts) {
        byte[] md5 = MD5.get().digest(String.join("\u001f", parts).getBytes(StandardCharsets.UTF_8));
        md5[6] = (byte) ((md5[6] & 0x0f) | 0x30); // version 3
        md5[8] = (byte) ((md5[8] & 0x3f) | 0x80); // IETF variant
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (md5[i] & 0xff);
            lsb = (lsb << 8) | (md5[i + 8] & 0xff);
        }
        return new UUID(msb, lsb).toString();
    }

    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new InternalError("MD5 not supported", e);
        }
    });

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
