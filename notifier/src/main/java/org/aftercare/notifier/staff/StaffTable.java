package org.aftercare.notifier.staff;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.aftercare.events.staff.StaffMember;

/**
 * The latest {@link StaffMember} per staffId, in memory, as {@code staff.directory} has it. A
 * record with a lower revision than the one held is ignored (a late or replayed record never
 * brings back an old work email); a tombstone forgets the staff member. A deactivated staff member
 * stays in the table ({@code active = false}), so the policy can say why nothing went to them.
 * Written by the {@link StaffReader} thread, read by the delivery threads.
 */
public final class StaffTable {

    private final ConcurrentMap<String, StaffMember> byStaffId = new ConcurrentHashMap<>();

    /** Applies one record of {@code staff.directory}; a null record is the staff member's tombstone. */
    public void apply(String staffId, StaffMember staff) {
        if (staff == null) {
            byStaffId.remove(staffId);
            return;
        }
        byStaffId.merge(
                staff.staffId(), staff, (held, incoming) -> incoming.revision() < held.revision() ? held : incoming);
    }

    public Optional<StaffMember> latest(String staffId) {
        return Optional.ofNullable(byStaffId.get(staffId));
    }

    public int size() {
        return byStaffId.size();
    }
}
