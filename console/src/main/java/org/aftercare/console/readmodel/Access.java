package org.aftercare.console.readmodel;

import java.util.Set;
import org.aftercare.events.staff.StaffRole;

/**
 * Who may see a member's record: a supervisor or an admin every member; a clinician only the
 * members whose care team includes them (primary or one of the others). Roles come from the
 * signed-in session (the console's staff record when there is one, else the sign-in's claim), the
 * care teams from {@code rm_care_team_member}: written by the console's own care-team changes in
 * the same transaction as the change (so a clinician taken off a team loses access at once), and
 * by {@code care.assignments} only for a newer revision than the one held (the stop-gap's teams,
 * the console's own echo is ignored).
 */
public final class Access {

    private final ReadModelDatabase db;

    public Access(ReadModelDatabase db) {
        this.db = db;
    }

    public boolean mayView(String staffId, Set<StaffRole> roles, String memberId) {
        if (staffId == null || staffId.isBlank() || memberId == null || memberId.isBlank() || roles == null) {
            return false;
        }
        if (roles.contains(StaffRole.SUPERVISOR) || roles.contains(StaffRole.ADMIN)) {
            return true;
        }
        if (!roles.contains(StaffRole.CLINICIAN)) {
            return false;
        }
        return db.read(c -> {
            try (var ps =
                    c.prepareStatement("SELECT 1 FROM rm_care_team_member WHERE staff_id = ? AND member_id = ?")) {
                ps.setString(1, staffId);
                ps.setString(2, memberId);
                try (var rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }
}
