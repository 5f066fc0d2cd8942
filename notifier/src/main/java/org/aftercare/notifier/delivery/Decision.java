package org.aftercare.notifier.delivery;

import org.aftercare.events.outreach.RecipientRole;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.SupportContact;
import org.aftercare.events.staff.StaffMember;

/** What {@link DeliveryPolicy} decided for one intent: send to this address, or do not, and why. */
public sealed interface Decision {

    /**
     * Send; {@code contact} is set only for a contact, {@code staff} only for a staff member, and
     * {@code profile} is the member the email is about (null for a staff digest, which is about
     * several). {@code address} is member or staff data: never log it.
     */
    record Send(RecipientRole role, String address, MemberProfile profile, SupportContact contact, StaffMember staff)
            implements Decision {

        /** A send to the member, a contact or the on-call address (no staff record). */
        public Send(RecipientRole role, String address, MemberProfile profile, SupportContact contact) {
            this(role, address, profile, contact, null);
        }

        @Override
        public String toString() {
            return "Send[" + role + "]";
        }
    }

    /** Do not send; {@code reason} is a short code for the report and the metric label. */
    record Suppress(String reason) implements Decision {}

    /**
     * The intent breaks its kind's data contract: it cannot be sent and goes to the dead-letter
     * topic. {@code reason} names the key and the rule, never a value.
     */
    record Invalid(String reason) implements Decision {}
}
