package org.aftercare.notifier.render;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.aftercare.kit.links.LinkSigner;
import org.aftercare.kit.links.LinkToken;
import org.aftercare.kit.links.Links;

/**
 * The signed links the notifier puts in emails (the scheduler verifies them). A check-in link
 * stays valid for the late-answer window after the check-in's respondBy, so a late answer can
 * still be recorded.
 */
public final class SignedLinks {

    /** When an intent does not say when its check-in closes: the design's default respondBy. */
    static final Duration DEFAULT_RESPOND_WITHIN = Duration.ofHours(6);
    static final Duration ACKNOWLEDGE_VALID_FOR = Duration.ofDays(7);
    static final Duration INVITATION_VALID_FOR = Duration.ofDays(14);
    static final Duration UNSUBSCRIBE_VALID_FOR = Duration.ofDays(90);
    static final Duration PAUSE_VALID_FOR = Duration.ofDays(90);
    /** The unsubscribe and pause subject meaning "the member themself". */
    public static final String MEMBER_SUBJECT = "member";

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
        return url(Links.CHECK_IN, new LinkToken(Links.PURPOSE_CHECK_IN, memberId, checkInId, "answer",
                checkInExpiry(closes), LinkSigner.newNonce()));
    }

    /** When a check-in link for a check-in closing at {@code respondBy} stops working. */
    public Instant checkInExpiry(Instant respondBy) {
        return respondBy.plus(lateAnswerWindow);
    }

    /** "I've reached out" for one escalation, by one contact: subject {@code escalationId:contactId}. */
    public String acknowledge(String memberId, String escalationId, String contactId) {
        return url(Links.ACKNOWLEDGE, new LinkToken(Links.PURPOSE_ESCALATION, memberId, escalationId + ":" + contactId,
                "acknowledge", clock.instant().plus(ACKNOWLEDGE_VALID_FOR), LinkSigner.newNonce()));
    }

    /** One-click unsubscribe: subject the contactId, or {@code member} for the member. */
    public String unsubscribe(String memberId, String subject) {
        return url(Links.UNSUBSCRIBE, new LinkToken(Links.PURPOSE_UNSUBSCRIBE, memberId, subject, "unsubscribe",
                clock.instant().plus(UNSUBSCRIBE_VALID_FOR), LinkSigner.newNonce()));
    }

    /** Pause check-ins, for the member. */
    public String pause(String memberId) {
        return url(Links.PAUSE, new LinkToken(Links.PURPOSE_PAUSE, memberId, MEMBER_SUBJECT, "pause",
                clock.instant().plus(PAUSE_VALID_FOR), LinkSigner.newNonce()));
    }

    /** Accept or decline being a support contact. */
    public String invitation(String memberId, String contactId) {
        return url(Links.CONTACT_INVITATION, new LinkToken(Links.PURPOSE_CONTACT, memberId, contactId, "respond",
                clock.instant().plus(INVITATION_VALID_FOR), LinkSigner.newNonce()));
    }

    private String url(String path, LinkToken token) {
        return Links.url(baseUrl, path, signer.sign(token));
    }
}
