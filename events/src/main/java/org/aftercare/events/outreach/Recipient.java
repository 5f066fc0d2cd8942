package org.aftercare.events.outreach;

import org.aftercare.events.Require;

/** The member, one of the member's support contacts (by id), a staff member (by id) or the program's on-call address. */
public record Recipient(RecipientRole role, String contactId, String staffId) {

    public static final Recipient MEMBER = new Recipient(RecipientRole.MEMBER, null, null);
    public static final Recipient ON_CALL = new Recipient(RecipientRole.ON_CALL, null, null);

    public Recipient {
        Require.present(role, "recipient.role");
        Require.check(
                (role == RecipientRole.CONTACT) == (contactId != null && !contactId.isBlank()),
                "recipient.contactId is required for a contact and only for a contact");
        Require.check(
                (role == RecipientRole.STAFF) == (staffId != null && !staffId.isBlank()),
                "recipient.staffId is required for a staff member and only for a staff member");
    }

    /** The member, on-call or a contact (no staff id). */
    public Recipient(RecipientRole role, String contactId) {
        this(role, contactId, null);
    }

    public static Recipient contact(String contactId) {
        return new Recipient(RecipientRole.CONTACT, contactId, null);
    }

    public static Recipient staff(String staffId) {
        return new Recipient(RecipientRole.STAFF, null, staffId);
    }

    /** A stable key for ids and ledgers: "member", "on-call", "contact:<id>" or "staff:<id>". */
    public String key() {
        return switch (role) {
            case MEMBER -> "member";
            case ON_CALL -> "on-call";
            case CONTACT -> "contact:" + contactId;
            case STAFF -> "staff:" + staffId;
        };
    }
}
