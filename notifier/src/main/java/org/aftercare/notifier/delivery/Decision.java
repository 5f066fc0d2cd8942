package org.aftercare.notifier.delivery;

import org.aftercare.events.outreach.RecipientRole;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.SupportContact;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.notifier.staff.FlagAlert;
import org.aftercare.notifier.staff.StaffDigest;

/** What {@link DeliveryPolicy} decided for one intent: send to this address, or do not, and why. */
public sealed interface Decision {

    /**
     * Send; {@code contact} is set only for a contact, {@code staff} only for a staff member, and
     * {@code profile} is the member the email is about (null for a staff digest, which is about
     * several). {@code flag} is the staff flag's data and {@code digest} the staff digest's items
     * with their members, read once when deciding (null for other kinds). {@code address} is member
     * or staff data: never log it.
     */
    record Send(
            RecipientRole role,
            String address,
            MemberProfile profile,
            SupportContact contact,
            StaffMember staff,
            FlagAlert flag,
            StaffDigest.Listed digest)
            implements Decision {

        /** A send to the member or a contact (no staff record, no staff data). */
        public Send(RecipientRole role, String address, MemberProfile profile, SupportContact contact) {
            this(role, address, profile, contact, null, null, null);
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
