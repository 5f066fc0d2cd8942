package org.aftercare.events.profile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.aftercare.events.Require;

/**
 * The full snapshot of one member, published by the scheduler on every change (the topic is
 * compacted, so the latest snapshot per member is always there). {@code revision} grows with
 * every change so a reader can ignore an older snapshot.
 */
@JsonTypeName("member.profile")
public record MemberProfile(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String memberId,
        long revision,
        String externalId,
        String firstName,
        String email,
        ZoneId timeZone,
        String locale,
        MemberStatus status,
        LocalDate treatmentEndedOn,
        LocalDate recoveryStartDate,
        CheckInPlan plan,
        List<String> copingPlan,
        List<SupportContact> contacts,
        Preferences preferences,
        List<ExitEvent> exitEvents,
        Away away)
        implements ProfileEvent {

    public static final int SCHEMA_VERSION = 1;

    public MemberProfile {
        Require.envelope(eventId, schemaVersion, occurredAt, memberId);
        Require.text(firstName, "firstName");
        Require.text(email, "email");
        Require.present(timeZone, "timeZone");
        locale = locale == null || locale.isBlank() ? "en" : locale;
        Require.present(status, "status");
        Require.present(plan, "plan");
        copingPlan = Require.list(copingPlan);
        contacts = Require.list(contacts);
        preferences = preferences == null ? Preferences.DEFAULTS : preferences;
        exitEvents = Require.list(exitEvents);
    }

    /** A snapshot without exit events or a planned absence (tests, snapshots written before they existed). */
    public MemberProfile(
            String eventId,
            int schemaVersion,
            Instant occurredAt,
            String memberId,
            long revision,
            String externalId,
            String firstName,
            String email,
            ZoneId timeZone,
            String locale,
            MemberStatus status,
            LocalDate treatmentEndedOn,
            LocalDate recoveryStartDate,
            CheckInPlan plan,
            List<String> copingPlan,
            List<SupportContact> contacts,
            Preferences preferences) {
        this(
                eventId,
                schemaVersion,
                occurredAt,
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
                contacts,
                preferences,
                List.of(),
                null);
    }

    /**
     * Every exit event the risk tier counts from: those recorded, and {@code treatmentEndedOn} as a
     * discharge (the date the member was enrolled with).
     */
    @JsonIgnore
    public List<ExitEvent> allExitEvents() {
        List<ExitEvent> all = new ArrayList<>(exitEvents);
        if (treatmentEndedOn != null && all.stream().noneMatch(e -> e.date().equals(treatmentEndedOn))) {
            all.add(new ExitEvent(ExitKind.DISCHARGE, treatmentEndedOn));
        }
        return List.copyOf(all);
    }

    /**
     * What program staff know the member by: the program's own id ({@code externalId}), else the
     * memberId. Staff pages and staff emails both name a member by it; not part of the JSON.
     */
    @JsonIgnore
    public String programId() {
        return externalId == null || externalId.isBlank() ? memberId : externalId;
    }

    public Optional<SupportContact> contact(String contactId) {
        return contacts.stream().filter(c -> c.contactId().equals(contactId)).findFirst();
    }

    @JsonIgnore
    public boolean isActive() {
        return status == MemberStatus.ACTIVE;
    }
}
