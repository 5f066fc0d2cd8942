package org.aftercare.scheduler.staff;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aftercare.events.staff.CareTeam;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.member.MemberProblem;
import org.aftercare.scheduler.member.MemberStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Program staff and members' care teams, kept by the scheduler until the console service owns
 * them (issue 11). In: staff records and care teams from the admin API. Out: the record as stored
 * (the next revision when anything changed), and its snapshot on {@code staff.directory} or
 * {@code care.assignments} through {@link StaffOutbox}. Refusals are {@link MemberProblem}s: a
 * care team may name only staff on record, and only active ones.
 */
public final class StaffDirectory {

    private static final Logger log = LoggerFactory.getLogger(StaffDirectory.class);

    /** What a put did: the record, and whether it was new. */
    public record Saved<T>(T record, boolean created) {}

    private final Database db;
    private final StaffStore store;
    private final MemberStore members;
    private final StaffOutbox outbox;
    private final Clock clock;

    StaffDirectory(Database db, StaffStore store, MemberStore members, StaffOutbox outbox, Clock clock) {
        this.db = db;
        this.store = store;
        this.members = members;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Creates or replaces a staff record (deactivating is {@code active = false}; records are never deleted). */
    public Saved<StaffMember> put(String staffId, StaffParser.StaffInput in) {
        StaffParser.requireStaffId(staffId);
        Instant now = clock.instant();
        Saved<StaffMember> saved = db.inTransaction(c -> {
            Optional<StaffMember> before = store.load(c, staffId, true);
            long revision = before.map(StaffMember::revision).orElse(0L) + 1;
            StaffMember after = new StaffMember(
                    "staff:" + staffId + ":" + revision,
                    StaffMember.SCHEMA_VERSION,
                    now,
                    staffId,
                    revision,
                    in.name(),
                    in.workEmail(),
                    in.roles(),
                    in.alerts(),
                    in.digestAt(),
                    in.timeZone(),
                    in.active());
            if (before.isPresent() && sameRecord(before.get(), after)) {
                return new Saved<>(before.get(), false);
            }
            if (before.isPresent()) {
                store.update(c, after);
            } else {
                store.insert(c, after);
            }
            return new Saved<>(after, before.isEmpty());
        });
        log.info("staff record {} at revision {}", staffId, saved.record().revision());
        outbox.publishStaff(staffId);
        return saved;
    }

    private static boolean sameRecord(StaffMember a, StaffMember b) {
        return a.name().equals(b.name())
                && a.workEmail().equals(b.workEmail())
                && a.roles().equals(b.roles())
                && a.alerts().equals(b.alerts())
                && a.digestAt().equals(b.digestAt())
                && a.timeZone().equals(b.timeZone())
                && a.active() == b.active();
    }

    public Optional<StaffMember> find(String staffId) {
        return db.inTransaction(c -> store.load(c, staffId, false));
    }

    public List<StaffMember> all() {
        return db.inTransaction(store::all);
    }

    /** The member's care team; empty when they have none. Not found when there is no such member. */
    public Optional<CareTeam> careTeam(String memberId) {
        return db.inTransaction(c -> {
            if (!members.lock(c, memberId)) {
                throw MemberProblem.notFound("no member with that id");
            }
            return store.careTeam(c, memberId);
        });
    }

    /**
     * Sets the member's care team under the member's row lock: every staff member named must be on
     * record and active (a deactivated one is refused with a reason, the primary above all).
     */
    public CareTeam setCareTeam(String memberId, StaffParser.CareTeamInput in) {
        Instant now = clock.instant();
        CareTeam team = db.inTransaction(c -> {
            if (!members.lock(c, memberId)) {
                throw MemberProblem.notFound("no member with that id");
            }
            Map<String, String> errors = new LinkedHashMap<>();
            check(c, in.primaryStaffId(), "primaryStaffId", errors);
            for (String other : in.otherStaffIds()) {
                check(c, other, "otherStaffIds", errors);
            }
            if (!errors.isEmpty()) {
                throw MemberProblem.invalid("the care team names staff it cannot hold", errors);
            }
            Optional<CareTeam> before = store.careTeam(c, memberId);
            if (before.isPresent()
                    && before.get().primaryStaffId().equals(in.primaryStaffId())
                    && before.get().otherStaffIds().equals(in.otherStaffIds())) {
                return before.get();
            }
            long revision = before.map(CareTeam::revision).orElse(0L) + 1;
            CareTeam after = new CareTeam(
                    "care:" + memberId + ":" + revision,
                    CareTeam.SCHEMA_VERSION,
                    now,
                    memberId,
                    revision,
                    in.primaryStaffId(),
                    in.otherStaffIds());
            store.saveCareTeam(c, after, before.isPresent());
            return after;
        });
        log.info("care team of member {} at revision {}", memberId, team.revision());
        outbox.publishCareTeam(memberId);
        return team;
    }

    private void check(Connection c, String staffId, String field, Map<String, String> errors) throws SQLException {
        Optional<StaffMember> staff = store.load(c, staffId, false);
        if (staff.isEmpty()) {
            errors.putIfAbsent(field, "names a staff member who is not on record (PUT /api/staff/{staffId} first)");
        } else if (!staff.get().active()) {
            errors.putIfAbsent(
                    field,
                    field.equals("primaryStaffId")
                            ? "names a deactivated staff member: choose an active primary staff member"
                            : "names a deactivated staff member");
        }
    }
}
