package org.aftercare.streams;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aftercare.events.flag.FlagOutcome;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.staff.AlertCadence;
import org.aftercare.events.staff.CareTeam;
import org.aftercare.events.staff.FlagAcknowledged;
import org.aftercare.events.staff.FlagContacted;
import org.aftercare.events.staff.FlagResolved;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.events.staff.StaffRole;

/** Test staff: directory records with the parts a scenario varies, care teams and staff actions. */
final class Staff {

    private Staff() {}

    /** A builder of one staff member's records; each {@link #record()} has the next revision. */
    static Member staff(String staffId) {
        return new Member(staffId);
    }

    static final class Member {
        final String id;
        private long revision;
        private boolean active = true;
        private final Map<FlagSeverity, AlertCadence> alerts = new EnumMap<>(FlagSeverity.class);
        private LocalTime digestAt = LocalTime.of(8, 30);
        private ZoneId zone = Members.NEW_YORK;

        private Member(String id) {
            this.id = id;
        }

        Member takes(FlagSeverity severity, AlertCadence cadence) {
            alerts.put(severity, cadence);
            return this;
        }

        Member digestAt(LocalTime time) {
            this.digestAt = time;
            return this;
        }

        Member zone(ZoneId next) {
            this.zone = next;
            return this;
        }

        Member active(boolean next) {
            this.active = next;
            return this;
        }

        StaffMember record() {
            revision++;
            return new StaffMember(
                    "staff:" + id + ":" + revision,
                    StaffMember.SCHEMA_VERSION,
                    Instant.parse("2026-03-01T00:00:00Z"),
                    id,
                    revision,
                    "Name " + id,
                    id + "@program.example.org",
                    Set.of(StaffRole.CLINICIAN),
                    alerts,
                    digestAt,
                    zone,
                    active);
        }

        Member publish(DecisionDriver d) {
            d.staffDirectory.pipeInput(id, record(), d.now());
            return this;
        }
    }

    private static long teamRevision;

    /** Publishes the member's care team now: {@code primary} first, then {@code others} in order. */
    static void team(DecisionDriver d, String memberId, String primary, String... others) {
        teamRevision++;
        CareTeam team = new CareTeam(
                "care:" + memberId + ":" + teamRevision,
                CareTeam.SCHEMA_VERSION,
                d.now(),
                memberId,
                teamRevision,
                primary,
                List.of(others));
        d.careTeams.pipeInput(memberId, team, d.now());
    }

    static void acknowledge(DecisionDriver d, String memberId, String staffId, String flagId) {
        d.staffActions.pipeInput(
                memberId, FlagAcknowledged.of("ack-" + staffId + flagId, memberId, staffId, flagId, d.now()), d.now());
    }

    static void contacted(DecisionDriver d, String memberId, String staffId, String flagId) {
        d.staffActions.pipeInput(
                memberId,
                FlagContacted.of("contacted-" + staffId + flagId, memberId, staffId, flagId, d.now()),
                d.now());
    }

    static void resolve(DecisionDriver d, String memberId, String staffId, String flagId, FlagOutcome outcome) {
        d.staffActions.pipeInput(
                memberId,
                FlagResolved.of("resolved-" + staffId + flagId, memberId, staffId, flagId, outcome, d.now()),
                d.now());
    }
}
