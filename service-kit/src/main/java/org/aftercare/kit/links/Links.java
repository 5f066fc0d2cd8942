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
    /** "I've reached out". Purpose {@code escalation}, subject the escalationId, action {@code acknowledge}. */
    public static final String ACKNOWLEDGE = "/a/";
    /** RFC 8058 one-click unsubscribe (POST) and its page (GET). Purpose {@code unsubscribe}, subject a contactId or "member". */
    public static final String UNSUBSCRIBE = "/u/";
    /** Pause check-ins. Purpose {@code pause}, subject "member", action {@code pause}. */
    public static final String PAUSE = "/p/";

    public static final String PURPOSE_CHECK_IN = "checkin";
    public static final String PURPOSE_CONTACT = "contact";
    public static final String PURPOSE_ESCALATION = "escalation";
    public static final String PURPOSE_UNSUBSCRIBE = "unsubscribe";
    public static final String PURPOSE_PAUSE = "pause";

    private Links() {}

    public static String url(String baseUrl, String path, String token) {
        return baseUrl.replaceAll("/+$", "") + path + token;
    }
}
