package org.aftercare.notifier.delivery;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.RecipientRole;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.SupportContact;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.notifier.render.QuestionnaireInvite;
import org.aftercare.notifier.staff.FlagAlert;
import org.aftercare.notifier.staff.InvalidIntentData;
import org.aftercare.notifier.staff.StaffDigest;

/**
 * Who, if anyone, gets an intent, decided against the member's latest profile at send time (a
 * consent withdrawn after the intent was decided still stops it). Pure: no I/O, no clock of its own.
 *
 * <ul>
 *   <li>Unknown (never enrolled or erased) member, or an expired intent: nobody.</li>
 *   <li>Member: the replies to the member's own request for help or report of use (crisis support,
 *       overdose safety) always, whether they unsubscribed, paused or were discharged, as long as the
 *       member record exists. Anything else: not after they unsubscribed, not while they are paused
 *       or discharged unless it is urgent, and not a kind they switched off (encouragement, milestones,
 *       the weekly summary, whose choice is read at send time).</li>
 *   <li>Contact: only a confirmed contact whose consent scope holds the intent's scope
 *       ({@link SupportContact#mayReceive}); an invitation only to a contact still invited with
 *       something consented to share (an invitation to share nothing would only reveal the member).</li>
 *   <li>On-call: the configured on-call address.</li>
 *   <li>Staff: the work email of the staff member as {@code staff.directory} has it now; nobody
 *       for an unknown or deactivated staff member. The member's unsubscribe, pause or quiet hours
 *       never stop an email to staff or on-call.</li>
 *   <li>A staff digest (its memberId is the staffId, not a member): the staff member, unless no
 *       member it lists still exists (all erased since); a staff flag about an erased member: nobody.</li>
 *   <li>A contact's follow-up ("were you able to reach them?"): as an escalation alert, a
 *       confirmed contact whose consent covers the escalation's scope.</li>
 *   <li>A questionnaire prompt or reminder: as the check-in prompt (not after an unsubscribe, not
 *       while paused or discharged), and nobody once the questionnaire has closed
 *       ({@link QuestionnaireInvite#closesAt()}), even when the intent itself carries no expiry.</li>
 * </ul>
 *
 * <p>An intent whose data breaks its kind's contract (a staff flag without a flag id, a digest
 * with an unknown severity, a follow-up without its escalation, a questionnaire email without its
 * questionnaire id or closing time) is {@link Decision.Invalid}.
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
    public static final String UNKNOWN_STAFF = "unknown-staff";
    public static final String STAFF_INACTIVE = "staff-inactive";
    public static final String EMPTY_DIGEST = "empty-digest";

    private final String onCallEmail;
    private final Function<String, Optional<StaffMember>> staff;

    /** A policy that knows no staff member (every staff intent is suppressed as unknown). */
    public DeliveryPolicy(String onCallEmail) {
        this(onCallEmail, staffId -> Optional.empty());
    }

    /** @param staff the latest staff record per staffId ({@code staff.directory}) */
    public DeliveryPolicy(String onCallEmail, Function<String, Optional<StaffMember>> staff) {
        this.onCallEmail = onCallEmail;
        this.staff = staff;
    }

    /** As {@link #decide(OutreachRequest, Function, Instant)}, with every member lookup answered by {@code latest}. */
    public Decision decide(OutreachRequest request, Optional<MemberProfile> latest, Instant now) {
        return decide(request, memberId -> latest, now);
    }

    /** @param profiles the latest profile per memberId ({@code member.profile}), empty for an erased member */
    public Decision decide(OutreachRequest request, Function<String, Optional<MemberProfile>> profiles, Instant now) {
        try {
            if (request.kind() == OutreachKind.STAFF_DIGEST) {
                // Keyed by the staff member it goes to: there is no member profile of the digest itself.
                return forDigest(request, profiles, now);
            }
            Optional<MemberProfile> latest = profiles.apply(request.memberId());
            if (latest.isEmpty()) {
                return new Decision.Suppress(UNKNOWN_MEMBER);
            }
            if (expired(request, now)) {
                return new Decision.Suppress(EXPIRED);
            }
            FlagAlert flag = checkData(request);
            if (questionnaireClosed(request, now)) {
                return new Decision.Suppress(EXPIRED);
            }
            MemberProfile profile = latest.get();
            return switch (request.recipient().role()) {
                case MEMBER -> forMember(request, profile);
                case CONTACT -> forContact(request, profile);
                case ON_CALL -> forOnCall(profile, flag, null);
                case STAFF -> forStaff(request, profile, flag, null);
            };
        } catch (InvalidIntentData e) {
            return new Decision.Invalid(e.getMessage());
        }
    }

    private static boolean expired(OutreachRequest request, Instant now) {
        return request.expiresAt() != null && !now.isBefore(request.expiresAt());
    }

    /**
     * A questionnaire email whose questionnaire has closed: its link would only open a page saying
     * so. Reads (and so checks) the questionnaire's data, which throws {@link InvalidIntentData}.
     */
    private static boolean questionnaireClosed(OutreachRequest request, Instant now) {
        return QuestionnaireInvite.carries(request.kind())
                && !now.isBefore(QuestionnaireInvite.from(request).closesAt());
    }

    /** The data a kind's email cannot go without; a staff flag's data, read, is kept for the email. */
    private static FlagAlert checkData(OutreachRequest request) {
        FlagAlert flag = request.kind() == OutreachKind.STAFF_FLAG ? FlagAlert.from(request.data()) : null;
        if (request.kind() == OutreachKind.CONTACT_FOLLOW_UP
                && request.recipient().role() == RecipientRole.CONTACT
                && (request.escalationId() == null || request.escalationId().isBlank())) {
            throw new InvalidIntentData("escalationId is required for a contact follow-up");
        }
        return flag;
    }

    private Decision forDigest(
            OutreachRequest request, Function<String, Optional<MemberProfile>> profiles, Instant now) {
        if (expired(request, now)) {
            return new Decision.Suppress(EXPIRED);
        }
        StaffDigest.Listed digest = StaffDigest.from(request.data()).listed(profiles);
        if (digest.lines().isEmpty()) {
            return new Decision.Suppress(EMPTY_DIGEST);
        }
        return switch (request.recipient().role()) {
            case STAFF -> forStaff(request, null, null, digest);
            case ON_CALL -> forOnCall(null, null, digest);
            case MEMBER, CONTACT -> throw new InvalidIntentData("a staff digest goes to a staff member");
        };
    }

    private Decision forOnCall(MemberProfile profile, FlagAlert flag, StaffDigest.Listed digest) {
        return onCallEmail == null
                ? new Decision.Suppress(NO_ON_CALL_ADDRESS)
                : new Decision.Send(RecipientRole.ON_CALL, onCallEmail, profile, null, null, flag, digest);
    }

    /** The staff member's work email now; nobody, and why, for one unknown or deactivated. */
    private Decision forStaff(
            OutreachRequest request, MemberProfile profile, FlagAlert flag, StaffDigest.Listed digest) {
        Optional<StaffMember> found = staff.apply(request.recipient().staffId());
        if (found.isEmpty()) {
            return new Decision.Suppress(UNKNOWN_STAFF);
        }
        if (!found.get().active()) {
            return new Decision.Suppress(STAFF_INACTIVE);
        }
        return new Decision.Send(
                RecipientRole.STAFF, found.get().workEmail(), profile, null, found.get(), flag, digest);
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
        if (request.kind() == OutreachKind.MILESTONE
                && !profile.preferences().trackRecoveryDate()
                && countsDays(request.data().get("milestone"))) {
            // The member no longer counts days from their recovery date: no day or year milestone either.
            return new Decision.Suppress(PREFERENCE_OFF);
        }
        if (request.kind() == OutreachKind.WEEKLY_SUMMARY
                && !profile.preferences().weeklySummary()) {
            // Decided while the member wanted it; they have turned it off since.
            return new Decision.Suppress(PREFERENCE_OFF);
        }
        return new Decision.Send(request.recipient().role(), profile.email(), profile, null);
    }

    /** A milestone counted from the recovery date ({@code days-N}, {@code years-N}), not a streak. */
    private static boolean countsDays(String code) {
        return code != null && (code.startsWith("days-") || code.startsWith("years-"));
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
