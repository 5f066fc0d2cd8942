package org.aftercare.kit.links;

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

    public static final String PURPOSE_CHECK_IN = "checkin";
    public static final String PURPOSE_CONTACT = "contact";
    public static final String PURPOSE_ESCALATION = "escalation";
    public static final String PURPOSE_UNSUBSCRIBE = "unsubscribe";
    public static final String PURPOSE_PAUSE = "pause";

    public static final String ACTION_ANSWER = "answer";
    public static final String ACTION_RESPOND = "respond";
    public static final String ACTION_ACKNOWLEDGE = "acknowledge";
    public static final String ACTION_UNSUBSCRIBE = "unsubscribe";
    public static final String ACTION_PAUSE = "pause";

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

    private Links() {}

    public static String url(String baseUrl, String path, String token) {
        return baseUrl.replaceAll("/+$", "") + path + token;
    }
}
