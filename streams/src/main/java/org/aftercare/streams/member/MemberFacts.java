package org.aftercare.streams.member;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.aftercare.events.profile.Away;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.profile.ExitEvent;
import org.aftercare.events.profile.ExitKind;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.events.profile.SupportContact;

/**
 * The part of a member's profile the decisions need, and nothing more: ids, dates, enums and the
 * first check-in time. No name, email, relationship or coping plan is copied into this service's
 * state stores and changelogs (minimum necessary); the notifier reads those from the latest
 * profile at send time. {@code revision} lets an older snapshot be ignored; {@code contacts} keeps
 * the profile's order, which is the escalation order. {@code unsubscribed}: the member unsubscribed
 * from their prompts ({@code preferences.unsubscribed}; null in entries written before it was kept,
 * read as no); such a member is not active, whatever the status says. {@code exitEvents}: every exit
 * event the risk tier counts from ({@link MemberProfile#allExitEvents()}; in entries written before
 * they were kept, the discharge on {@code treatmentEndedOn}). {@code away}: the member's planned
 * absence, if any (null: none). {@code trackRecoveryDate} and {@code weeklySummary}: the member's
 * own choices ({@code preferences}; null in entries written before they were kept, read as the
 * defaults: days counted, no weekly summary).
 */
public record MemberFacts(
        long revision,
        MemberStatus status,
        LocalDate treatmentEndedOn,
        ZoneId timeZone,
        LocalDate recoveryStartDate,
        LocalTime firstCheckInTime,
        Boolean milestones,
        List<Contact> contacts,
        Boolean unsubscribed,
        List<ExitEvent> exitEvents,
        Away away,
        Boolean trackRecoveryDate,
        Boolean weeklySummary) {

    /**
     * One support contact as decisions see it: its id, what the member consented to share, its
     * state, and the naming its confirmation is for ({@link SupportContact#invitationId}; null in
     * snapshots and changelog entries written before it existed).
     */
    public record Contact(String contactId, Set<ConsentScope> consent, ContactState state, String invitationId) {

        public Contact {
            consent = consent == null ? Set.of() : Set.copyOf(consent);
        }

        /** The same rule as {@link SupportContact#hasConsent}: does the member share anything with them? */
        public boolean hasConsent() {
            return !consent.isEmpty();
        }

        /** The same rule as {@link SupportContact#mayReceive}: confirmed and consented to this kind. */
        public boolean mayReceive(ConsentScope scope) {
            return state == ContactState.CONFIRMED && consent.contains(scope);
        }

        Contact in(ContactState next) {
            return new Contact(contactId, consent, next, invitationId);
        }
    }

    public MemberFacts {
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
        if (exitEvents == null) {
            exitEvents =
                    treatmentEndedOn == null ? List.of() : List.of(new ExitEvent(ExitKind.DISCHARGE, treatmentEndedOn));
        } else {
            exitEvents = List.copyOf(exitEvents);
        }
    }

    /** The facts of a profile written before contacts and dates were kept (older changelog entries). */
    public MemberFacts(long revision, MemberStatus status, LocalDate treatmentEndedOn, ZoneId timeZone) {
        this(revision, status, treatmentEndedOn, timeZone, null, null, true, List.of(), false, null, null, null, null);
    }

    public static MemberFacts of(MemberProfile profile) {
        List<Contact> contacts = profile.contacts().stream()
                .map(c -> new Contact(c.contactId(), c.consent(), c.state(), c.invitationId()))
                .toList();
        LocalTime first =
                profile.plan().times().isEmpty() ? null : profile.plan().times().getFirst();
        return new MemberFacts(
                profile.revision(),
                profile.status(),
                profile.treatmentEndedOn(),
                profile.timeZone(),
                profile.recoveryStartDate(),
                first,
                profile.preferences().milestones(),
                contacts,
                profile.preferences().unsubscribed(),
                profile.allExitEvents(),
                profile.away(),
                profile.preferences().trackRecoveryDate(),
                profile.preferences().weeklySummary());
    }

    /** Prompted, reminded, counted missed and escalated for silence: enrolled, not paused, not unsubscribed. */
    public boolean active() {
        return status == MemberStatus.ACTIVE && !unsubscribedFromPrompts();
    }

    /** Did the member unsubscribe from their check-in prompts? */
    public boolean unsubscribedFromPrompts() {
        return Boolean.TRUE.equals(unsubscribed);
    }

    /** Why the member is not active, for logs: a status or {@code unsubscribed}; no member data. */
    public String standing() {
        return unsubscribedFromPrompts() ? "unsubscribed" : status.name().toLowerCase(Locale.ROOT);
    }

    /** Does the member want milestone messages? (Absent in older entries: yes, the default.) */
    public boolean wantsMilestones() {
        return milestones == null || milestones;
    }

    /** Does the member count days from their recovery date? (Absent in older entries: yes, the default.) */
    public boolean countsDays() {
        return trackRecoveryDate == null || trackRecoveryDate;
    }

    /** Did the member ask for the weekly summary? (Absent in older entries: no, the default.) */
    public boolean wantsWeeklySummary() {
        return Boolean.TRUE.equals(weeklySummary);
    }

    /** The contacts that may be told about this kind of thing, in escalation order. */
    public List<String> contactsFor(ConsentScope scope) {
        return contacts.stream()
                .filter(c -> c.mayReceive(scope))
                .map(Contact::contactId)
                .toList();
    }

    /**
     * The same facts with one contact's state changed by a contact action, until the next profile
     * snapshot (the source of truth) arrives. An unknown contact changes nothing.
     */
    public MemberFacts withContactState(String contactId, ContactState state) {
        List<Contact> next = new ArrayList<>(contacts.size());
        for (Contact c : contacts) {
            next.add(c.contactId().equals(contactId) ? c.in(state) : c);
        }
        return new MemberFacts(
                revision,
                status,
                treatmentEndedOn,
                timeZone,
                recoveryStartDate,
                firstCheckInTime,
                milestones,
                next,
                unsubscribed,
                exitEvents,
                away,
                trackRecoveryDate,
                weeklySummary);
    }

    /** The zone the member's days are counted in: their time zone, UTC when the profile names none. */
    public ZoneId zone() {
        return zoneOf(this);
    }

    /** The member-local date of an instant (in {@link #zone()}). */
    public LocalDate localDate(Instant at) {
        return at.atZone(zone()).toLocalDate();
    }

    /** The zone of a member's days, also for a member not known ({@code member} null): UTC. */
    public static ZoneId zoneOf(MemberFacts member) {
        return member == null || member.timeZone() == null ? ZoneOffset.UTC : member.timeZone();
    }

    /** Is the member away (a planned absence) on this member-local date? */
    public boolean awayOn(LocalDate date) {
        return away != null && away.covers(date);
    }
}
