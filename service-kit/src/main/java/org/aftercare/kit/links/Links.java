package org.aftercare.kit.links;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * Helpers of the link contract {@link LinkKind} owns: the subject of member links, the
 * acknowledgement subject, the contact binding and the URL of a link. The path, purpose and action
 * constants below are the kinds' own values, spelled out for tests that seal raw tokens (for
 * example a token of one kind opened on another kind's page); code seals and opens through
 * {@link LinkKind}.
 */
public final class Links {

    public static final String CHECK_IN = LinkKind.CHECK_IN.path();
    public static final String CONTACT_INVITATION = LinkKind.CONTACT_INVITATION.path();
    public static final String ACKNOWLEDGE = LinkKind.ACKNOWLEDGE.path();
    /** The unsubscribe page of both {@link LinkKind#MEMBER_UNSUBSCRIBE} and {@link LinkKind#CONTACT_UNSUBSCRIBE}. */
    public static final String UNSUBSCRIBE = LinkKind.MEMBER_UNSUBSCRIBE.path();

    public static final String PAUSE = LinkKind.PAUSE.path();
    public static final String HELP = LinkKind.HELP.path();

    public static final String PURPOSE_CHECK_IN = LinkKind.CHECK_IN.purpose();
    public static final String PURPOSE_CONTACT = LinkKind.CONTACT_INVITATION.purpose();
    public static final String PURPOSE_ESCALATION = LinkKind.ACKNOWLEDGE.purpose();
    public static final String PURPOSE_UNSUBSCRIBE = LinkKind.MEMBER_UNSUBSCRIBE.purpose();
    public static final String PURPOSE_PAUSE = LinkKind.PAUSE.purpose();
    public static final String PURPOSE_HELP = LinkKind.HELP.purpose();

    public static final String ACTION_ANSWER = LinkKind.CHECK_IN.action();
    public static final String ACTION_RESPOND = LinkKind.CONTACT_INVITATION.action();
    public static final String ACTION_ACKNOWLEDGE = LinkKind.ACKNOWLEDGE.action();
    public static final String ACTION_UNSUBSCRIBE = LinkKind.MEMBER_UNSUBSCRIBE.action();
    public static final String ACTION_PAUSE = LinkKind.PAUSE.action();
    public static final String ACTION_HELP = LinkKind.HELP.action();

    /** The subject of member links (unsubscribe, pause, help). */
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

    /** The subject of a staff flag link: which flag ({@code flag-...}), and which staff member (or {@code on-call}). */
    public static String flagSubject(String flagId, String staffId) {
        if (staffId.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a staff id must not contain ':'");
        }
        return flagId + ":" + staffId;
    }

    /** Splits {@link #flagSubject}: {@code [flagId, staffId]}, or null when it is not one. */
    public static String[] parseFlagSubject(String subject) {
        return parseEscalationSubject(subject);
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
        String material = String.join(
                "\u001f",
                "contact",
                contactId,
                invitationId == null ? "" : invitationId,
                email.strip().toLowerCase(Locale.ROOT));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Links() {}

    public static String url(String baseUrl, String path, String token) {
        int end = baseUrl.length();
        while (end > 0 && baseUrl.charAt(end - 1) == '/') {
            end--;
        }
        return baseUrl.substring(0, end) + path + token;
    }
}
