package org.aftercare.scheduler.staff;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aftercare.events.staff.CareTeam;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.member.MemberProblem;
import org.aftercare.scheduler.member.MemberStore;

/**
 * The scheduler's copy of program staff and members' care teams, which the console owns (issue 12)
 * and publishes on {@code staff.directory} and {@code care.assignments}. In: each record the
 * {@link StaffFollower} reads, applied by revision (a record older than, or as old as, the copy is
 * ignored, so a replay changes nothing), and tombstones, which delete. Out: what the staff actions
 * check ({@link StaffActions}), the coverage gauges count and the admin API's GETs show. Nothing here
 * publishes: the scheduler no longer writes staff.
 */
public final class StaffDirectory {

    /** What applying one record did. */
    public enum Applied {
        /** Stored: the copy now holds this revision. */
        STORED,
        /** Ignored: the copy holds this revision or a newer one already. */
        NOT_NEWER,
        /** Ignored: a care team of a member the scheduler has no record of (never enrolled, or erased). */
        NO_SUCH_MEMBER
    }

    private final Database db;
    private final StaffStore store;
    private final MemberStore members;

    StaffDirectory(Database db, StaffStore store, MemberStore members) {
        this.db = db;
        this.store = store;
        this.members = members;
    }

    public Optional<StaffMember> find(String staffId) {
        return db.inTransaction(c -> store.load(c, staffId, false));
    }

    public List<StaffMember> all() {
        return db.inTransaction(store::all);
    }

    /**
     * The member's care team; empty when they have none (none received, or the console's team
     * without a primary). Not found when there is no such member.
     */
    public Optional<CareTeam> careTeam(String memberId) {
        return db.inTransaction(c -> {
            if (!members.lock(c, memberId)) {
                throw MemberProblem.notFound("no member with that id");
            }
            return store.careTeam(c, memberId).filter(t -> t.primaryStaffId() != null);
        });
    }

    /** The revision held of each staff record (the follower's start). */
    Map<String, Long> staffRevisions() {
        return db.inTransaction(c -> store.revisions(c, "staff_member", "staff_id"));
    }

    /** The revision held of each care team (the follower's start). */
    Map<String, Long> careTeamRevisions() {
        return db.inTransaction(c -> store.revisions(c, "care_team", "member_id"));
    }

    /** Stores the staff record if it is newer than the copy (under the row's lock). */
    Applied applyStaff(StaffMember m) {
        return db.inTransaction(c -> {
            Optional<StaffMember> held = store.load(c, m.staffId(), true);
            if (held.isPresent() && held.get().revision() >= m.revision()) {
                return Applied.NOT_NEWER;
            }
            if (held.isPresent()) {
                store.update(c, m);
            } else {
                store.insert(c, m);
            }
            return Applied.STORED;
        });
    }

    /** A tombstone on {@code staff.directory}: the staff record goes (care teams naming them stay as the console sent them). */
    void removeStaff(String staffId) {
        db.inTransaction(c -> {
            store.deleteStaff(c, staffId);
            return null;
        });
    }

    /**
     * Stores the care team if it is newer than the copy, under the member's row lock (so it cannot
     * race the member's erasure, which deletes the team with the member).
     */
    Applied applyCareTeam(CareTeam t) {
        return db.inTransaction(c -> {
            if (!members.lock(c, t.memberId())) {
                return Applied.NO_SUCH_MEMBER;
            }
            Optional<CareTeam> held = store.careTeam(c, t.memberId());
            if (held.isPresent() && held.get().revision() >= t.revision()) {
                return Applied.NOT_NEWER;
            }
            store.saveCareTeam(c, t, held.isPresent());
            return Applied.STORED;
        });
    }

    /** A tombstone on {@code care.assignments}: the member's care team goes. */
    void removeCareTeam(String memberId) {
        db.inTransaction(c -> {
            store.deleteCareTeam(c, memberId);
            return null;
        });
    }
}
