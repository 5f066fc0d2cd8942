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
import org.aftercare.streams.checkin.MemberFacts;
import org.aftercare.streams.checkin.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when a support contact is invited to confirm: a contact the member named (state
 * {@code invited}) gets one invitation when it appears, when its consent scope changes (the
 * scheduler sends it back to {@code invited}), when it is invited again after declining or
 * unsubscribing, and when a paused member becomes active again with contacts still waiting. No
 * invitation goes out while the member is paused or discharged. Until a contact confirms, it is
 * never alerted (the notifier checks that again at send time).
 *
 * <p>The notification id is derived from the member, the contact and the profile revision that
 * called for the invitation, so reprocessing the same snapshot gives the same id.
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
            if (contact.state() == ContactState.INVITED && !wasWaiting(before, contact)) {
                outbox.intent(OutreachRequest.builder(memberId, notificationId(memberId, contact.contactId(), after.revision()),
                                OutreachKind.CONTACT_INVITATION)
                        .to(Recipient.contact(contact.contactId()))
                        .urgency(Urgency.ROUTINE)
                        .data(Map.of())
                        .build(now));
                log.info("member {}: contact {} invited to confirm", memberId, contact.contactId());
                sent++;
            }
        }
        return sent;
    }

    public static String notificationId(String memberId, String contactId, long revision) {
        return Outbox.notificationId(memberId, OutreachKind.CONTACT_INVITATION, contactId, Long.toString(revision),
                Recipient.contact(contactId).key());
    }

    /** Was this contact already waiting for its answer, with the same consent, while the member was active? */
    private static boolean wasWaiting(MemberFacts before, MemberFacts.Contact contact) {
        if (before == null || !before.active()) {
            return false;
        }
        Optional<MemberFacts.Contact> earlier = before.contacts().stream()
                .filter(c -> c.contactId().equals(contact.contactId())).findFirst();
        return earlier.isPresent() && earlier.get().state() == ContactState.INVITED
                && Objects.equals(earlier.get().consent(), contact.consent());
    }
}
