package org.aftercare.notifier.delivery;

import org.aftercare.events.outreach.RecipientRole;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.SupportContact;

/** What {@link DeliveryPolicy} decided for one intent: send to this address, or do not, and why. */
public sealed interface Decision {

    /** Send; {@code contact} is set only for a contact. {@code address} is member data: never log it. */
    record Send(RecipientRole role, String address, MemberProfile profile, SupportContact contact) implements Decision {
        @Override
        public String toString() {
            return "Send[" + role + "]";
        }
    }

    /** Do not send; {@code reason} is a short code for the report and the metric label. */
    record Suppress(String reason) implements Decision {}
}
