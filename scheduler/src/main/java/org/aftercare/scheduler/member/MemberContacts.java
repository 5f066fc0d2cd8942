package org.aftercare.scheduler.member;

import java.util.Map;
import java.util.UUID;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.profile.SupportContact;

/**
 * The rules for a member's support contacts: adding, updating and removing them, and when a
 * contact must agree again. In: a member id and a contact as the admin API parsed it. Out: the
 * contact as stored, through {@link MemberChanges} (so the snapshot carries it to streams, which
 * sends the invitation). A contact starts {@code invited} with a fresh naming id; a new address, or
 * a consent scope wider than what they agreed to, is a new naming (invited again, and links sent
 * for the earlier naming are refused); someone who unsubscribed is not asked again at the same
 * address.
 */
public final class MemberContacts {

    private final MemberChanges changes;

    MemberContacts(MemberChanges changes) {
        this.changes = changes;
    }

    /** Adds a support contact (state {@code invited}: they must confirm before they hear anything). */
    public SupportContact addContact(String memberId, EnrollmentParser.ContactInput input) {
        return changes.require(memberId, (c, d) -> {
                    if (d.contacts.size() >= EnrollmentParser.MAX_CONTACTS) {
                        throw MemberProblem.conflict(
                                "a member has at most " + EnrollmentParser.MAX_CONTACTS + " contacts");
                    }
                    requireUniqueEmail(d, input.email(), null);
                    SupportContact k = invited(input);
                    d.contacts.add(k);
                    return k;
                })
                .result();
    }

    /**
     * Updates a contact. A new email address, or a consent scope that now covers something the
     * contact did not agree to hear, makes it a new naming: the contact goes back to
     * {@code invited} with a new naming id, streams sends a fresh invitation to the address as it is
     * now, and every link sent for the earlier naming (to a mistyped address, say) is refused.
     * Narrowing the scope, down to nothing, needs no new agreement: the contact keeps its state and
     * hears less (nothing, with an empty scope), and no invitation goes out.
     */
    public SupportContact updateContact(String memberId, String contactId, EnrollmentParser.ContactInput input) {
        return changes.require(memberId, (c, d) -> {
                    SupportContact old =
                            d.contact(contactId).orElseThrow(() -> MemberProblem.notFound("no contact with that id"));
                    requireUniqueEmail(d, input.email(), contactId);
                    SupportContact k = revised(old, input);
                    d.contacts.set(d.contacts.indexOf(old), k);
                    return k;
                })
                .result();
    }

    /** Removes a contact: they are never told anything again. */
    public void removeContact(String memberId, String contactId) {
        changes.require(memberId, (c, d) -> {
            if (!d.contacts.removeIf(k -> k.contactId().equals(contactId))) {
                throw MemberProblem.notFound("no contact with that id");
            }
            return null;
        });
    }

    /** A new contact: {@code invited}, with a new contact id and a new naming id. */
    static SupportContact invited(EnrollmentParser.ContactInput input) {
        return new SupportContact(
                UUID.randomUUID().toString(),
                input.name(),
                input.email(),
                input.relationship(),
                input.consent(),
                ContactState.INVITED,
                newNaming());
    }

    /** The contact after an update: the same naming, or a new one (invited again) when it needs their agreement. */
    static SupportContact revised(SupportContact old, EnrollmentParser.ContactInput input) {
        boolean newAddress = !old.email().equalsIgnoreCase(input.email());
        // Someone who unsubscribed is not asked again at the same address, whatever the member now wants to share.
        boolean reconfirm =
                newAddress || (!old.consent().containsAll(input.consent()) && old.state() != ContactState.UNSUBSCRIBED);
        return new SupportContact(
                old.contactId(),
                input.name(),
                input.email(),
                input.relationship(),
                input.consent(),
                reconfirm ? ContactState.INVITED : old.state(),
                reconfirm ? newNaming() : old.invitationId());
    }

    /** A fresh naming id: the contact is (re)invited, and links sent for an earlier naming stop working. */
    private static String newNaming() {
        return UUID.randomUUID().toString();
    }

    private static void requireUniqueEmail(MemberDraft d, String email, String exceptContactId) {
        boolean taken = d.contacts.stream()
                .anyMatch(
                        k -> !k.contactId().equals(exceptContactId) && k.email().equalsIgnoreCase(email));
        if (taken) {
            throw MemberProblem.invalid(
                    "the contact is invalid", Map.of("email", "is already one of this member's contacts"));
        }
    }
}
