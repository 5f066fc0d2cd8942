package org.aftercare.notifier.render;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.aftercare.events.profile.SupportContact;
import org.aftercare.kit.links.LinkKind;
import org.aftercare.kit.links.LinkSigner;
import org.aftercare.kit.links.Links;

/**
 * The signed links the notifier puts in emails (the scheduler opens them). Every link is sealed
 * through its {@link LinkKind}, which owns the path, purpose, action, subject rule, binding rule
 * and validity the scheduler's pages expect. A check-in link stays valid for the late-answer
 * window after the check-in's respondBy, so a late answer can still be recorded. Every link to a
 * support contact (invitation, acknowledgement, unsubscribe) carries {@link Links#contactBinding}
 * of the contact it is sent to, as the send-time profile has them: the scheduler refuses it once
 * the contact's address or naming changed. Member and staff links are unbound.
 */
public final class SignedLinks {

    /** When an intent does not say when its check-in closes: the design's default respondBy. */
    static final Duration DEFAULT_RESPOND_WITHIN = Duration.ofHours(6);

    private final LinkSigner signer;
    private final String baseUrl;
    private final Duration lateAnswerWindow;
    private final Clock clock;

    public SignedLinks(LinkSigner signer, String baseUrl, Duration lateAnswerWindow, Clock clock) {
        this.signer = signer;
        this.baseUrl = baseUrl;
        this.lateAnswerWindow = lateAnswerWindow;
        this.clock = clock;
    }

    /** The check-in form; {@code respondBy} may be null (then the default window from now). */
    public String checkIn(String memberId, String checkInId, Instant respondBy) {
        Instant closes = respondBy != null ? respondBy : clock.instant().plus(DEFAULT_RESPOND_WITHIN);
        return url(LinkKind.CHECK_IN, memberId, checkInId, checkInExpiry(closes), null);
    }

    /** When a check-in link for a check-in closing at {@code respondBy} stops working. */
    public Instant checkInExpiry(Instant respondBy) {
        return respondBy.plus(lateAnswerWindow);
    }

    /** "I've reached out" for one escalation, by one contact: subject {@code escalationId:contactId}. */
    public String acknowledge(String memberId, String escalationId, SupportContact contact) {
        return url(LinkKind.ACKNOWLEDGE, memberId, Links.escalationSubject(escalationId, contact.contactId()), contact);
    }

    /**
     * The member's one-click unsubscribe (also the List-Unsubscribe header): the scheduler pauses
     * their prompts and tells the care team.
     */
    public String memberUnsubscribe(String memberId) {
        return url(LinkKind.MEMBER_UNSUBSCRIBE, memberId, Links.SUBJECT_MEMBER, null);
    }

    /** A contact's one-click unsubscribe: subject the contactId. */
    public String contactUnsubscribe(String memberId, SupportContact contact) {
        return url(LinkKind.CONTACT_UNSUBSCRIBE, memberId, contact.contactId(), contact);
    }

    /** Pause check-ins, for the member. */
    public String pause(String memberId) {
        return url(LinkKind.PAUSE, memberId, Links.SUBJECT_MEMBER, null);
    }

    /** "I need help now", for the member, at any time. */
    public String help(String memberId) {
        return url(LinkKind.HELP, memberId, Links.SUBJECT_MEMBER, null);
    }

    /**
     * "Were you able to reach them?" (yes / not yet) for one escalation, by one contact: subject
     * {@code escalationId:contactId}, bound to the contact like the acknowledgement link. One link:
     * the page it opens asks the question, and its form carries the answer.
     */
    public String reachFollowUp(String memberId, String escalationId, SupportContact contact) {
        return url(
                LinkKind.REACH_FOLLOW_UP,
                memberId,
                Links.escalationSubject(escalationId, contact.contactId()),
                contact);
    }

    /** "Going away for a while? Let us know", for the member: sets a planned absence. */
    public String away(String memberId) {
        return url(LinkKind.AWAY, memberId, Links.SUBJECT_MEMBER, null);
    }

    /** The member's own progress page (read-only, from milestone emails): reusable, 30 days. */
    public String progress(String memberId) {
        return url(LinkKind.PROGRESS, memberId, Links.SUBJECT_MEMBER, null);
    }

    /**
     * A staff flag, for the staff member it is sent to ({@code staffId}, or
     * {@link org.aftercare.events.flag.CaseFlag#ON_CALL} for the on-call address): subject
     * {@link Links#flagSubject}, short-lived, unbound (staff links are not contact links).
     */
    public String flag(String memberId, String flagId, String staffId) {
        return url(LinkKind.STAFF_FLAG, memberId, Links.flagSubject(flagId, staffId), null);
    }

    /**
     * A questionnaire the scheduler opened for the member (issue 13): subject the occurrence id
     * ({@code qn-...}), reusable for the kind's life so the member can leave and resume.
     */
    public String questionnaire(String memberId, String questionnaireId) {
        return url(LinkKind.QUESTIONNAIRE, memberId, questionnaireId, null);
    }

    /** Accept or decline being a support contact. */
    public String invitation(String memberId, SupportContact contact) {
        return url(LinkKind.CONTACT_INVITATION, memberId, contact.contactId(), contact);
    }

    /** A link of a kind with a fixed validity, bound to the contact when it goes to one. */
    private String url(LinkKind kind, String memberId, String subject, SupportContact contact) {
        String binding = contact == null
                ? null
                : Links.contactBinding(contact.contactId(), contact.invitationId(), contact.email());
        return url(kind, memberId, subject, kind.expiresAt(clock.instant()), binding);
    }

    private String url(LinkKind kind, String memberId, String subject, Instant expiresAt, String binding) {
        return Links.url(baseUrl, "", kind.seal(signer, memberId, subject, expiresAt, binding));
    }
}
