package org.aftercare.streams.contact;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.ContactState;
import org.aftercare.streams.member.MemberFacts;
import org.aftercare.streams.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when a support contact is invited to confirm. In: the member's facts before (null if
 * unknown) and after a profile snapshot. Out: contact-invitation intents. The scheduler names each
 * invitation ({@code invitationId}: a new one when the contact is added, gets a new address or a
 * wider consent, or is invited again after declining or unsubscribing) and binds the contact's
 * links to it, so streams invites once per naming: a contact in state {@code invited} gets an
 * invitation when its naming is new, or when a paused member becomes active again with it still
 * waiting. None goes out while the member is paused, discharged or unsubscribed, and none to a
 * contact the member shares nothing with (an empty consent scope), whatever else is going on (an
 * open escalation included): there is nothing to confirm. Narrowing the consent without a new
 * naming invites no one. Until a contact confirms, it is never alerted (the notifier checks that
 * again at send time).
 *
 * <p>The notification id is derived from the member, the contact and the invitationId, so
 * reprocessing the same snapshot, or any later one under the same naming, gives the same id.
 * Contacts in snapshots written before invitationId existed are still told apart by consent and
 * named by the profile revision that called for the invitation; a contact first seen with an
 * invitationId after being known without one is a new naming (its earlier links are not bound to
 * one).
 */
public final class Invitations {

    private static final Logger log = LoggerFactory.getLogger(Invitations.class);

    private Invitations() {}

    /** Emits the invitations the change from {@code before} (null if unknown) to {@code after} calls for. */
    public static int decide(String memberId, MemberFacts before, MemberFacts after, Instant now, Outbox outbox) {
        if (!after.active()) {
            return 0;
        }
        int sent = 0;
        for (MemberFacts.Contact contact : after.contacts()) {
            if (contact.state() == ContactState.INVITED && contact.hasConsent() && !wasWaiting(before, contact)) {
                outbox.intent(OutreachRequest.builder(
                                memberId,
                                notificationId(memberId, contact, after.revision()),
                                OutreachKind.CONTACT_INVITATION)
                        .to(Recipient.contact(contact.contactId()))
                        .urgency(Urgency.ROUTINE)
                        .data(Map.of())
                        .build(now));
                log.info(
                        "member {}: contact {} invited to confirm (invitation {})",
                        memberId,
                        contact.contactId(),
                        contact.invitationId());
                sent++;
            }
        }
        return sent;
    }

    /** The notification id of a contact's invitation: by its naming, or (older snapshots) by the revision. */
    public static String notificationId(String memberId, MemberFacts.Contact contact, long revision) {
        String contactKey = Recipient.contact(contact.contactId()).key();
        if (contact.invitationId() == null) {
            return Outbox.notificationId(
                    memberId,
                    OutreachKind.CONTACT_INVITATION,
                    contact.contactId(),
                    Long.toString(revision),
                    contactKey);
        }
        return Outbox.notificationId(
                memberId,
                OutreachKind.CONTACT_INVITATION,
                contact.contactId(),
                "invitation",
                contact.invitationId(),
                contactKey);
    }

    /** Was this contact already waiting for its answer, under the same naming, while the member was active? */
    private static boolean wasWaiting(MemberFacts before, MemberFacts.Contact contact) {
        if (before == null || !before.active()) {
            return false;
        }
        Optional<MemberFacts.Contact> earlier = before.contacts().stream()
                .filter(c -> c.contactId().equals(contact.contactId()))
                .findFirst();
        if (earlier.isEmpty()
                || earlier.get().state() != ContactState.INVITED
                || !earlier.get().hasConsent()) {
            return false;
        }
        if (contact.invitationId() == null && earlier.get().invitationId() == null) {
            return Objects.equals(earlier.get().consent(), contact.consent());
        }
        return Objects.equals(earlier.get().invitationId(), contact.invitationId());
    }
}
