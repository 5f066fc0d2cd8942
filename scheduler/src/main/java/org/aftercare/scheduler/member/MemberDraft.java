package org.aftercare.scheduler.member;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.aftercare.events.profile.Away;
import org.aftercare.events.profile.CheckInPlan;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.profile.ExitEvent;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.events.profile.Preferences;
import org.aftercare.events.profile.SupportContact;

/**
 * A member's fields while a change is being made to them. {@link MemberChanges#change} turns it
 * into the next revision of the snapshot, or into nothing when it ended equal to what was stored.
 */
public final class MemberDraft {

    String externalId;
    String firstName;
    String email;
    ZoneId timeZone;
    String locale;
    MemberStatus status;
    LocalDate treatmentEndedOn;
    LocalDate recoveryStartDate;
    CheckInPlan plan;
    List<String> copingPlan;
    List<SupportContact> contacts;
    Preferences preferences;
    List<ExitEvent> exitEvents;
    Away away;

    static MemberDraft of(MemberProfile m) {
        MemberDraft d = new MemberDraft();
        d.externalId = m.externalId();
        d.firstName = m.firstName();
        d.email = m.email();
        d.timeZone = m.timeZone();
        d.locale = m.locale();
        d.status = m.status();
        d.treatmentEndedOn = m.treatmentEndedOn();
        d.recoveryStartDate = m.recoveryStartDate();
        d.plan = m.plan();
        d.copingPlan = List.copyOf(m.copingPlan());
        d.contacts = new ArrayList<>(m.contacts());
        d.preferences = m.preferences();
        d.exitEvents = List.copyOf(m.exitEvents());
        d.away = m.away();
        return d;
    }

    MemberProfile toProfile(String memberId, long revision, Instant now) {
        return new MemberProfile(
                "profile:" + memberId + ":" + revision,
                MemberProfile.SCHEMA_VERSION,
                now,
                memberId,
                revision,
                externalId,
                firstName,
                email,
                timeZone,
                locale,
                status,
                treatmentEndedOn,
                recoveryStartDate,
                plan,
                copingPlan,
                List.copyOf(contacts),
                preferences,
                exitEvents,
                away);
    }

    public MemberStatus status() {
        return status;
    }

    public void status(MemberStatus value) {
        status = value;
    }

    public String firstName() {
        return firstName;
    }

    public Preferences preferences() {
        return preferences;
    }

    public void preferences(Preferences value) {
        preferences = value;
    }

    public Away away() {
        return away;
    }

    /** Sets (or, with null, ends) the member's planned absence. */
    public void away(Away value) {
        away = value;
    }

    public ZoneId timeZone() {
        return timeZone;
    }

    public Optional<SupportContact> contact(String contactId) {
        return contacts.stream().filter(k -> k.contactId().equals(contactId)).findFirst();
    }

    /** Sets a contact's state; false if the member has no such contact. */
    public boolean contactState(String contactId, ContactState state) {
        for (int i = 0; i < contacts.size(); i++) {
            SupportContact k = contacts.get(i);
            if (k.contactId().equals(contactId)) {
                contacts.set(
                        i,
                        new SupportContact(
                                k.contactId(),
                                k.name(),
                                k.email(),
                                k.relationship(),
                                k.consent(),
                                state,
                                k.invitationId()));
                return true;
            }
        }
        return false;
    }

    boolean sameAs(MemberDraft o) {
        return Objects.equals(externalId, o.externalId)
                && Objects.equals(firstName, o.firstName)
                && Objects.equals(email, o.email)
                && Objects.equals(timeZone, o.timeZone)
                && Objects.equals(locale, o.locale)
                && status == o.status
                && Objects.equals(treatmentEndedOn, o.treatmentEndedOn)
                && Objects.equals(recoveryStartDate, o.recoveryStartDate)
                && Objects.equals(plan, o.plan)
                && Objects.equals(copingPlan, o.copingPlan)
                && Objects.equals(contacts, o.contacts)
                && Objects.equals(preferences, o.preferences)
                && Objects.equals(exitEvents, o.exitEvents)
                && Objects.equals(away, o.away);
    }
}
