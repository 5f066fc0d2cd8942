package org.aftercare.console.staff;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.aftercare.console.audit.AccessAudit;
import org.aftercare.console.auth.Role;
import org.aftercare.console.auth.SessionStore;
import org.aftercare.console.auth.StaffStanding;
import org.aftercare.console.readmodel.ReadModelDatabase;
import org.aftercare.console.readmodel.ReadModelWriter;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.staff.AlertCadence;
import org.aftercare.events.staff.CareTeam;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.events.staff.StaffRole;
import org.aftercare.events.staff.StaffRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's staff records and care teams, and the one way to change them (the pages and the
 * local run's seeding in process both come here). Every change, in one database transaction:
 * the console's own row at the next revision, the read model's copy ({@code rm_staff}, {@code
 * rm_care_team}: so a clinician taken off a care team loses access at once, not after the topic
 * round trip) and a row on the outbox that {@link StaffPublisher} sends to {@code staff.directory}
 * or {@code care.assignments}. A change that changes nothing publishes nothing. Every change is
 * written to the {@link AccessAudit}; a refusal is a {@link StaffProblem} with a reason per field.
 *
 * <p>Rules (those of the events' {@link StaffRules}, which the scheduler's stop-gap checks too):
 * a valid staff id, name and work email; at least one known role; a known IANA time zone;
 * critical flags always at once; a care team of staff on record and active, no one twice, at most
 * {@link StaffRules#MAX_OTHERS} others. Nobody deactivates themselves, and the last active admin
 * stays an active admin. A deactivated staff member's open sessions end at once; a role change
 * reaches their open sessions at once.
 */
public final class StaffAdmin implements StaffStanding {

    private static final Logger log = LoggerFactory.getLogger(StaffAdmin.class);
    private static final int MAX_LIST = 500;

    /**
     * A staff record as an admin writes it; alert preferences are each staff member's own ({@link
     * #setAlerts}). {@code timeZone} may be null when the record exists (kept as it is).
     */
    public record StaffDraft(String staffId, String name, String workEmail, Set<StaffRole> roles, ZoneId timeZone) {}

    private final ReadModelDatabase db;
    private final Clock clock;
    private final AccessAudit audit;
    private final SessionStore sessions;
    private final Runnable changed;
    private final ReadModelWriter readModel = new ReadModelWriter();

    /**
     * @param sessions whose sessions end or change roles with the record (null: none to tell)
     * @param changed told after every committed change (the publisher sends at once)
     */
    public StaffAdmin(ReadModelDatabase db, Clock clock, AccessAudit audit, SessionStore sessions, Runnable changed) {
        this.db = db;
        this.clock = clock;
        this.audit = audit;
        this.sessions = sessions;
        this.changed = changed;
    }

    // ---- staff records

    /** Adds a staff member (active, default alert preferences) or changes their name, email, roles or time zone. */
    public StaffMember save(String actingStaffId, StaffDraft draft) {
        return save(actingStaffId, draft, null);
    }

    StaffMember save(String actingStaffId, StaffDraft draft, String from) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (draft == null) {
            throw StaffProblem.invalid("no staff record given", Map.of());
        }
        if (!StaffRules.isStaffId(draft.staffId())) {
            errors.put("staffId", "must be 1-64 letters, digits, '.', '-' or '_' (the id the sign-in provider gives)");
        }
        String name = text(draft.name(), "name", StaffRules.MAX_NAME, errors);
        String email = text(draft.workEmail(), "workEmail", StaffRules.MAX_EMAIL, errors);
        if (email != null && !StaffRules.isEmail(email)) {
            errors.put("workEmail", "is not a valid email address");
        }
        if (draft.roles() == null
                || draft.roles().isEmpty()
                || draft.roles().stream().anyMatch(r -> r == null)) {
            errors.put("roles", "choose at least one of clinician, supervisor, admin");
        }
        if (!errors.isEmpty()) {
            throw StaffProblem.invalid("the staff record has " + errors.size() + " field(s) to correct", errors);
        }
        Set<StaffRole> roles = EnumSet.copyOf(draft.roles());
        Instant now = clock.instant();
        Change<StaffMember> change = db.inTransaction(c -> {
            Optional<StaffMember> before = StaffTables.staff(c, draft.staffId(), true);
            ZoneId zone = draft.timeZone() != null
                    ? draft.timeZone()
                    : before.map(StaffMember::timeZone).orElse(null);
            if (zone == null) {
                throw StaffProblem.invalid(
                        "the staff record has 1 field(s) to correct",
                        Map.of("timeZone", "is required for a new staff member (for example America/Chicago)"));
            }
            if (before.isPresent()
                    && before.get().roles().contains(StaffRole.ADMIN)
                    && !roles.contains(StaffRole.ADMIN)) {
                refuseLastAdmin(c, draft.staffId(), "roles");
            }
            StaffMember after = next(
                    c,
                    draft.staffId(),
                    before,
                    now,
                    name,
                    email,
                    roles,
                    before.map(StaffMember::alerts).orElse(Map.of()),
                    before.map(StaffMember::digestAt).orElse(StaffMember.DEFAULT_DIGEST_AT),
                    zone,
                    before.map(StaffMember::active).orElse(true));
            return store(c, before, after);
        });
        String what = change.before() == null ? "staff.add" : "staff.edit";
        finish(actingStaffId, null, what, from, draft.staffId(), change);
        if (change.changed()
                && change.before() != null
                && !change.before().roles().equals(roles)
                && sessions != null) {
            sessions.changeRoles(draft.staffId(), consoleRoles(roles));
        }
        return change.after();
    }

    /** Deactivates ({@code active} false) or reactivates a staff member; never oneself, never the last admin. */
    public StaffMember setActive(String actingStaffId, String staffId, boolean active) {
        return setActive(actingStaffId, staffId, active, null);
    }

    StaffMember setActive(String actingStaffId, String staffId, boolean active, String from) {
        if (!active && staffId != null && staffId.equals(actingStaffId)) {
            throw StaffProblem.invalid(
                    "you cannot deactivate yourself", Map.of("active", "ask another admin to deactivate your record"));
        }
        Instant now = clock.instant();
        Change<StaffMember> change = db.inTransaction(c -> {
            StaffMember before = StaffTables.staff(c, require(staffId), true)
                    .orElseThrow(() -> StaffProblem.missing("no staff member with that id"));
            if (!active && before.roles().contains(StaffRole.ADMIN)) {
                refuseLastAdmin(c, staffId, "active");
            }
            StaffMember after = next(
                    c,
                    staffId,
                    Optional.of(before),
                    now,
                    before.name(),
                    before.workEmail(),
                    before.roles(),
                    before.alerts(),
                    before.digestAt(),
                    before.timeZone(),
                    active);
            return store(c, Optional.of(before), after);
        });
        finish(actingStaffId, null, active ? "staff.reactivate" : "staff.deactivate", from, staffId, change);
        if (!active && sessions != null) {
            int ended = sessions.endSessionsOf(staffId);
            log.info("staff member {} deactivated: {} open session(s) ended", staffId, ended);
        }
        return change.after();
    }

    /**
     * A staff member's own alert preferences: how high and medium flags reach them (critical flags
     * always come at once), the local time of the daily digest and their time zone.
     */
    public StaffMember setAlerts(
            String actingStaffId,
            String staffId,
            AlertCadence high,
            AlertCadence medium,
            LocalTime digestAt,
            ZoneId timeZone) {
        return setAlerts(actingStaffId, staffId, high, medium, digestAt, timeZone, null);
    }

    StaffMember setAlerts(
            String actingStaffId,
            String staffId,
            AlertCadence high,
            AlertCadence medium,
            LocalTime digestAt,
            ZoneId timeZone,
            String from) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (!StaffRules.cadenceAllowed(FlagSeverity.HIGH, high)) {
            errors.put("alertHigh", "choose how high flags reach you");
        }
        if (!StaffRules.cadenceAllowed(FlagSeverity.MEDIUM, medium)) {
            errors.put("alertMedium", "choose how medium flags reach you");
        }
        if (digestAt == null) {
            errors.put("digestAt", "is required, written HH:MM");
        }
        if (timeZone == null || !StaffRules.isKnownTimeZone(timeZone.getId())) {
            errors.put("timeZone", "is not a known time zone (for example America/Chicago)");
        }
        if (!errors.isEmpty()) {
            throw StaffProblem.invalid("the alert preferences have " + errors.size() + " field(s) to correct", errors);
        }
        Map<FlagSeverity, AlertCadence> alerts = new EnumMap<>(FlagSeverity.class);
        alerts.put(FlagSeverity.CRITICAL, AlertCadence.IMMEDIATELY);
        alerts.put(FlagSeverity.HIGH, high);
        alerts.put(FlagSeverity.MEDIUM, medium);
        LocalTime digest = digestAt.withSecond(0).withNano(0);
        Instant now = clock.instant();
        Change<StaffMember> change = db.inTransaction(c -> {
            StaffMember before = StaffTables.staff(c, require(staffId), true)
                    .orElseThrow(() -> StaffProblem.missing("no staff member with that id"));
            StaffMember after = next(
                    c,
                    staffId,
                    Optional.of(before),
                    now,
                    before.name(),
                    before.workEmail(),
                    before.roles(),
                    alerts,
                    digest,
                    timeZone,
                    before.active());
            return store(c, Optional.of(before), after);
        });
        finish(actingStaffId, null, "staff.alerts", from, staffId, change);
        return change.after();
    }

    public Optional<StaffMember> find(String staffId) {
        if (!StaffRules.isStaffId(staffId)) {
            return Optional.empty();
        }
        return db.read(c -> StaffTables.staff(c, staffId, false));
    }

    /** Staff whose name or id contains {@code text} (empty: everyone), by name, at most {@code limit}. */
    public List<StaffMember> search(String text, int limit) {
        String t = text == null ? "" : text.strip();
        int n = Math.max(1, Math.min(limit, MAX_LIST));
        return db.read(c -> StaffTables.search(c, t, n));
    }

    /** The active staff, by name (who can be put on a care team). */
    public List<StaffMember> activeStaff() {
        return db.read(c -> StaffTables.active(c, MAX_LIST));
    }

    // ---- care teams

    /**
     * Sets a member's care team: the primary (required) and the others in order, all active staff on
     * record, no one twice. A member the read model does not hold yet is accepted (the local run
     * seeds before the profile has arrived); an erased member is refused.
     */
    public CareTeam assign(String actingStaffId, String memberId, String primaryStaffId, List<String> otherStaffIds) {
        return assign(actingStaffId, memberId, primaryStaffId, otherStaffIds, null);
    }

    CareTeam assign(
            String actingStaffId, String memberId, String primaryStaffId, List<String> otherStaffIds, String from) {
        if (memberId == null || !memberId.matches("[A-Za-z0-9._:-]{1,64}")) {
            throw StaffProblem.missing("no member with that id");
        }
        List<String> others = otherStaffIds == null ? List.of() : otherStaffIds;
        Instant now = clock.instant();
        Change<CareTeam> change = db.inTransaction(c -> {
            if (StaffTables.erased(c, memberId)) {
                throw StaffProblem.missing("no member with that id");
            }
            Map<String, String> errors = new LinkedHashMap<>();
            if (primaryStaffId == null || primaryStaffId.isBlank()) {
                errors.put("primaryStaffId", "is required (every care team has a primary staff member)");
            } else {
                checkOnTeam(c, primaryStaffId, "primaryStaffId", errors);
            }
            List<String> kept = new ArrayList<>();
            if (others.size() > StaffRules.MAX_OTHERS) {
                errors.put("otherStaffIds", "at most " + StaffRules.MAX_OTHERS + " others");
            }
            for (String other : others) {
                if (other == null || other.isBlank()) {
                    continue;
                }
                if (other.equals(primaryStaffId)) {
                    errors.putIfAbsent("otherStaffIds", "must not include the primary staff member");
                } else if (kept.contains(other)) {
                    errors.putIfAbsent("otherStaffIds", "must not name a staff member twice");
                } else {
                    checkOnTeam(c, other, "otherStaffIds", errors);
                    kept.add(other);
                }
            }
            if (!errors.isEmpty()) {
                throw StaffProblem.invalid("the care team has " + errors.size() + " field(s) to correct", errors);
            }
            Optional<CareTeam> before = StaffTables.careTeam(c, memberId, true);
            if (before.isPresent()
                    && primaryStaffId.equals(before.get().primaryStaffId())
                    && before.get().otherStaffIds().equals(kept)) {
                return new Change<>(before.get(), before.get(), false);
            }
            long revision = Math.max(
                            before.map(CareTeam::revision).orElse(0L),
                            StaffTables.readModelRevision(c, "rm_care_team", "member_id", memberId))
                    + 1;
            CareTeam after = new CareTeam(
                    "care:" + memberId + ":" + revision,
                    CareTeam.SCHEMA_VERSION,
                    now,
                    memberId,
                    revision,
                    primaryStaffId,
                    List.copyOf(kept));
            StaffTables.saveCareTeam(c, after, before.isPresent());
            readModel.careTeam(c, memberId, after);
            StaffTables.enqueue(c, StaffTables.ASSIGNMENTS, memberId, revision, after, now);
            return new Change<>(before.orElse(null), after, true);
        });
        finish(actingStaffId, memberId, "care-team.set", from, null, change);
        return change.after();
    }

    /** The member's care team as the console holds it; empty when none. */
    public Optional<CareTeam> careTeam(String memberId) {
        if (memberId == null || !memberId.matches("[A-Za-z0-9._:-]{1,64}")) {
            return Optional.empty();
        }
        return db.read(c -> StaffTables.careTeam(c, memberId, false));
    }

    // ---- sign-in

    /** What the console's record says of a staff member signing in: none, deactivated, or their roles. */
    @Override
    public Standing of(String staffId) {
        Optional<StaffMember> m = find(staffId);
        if (m.isEmpty()) {
            return Standing.NOT_ON_RECORD;
        }
        return new Standing(true, m.get().active(), consoleRoles(m.get().roles()));
    }

    // ---- helpers

    private record Change<T>(T before, T after, boolean changed) {}

    private StaffMember next(
            Connection c,
            String staffId,
            Optional<StaffMember> before,
            Instant now,
            String name,
            String email,
            Set<StaffRole> roles,
            Map<FlagSeverity, AlertCadence> alerts,
            LocalTime digestAt,
            ZoneId zone,
            boolean active)
            throws SQLException {
        // Above what the console holds and what the topics said (the read model), so a consumer
        // that keeps the highest revision takes this one.
        long revision = Math.max(
                        before.map(StaffMember::revision).orElse(0L),
                        StaffTables.readModelRevision(c, "rm_staff", "staff_id", staffId))
                + 1;
        return new StaffMember(
                "staff:" + staffId + ":" + revision,
                StaffMember.SCHEMA_VERSION,
                now,
                staffId,
                revision,
                name,
                email,
                roles,
                alerts,
                digestAt,
                zone,
                active);
    }

    private Change<StaffMember> store(Connection c, Optional<StaffMember> before, StaffMember after)
            throws SQLException {
        if (before.isPresent() && same(before.get(), after)) {
            return new Change<>(before.get(), before.get(), false);
        }
        StaffTables.saveStaff(c, after, before.isPresent());
        readModel.staff(c, after.staffId(), after);
        StaffTables.enqueue(c, StaffTables.DIRECTORY, after.staffId(), after.revision(), after, after.occurredAt());
        return new Change<>(before.orElse(null), after, true);
    }

    private static boolean same(StaffMember a, StaffMember b) {
        return a.name().equals(b.name())
                && a.workEmail().equals(b.workEmail())
                && a.roles().equals(b.roles())
                && a.alerts().equals(b.alerts())
                && a.digestAt().equals(b.digestAt())
                && a.timeZone().equals(b.timeZone())
                && a.active() == b.active();
    }

    private void finish(String actingStaffId, String memberId, String what, String from, String detail, Change<?> c) {
        if (c.changed()) {
            changed.run();
        }
        audit.record(actingStaffId, memberId, what, from, detail != null ? detail : c.changed() ? null : "unchanged");
    }

    private static void refuseLastAdmin(Connection c, String staffId, String field) throws SQLException {
        List<String> admins = StaffTables.lockActiveAdmins(c);
        if (admins.size() <= 1 && admins.contains(staffId)) {
            throw StaffProblem.invalid(
                    "the console keeps at least one active admin",
                    Map.of(field, "this is the last active admin: make someone else an admin first"));
        }
    }

    private static void checkOnTeam(Connection c, String staffId, String field, Map<String, String> errors)
            throws SQLException {
        Optional<StaffMember> s =
                StaffRules.isStaffId(staffId) ? StaffTables.staff(c, staffId, false) : Optional.empty();
        if (s.isEmpty()) {
            errors.putIfAbsent(field, "names someone who is not on the staff list");
        } else if (!s.get().active()) {
            errors.putIfAbsent(field, "names a deactivated staff member: choose an active one");
        }
    }

    private static String require(String staffId) {
        if (!StaffRules.isStaffId(staffId)) {
            throw StaffProblem.missing("no staff member with that id");
        }
        return staffId;
    }

    private static String text(String value, String field, int max, Map<String, String> errors) {
        if (value == null || value.isBlank()) {
            errors.put(field, "is required");
            return null;
        }
        if (StaffRules.hasControlCharacters(value)) {
            errors.put(field, "must not contain line breaks or other control characters");
            return null;
        }
        String s = value.strip();
        if (s.length() > max) {
            errors.put(field, "must be at most " + max + " characters");
            return null;
        }
        return s;
    }

    static Set<Role> consoleRoles(Set<StaffRole> roles) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        for (StaffRole r : roles) {
            out.add(Role.valueOf(r.name()));
        }
        return out;
    }
}
