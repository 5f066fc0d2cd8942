package org.aftercare.kit.links;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * The link paths the scheduler serves and the notifier puts in emails: one place, so the two
 * never disagree. Each takes a signed token.
 */
public final class Links {

    /** Check-in form: GET shows it, POST answers. Purpose {@code checkin}, subject the checkInId, action {@code answer}. */
    public static final String CHECK_IN = "/c/";
    /** Contact invitation: confirm or decline. Purpose {@code contact}, subject the contactId, action {@code respond}. */
    public static final String CONTACT_INVITATION = "/i/";
    /**
     * "I've reached out". Purpose {@code escalation}, action {@code acknowledge}, subject
     * {@code escalationId:contactId} (see {@link #escalationSubject}): the page needs to know which
     * contact acknowledged.
     */
    public static final String ACKNOWLEDGE = "/a/";
    /**
     * RFC 8058 one-click unsubscribe (POST) and its page (GET). Purpose {@code unsubscribe}, action
     * {@code unsubscribe}, subject a contactId or {@link #SUBJECT_MEMBER}. Not single-use (unsubscribing
     * twice is harmless), so sign it with a long expiry.
     */
    public static final String UNSUBSCRIBE = "/u/";
    /** Pause check-ins. Purpose {@code pause}, subject "member", action {@code pause}. */
    public static final String PAUSE = "/p/";
    /**
     * "I need help now", at any time, from every member email and page. Purpose {@code help},
     * subject {@link #SUBJECT_MEMBER}, action {@code request}. Not single-use: every use is acted on
     * (the scheduler limits how often per member), so sign it with a long expiry.
     */
    public static final String HELP = "/h/";

    public static final String PURPOSE_CHECK_IN = "checkin";
    public static final String PURPOSE_CONTACT = "contact";
    public static final String PURPOSE_ESCALATION = "escalation";
    public static final String PURPOSE_UNSUBSCRIBE = "unsubscribe";
    public static final String PURPOSE_PAUSE = "pause";
    public static final String PURPOSE_HELP = "help";

    public static final String ACTION_ANSWER = "answer";
    public static final String ACTION_RESPOND = "respond";
    public static final String ACTION_ACKNOWLEDGE = "acknowledge";
    public static final String ACTION_UNSUBSCRIBE = "unsubscribe";
    public static final String ACTION_PAUSE = "pause";
    public static final String ACTION_HELP = "request";

    /** The subject of member-level links (unsubscribe, pause). */
    public static final String SUBJECT_MEMBER = "member";

    /** The subject of an acknowledgement link: which escalation, and which contact acknowledges it. */
    public static String escalationSubject(String escalationId, String contactId) {
        if (contactId.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a contact id must not contain ':'");
        }
        return escalationId + ":" + contactId;
    }

    /** Splits {@link #escalationSubject}: {@code [escalationId, contactId]}, or null when it is not one. */
    public static String[] parseEscalationSubject(String subject) {
        int colon = subject.lastIndexOf(':');
        if (colon <= 0 || colon == subject.length() - 1) {
            return null;
        }
        return new String[] {subject.substring(0, colon), subject.substring(colon + 1)};
    }

    /**
     * The binding of every link sent to a support contact (invitation, acknowledgement,
     * unsubscribe): the contact, the naming it was invited for and the address it went to. The
     * notifier seals it into the token from the profile it sends with; the scheduler recomputes it
     * from the contact as it is now and refuses a link whose binding differs, so a link that went
     * to a mistyped address, or to an earlier naming, confirms nothing. Inside the encrypted token
     * only; never logged.
     *
     * @param invitationId the contact's current naming ({@code SupportContact.invitationId}), may be null
     */
    public static String contactBinding(String contactId, String invitationId, String email) {
        String material = String.join("\u001f", "contact", contactId, invitationId == null ? "" : invitationId,
                email.strip().toLowerCase(Locale.ROOT));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(material.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Links() {}

    public static String url(String baseUrl, String path, String token) {
        return baseUrl.replaceAll("/+$", "") + path + token;
    }
}
