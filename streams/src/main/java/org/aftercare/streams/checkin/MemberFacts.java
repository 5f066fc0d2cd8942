package org.aftercare.streams.checkin;

import java.time.LocalDate;
import java.time.ZoneId;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;

/**
 * The part of a member's profile the check-in decisions need, and nothing more: no name, email,
 * contacts or coping plan is copied into this service's state stores and changelogs (minimum
 * necessary). {@code revision} lets an older snapshot be ignored.
 */
public record MemberFacts(long revision, MemberStatus status, LocalDate treatmentEndedOn, ZoneId timeZone) {

    public static MemberFacts of(MemberProfile profile) {
        return new MemberFacts(profile.revision(), profile.status(), profile.treatmentEndedOn(), profile.timeZone());
    }

    public boolean active() {
        return status == MemberStatus.ACTIVE;
    }
}
