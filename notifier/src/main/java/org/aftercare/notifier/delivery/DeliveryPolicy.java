package org.aftercare.notifier.delivery;

import java.time.Instant;
import java.util.Optional;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.SupportContact;

/**
 * Who, if anyone, gets an intent, decided against the member's latest profile at send time (a
 * consent withdrawn after the intent was decided still stops it). Pure: no I/O, no clock of its own.
 *
 * <ul>
 *   <li>Unknown (never enrolled or erased) member, or an expired intent: nobody.</li>
 *   <li>Member: the replies to the member's own request for help or report of use (crisis support,
 *       overdose safety) always, whether they unsubscribed, paused or were discharged, as long as the
 *       member record exists. Anything else: not after they unsubscribed, not while they are paused
 *       or discharged unless it is urgent, and not a kind they switched off (encouragement, milestones).</li>
 *   <li>Contact: only a confirmed contact whose consent scope holds the intent's scope
 *       ({@link SupportContact#mayReceive}); an invitation only to a contact still invited with
 *       something consented to share (an invitation to share nothing would only reveal the member).</li>
 *   <li>On-call: the configured on-call address.</li>
 * </ul>
 */
public final class DeliveryPolicy {

    public static final String UNKNOWN_MEMBER = "unknown-member";
    public static final String EXPIRED = "expired";
    public static final String MEMBER_INACTIVE = "member-inactive";
    public static final String UNSUBSCRIBED = "unsubscribed";
    public static final String PREFERENCE_OFF = "preference-off";
    public static final String UNKNOWN_CONTACT = "unknown-contact";
    public static final String NOT_CONFIRMED = "not-confirmed";
    public static final String NO_CONSENT = "no-consent";
    public static final String NOT_INVITED = "not-invited";
    public static final String NO_ON_CALL_ADDRESS = "no-on-call-address";
    public static final String DUPLICATE = "duplicate";

    private final String onCallEmail;

    public DeliveryPolicy(String onCallEmail) {
        this.onCallEmail = onCallEmail;
    }

    public Decision decide(OutreachRequest request, Optional<MemberProfile> latest, Instant now) {
        if (latest.isEmpty()) {
            return new Decision.Suppress(UNKNOWN_MEMBER);
        }
        if (request.expiresAt() != null && !now.isBefore(request.expiresAt())) {
            return new Decision.Suppress(EXPIRED);
        }
        MemberProfile profile = latest.get();
        return switch (request.recipient().role()) {
            case MEMBER -> forMember(request, profile);
            case CONTACT -> forContact(request, profile);
            case ON_CALL ->
                onCallEmail == null
                        ? new Decision.Suppress(NO_ON_CALL_ADDRESS)
                        : new Decision.Send(request.recipient().role(), onCallEmail, profile, null);
            // Staff addresses come from staff.directory, which this notifier does not read yet (issue 11).
            case STAFF -> new Decision.Suppress("staff-not-supported");
        };
    }

    private static Decision forMember(OutreachRequest request, MemberProfile profile) {
        if (answersTheMembersOwnRiskyAnswer(request.kind())) {
            // The member asked for help or told us they used: an unsubscribe or a pause stops prompts, not this.
            return new Decision.Send(request.recipient().role(), profile.email(), profile, null);
        }
        if (profile.preferences().unsubscribed()) {
            return new Decision.Suppress(UNSUBSCRIBED);
        }
        if (!profile.isActive() && request.urgency() != Urgency.URGENT) {
            return new Decision.Suppress(MEMBER_INACTIVE);
        }
        if ((request.kind() == OutreachKind.ENCOURAGEMENT
                        && !profile.preferences().encouragement())
                || (request.kind() == OutreachKind.MILESTONE
                        && !profile.preferences().milestones())) {
            return new Decision.Suppress(PREFERENCE_OFF);
        }
        return new Decision.Send(request.recipient().role(), profile.email(), profile, null);
    }

    /** Replies to the member's own "I need help now" or report of use. */
    static boolean answersTheMembersOwnRiskyAnswer(OutreachKind kind) {
        return kind == OutreachKind.CRISIS_SUPPORT || kind == OutreachKind.OVERDOSE_SAFETY;
    }

    private static Decision forContact(OutreachRequest request, MemberProfile profile) {
        Optional<SupportContact> found = profile.contact(request.recipient().contactId());
        if (found.isEmpty()) {
            return new Decision.Suppress(UNKNOWN_CONTACT);
        }
        SupportContact contact = found.get();
        if (contact.state() == ContactState.UNSUBSCRIBED) {
            return new Decision.Suppress(UNSUBSCRIBED);
        }
        if (request.kind() == OutreachKind.CONTACT_INVITATION) {
            // The invitation is how a contact becomes confirmed; it goes only to someone still invited,
            // and only when the member consented to share something with them.
            if (contact.state() != ContactState.INVITED) {
                return new Decision.Suppress(NOT_INVITED);
            }
            return contact.hasConsent()
                    ? new Decision.Send(request.recipient().role(), contact.email(), profile, contact)
                    : new Decision.Suppress(NO_CONSENT);
        }
        if (contact.mayReceive(request.consentScope())) {
            return new Decision.Send(request.recipient().role(), contact.email(), profile, contact);
        }
        return new Decision.Suppress(contact.state() != ContactState.CONFIRMED ? NOT_CONFIRMED : NO_CONSENT);
    }
}
