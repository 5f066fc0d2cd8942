package org.aftercare.events.outreach;

import org.aftercare.events.Require;

/** The member, one of the member's support contacts (by id), or the program's on-call address. */
public record Recipient(RecipientRole role, String contactId) {

    public static final Recipient MEMBER = new Recipient(RecipientRole.MEMBER, null);
    public static final Recipient ON_CALL = new Recipient(RecipientRole.ON_CALL, null);

    public Recipient {
        Require.present(role, "recipient.role");
        Require.check(
                (role == RecipientRole.CONTACT) == (contactId != null && !contactId.isBlank()),
                "recipient.contactId is required for a contact and only for a contact");
    }

    public static Recipient contact(String contactId) {
        return new Recipient(RecipientRole.CONTACT, contactId);
    }

    /** A stable key for ids and ledgers: "member", "on-call" or "contact:<id>". */
    public String key() {
        return switch (role) {
            case MEMBER -> "member";
            case ON_CALL -> "on-call";
            case CONTACT -> "contact:" + contactId;
        };
    }
}
