package org.aftercare.notifier.render;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.aftercare.events.profile.SupportContact;
import org.aftercare.kit.links.LinkSigner;
import org.aftercare.kit.links.LinkToken;
import org.aftercare.kit.links.Links;

/**
 * The signed links the notifier puts in emails (the scheduler verifies them). A check-in link
 * stays valid for the late-answer window after the check-in's respondBy, so a late answer can
 * still be recorded. Every link to a support contact (invitation, acknowledgement, unsubscribe)
 * carries {@link Links#contactBinding} of the contact it is sent to, as the send-time profile has
 * them: the scheduler refuses it once the contact's address or naming changed. Member links are
 * unbound.
 */
public final class SignedLinks {

    /** When an intent does not say when its check-in closes: the design's default respondBy. */
    static final Duration DEFAULT_RESPOND_WITHIN = Duration.ofHours(6);
    static final Duration ACKNOWLEDGE_VALID_FOR = Duration.ofDays(7);
    static final Duration INVITATION_VALID_FOR = Duration.ofDays(14);
    static final Duration UNSUBSCRIBE_VALID_FOR = Duration.ofDays(90);
    static final Duration PAUSE_VALID_FOR = Duration.ofDays(90);
    /** "I need help now" is reusable (the scheduler limits how often it acts on it): as long as unsubscribe. */
    static final Duration HELP_VALID_FOR = Duration.ofDays(90);
    /** The unsubscribe, pause and help subject meaning "the member themself". */
    public static final String MEMBER_SUBJECT = Links.SUBJECT_MEMBER;

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
        return url(Links.CHECK_IN, new LinkToken(Links.PURPOSE_CHECK_IN, memberId, checkInId, Links.ACTION_ANSWER,
                checkInExpiry(closes), LinkSigner.newNonce()));
    }

    /** When a check-in link for a check-in closing at {@code respondBy} stops working. */
    public Instant checkInExpiry(Instant respondBy) {
        return respondBy.plus(lateAnswerWindow);
    }

    /** "I've reached out" for one escalation, by one contact: subject {@code escalationId:contactId}. */
    public String acknowledge(String memberId, String escalationId, SupportContact contact) {
        return url(Links.ACKNOWLEDGE, new LinkToken(Links.PURPOSE_ESCALATION, memberId,
                escalationId + ":" + contact.contactId(), Links.ACTION_ACKNOWLEDGE,
                clock.instant().plus(ACKNOWLEDGE_VALID_FOR), LinkSigner.newNonce(), binding(contact)));
    }

    /**
     * The member's one-click unsubscribe (also the List-Unsubscribe header): the scheduler pauses
     * their prompts and tells the care team. Subject {@code member}.
     */
    public String memberUnsubscribe(String memberId) {
        return url(Links.UNSUBSCRIBE, new LinkToken(Links.PURPOSE_UNSUBSCRIBE, memberId, MEMBER_SUBJECT,
                Links.ACTION_UNSUBSCRIBE, clock.instant().plus(UNSUBSCRIBE_VALID_FOR), LinkSigner.newNonce()));
    }

    /** A contact's one-click unsubscribe: subject the contactId. */
    public String contactUnsubscribe(String memberId, SupportContact contact) {
        return url(Links.UNSUBSCRIBE, new LinkToken(Links.PURPOSE_UNSUBSCRIBE, memberId, contact.contactId(),
                Links.ACTION_UNSUBSCRIBE, clock.instant().plus(UNSUBSCRIBE_VALID_FOR), LinkSigner.newNonce(),
                binding(contact)));
    }

    /** Pause check-ins, for the member. */
    public String pause(String memberId) {
        return url(Links.PAUSE, new LinkToken(Links.PURPOSE_PAUSE, memberId, MEMBER_SUBJECT, Links.ACTION_PAUSE,
                clock.instant().plus(PAUSE_VALID_FOR), LinkSigner.newNonce()));
    }

    /** "I need help now", for the member, at any time. */
    public String help(String memberId) {
        return url(Links.HELP, new LinkToken(Links.PURPOSE_HELP, memberId, MEMBER_SUBJECT, Links.ACTION_HELP,
                clock.instant().plus(HELP_VALID_FOR), LinkSigner.newNonce()));
    }

    /** Accept or decline being a support contact. */
    public String invitation(String memberId, SupportContact contact) {
        return url(Links.CONTACT_INVITATION, new LinkToken(Links.PURPOSE_CONTACT, memberId, contact.contactId(),
                Links.ACTION_RESPOND, clock.instant().plus(INVITATION_VALID_FOR), LinkSigner.newNonce(), binding(contact)));
    }

    private static String binding(SupportContact contact) {
        return Links.contactBinding(contact.contactId(), contact.invitationId(), contact.email());
    }

    private String url(String path, LinkToken token) {
        return Links.url(baseUrl, path, signer.sign(token));
    }
}
