package org.aftercare.local;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.aftercare.console.staff.StaffAdmin;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.staff.CareTeam;
import org.aftercare.events.staff.StaffMember;

/**
 * Where the demo roster's staff records and care teams go. The local run seeds them through the
 * console, which owns them ({@link #console}): the console publishes them on {@code staff.directory}
 * and {@code care.assignments}, which the scheduler, the notifier and streams follow.
 */
public interface DemoStaff {

    /** The revision of a demo record as the roster writes it (the console sets its own). */
    long REVISION = 1;

    /** Stores one demo staff record (name, work email, roles, time zone, alert preferences, active). */
    void staff(StaffMember m);

    /** Stores one demo member's care team (primary first). */
    void careTeam(String memberId, String primaryStaffId, List<String> otherStaffIds);

    /**
     * Through the console's {@link StaffAdmin} in process, as an admin would (audited as {@code
     * local-run}). A record or team already as the roster says is left alone, so starting the local
     * run again on the same data changes nothing.
     */
    static DemoStaff console(StaffAdmin admin) {
        String actor = "local-run";
        return new DemoStaff() {
            @Override
            public void staff(StaffMember m) {
                Optional<StaffMember> held = admin.find(m.staffId());
                boolean same = held.isPresent()
                        && held.get().name().equals(m.name())
                        && held.get().workEmail().equals(m.workEmail())
                        && held.get().roles().equals(m.roles())
                        && held.get().timeZone().equals(m.timeZone())
                        && held.get().active()
                        && held.get().alerts().equals(m.alerts())
                        && held.get().digestAt().equals(m.digestAt());
                if (same) {
                    return;
                }
                admin.save(
                        actor,
                        new StaffAdmin.StaffDraft(m.staffId(), m.name(), m.workEmail(), m.roles(), m.timeZone()));
                admin.setAlerts(
                        actor,
                        m.staffId(),
                        m.cadenceFor(FlagSeverity.HIGH),
                        m.cadenceFor(FlagSeverity.MEDIUM),
                        m.digestAt(),
                        m.timeZone());
            }

            @Override
            public void careTeam(String memberId, String primaryStaffId, List<String> otherStaffIds) {
                Optional<CareTeam> held = admin.careTeam(memberId);
                if (held.isPresent()
                        && Objects.equals(held.get().primaryStaffId(), primaryStaffId)
                        && held.get().otherStaffIds().equals(otherStaffIds)) {
                    return;
                }
                admin.assign(actor, memberId, primaryStaffId, otherStaffIds);
            }
        };
    }
}
