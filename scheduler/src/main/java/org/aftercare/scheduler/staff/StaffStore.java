package org.aftercare.scheduler.staff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.aftercare.events.Json;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.staff.AlertCadence;
import org.aftercare.events.staff.CareTeam;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.events.staff.StaffRole;

/**
 * Reads and writes the scheduler's copy of staff records and care teams, each held as the very
 * record read from {@code staff.directory} or {@code care.assignments} ({@link StaffMember},
 * {@link CareTeam}) with the console's {@code revision}. A care team without a primary is the
 * console's "no care team", kept with its revision.
 */
final class StaffStore {

    private static final TypeReference<Map<FlagSeverity, AlertCadence>> ALERTS = new TypeReference<>() {};

    Optional<StaffMember> load(Connection c, String staffId, boolean lock) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT * FROM staff_member WHERE staff_id = ?" + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, staffId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(readStaff(rs)) : Optional.empty();
            }
        }
    }

    List<StaffMember> all(Connection c) throws SQLException {
        List<StaffMember> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM staff_member ORDER BY staff_id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(readStaff(rs));
            }
        }
        return out;
    }

    void insert(Connection c, StaffMember m) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO staff_member (name, work_email, roles, alerts_json, digest_at, time_zone, active, revision,
                    updated_at, staff_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            bind(ps, m);
            ps.executeUpdate();
        }
    }

    void update(Connection c, StaffMember m) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE staff_member SET name = ?, work_email = ?, roles = ?, alerts_json = ?, digest_at = ?,
                    time_zone = ?, active = ?, revision = ?, updated_at = ?
                WHERE staff_id = ?""")) {
            bind(ps, m);
            ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, StaffMember m) throws SQLException {
        int i = 0;
        ps.setString(++i, m.name());
        ps.setString(++i, m.workEmail());
        ps.setString(++i, m.roles().stream().map(Enum::name).sorted().collect(Collectors.joining(",")));
        ps.setString(++i, json(m.alerts()));
        ps.setString(++i, m.digestAt().toString());
        ps.setString(++i, m.timeZone().getId());
        ps.setBoolean(++i, m.active());
        ps.setLong(++i, m.revision());
        ps.setTimestamp(++i, Timestamp.from(m.occurredAt()));
        ps.setString(++i, m.staffId());
    }

    private static StaffMember readStaff(ResultSet rs) throws SQLException {
        String staffId = rs.getString("staff_id");
        long revision = rs.getLong("revision");
        Map<FlagSeverity, AlertCadence> alerts;
        try {
            alerts = Json.readerFor(ALERTS).readValue(rs.getString("alerts_json"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored alert preferences of staff " + staffId + " are unreadable");
        }
        return new StaffMember(
                "staff:" + staffId + ":" + revision,
                StaffMember.SCHEMA_VERSION,
                rs.getTimestamp("updated_at").toInstant(),
                staffId,
                revision,
                rs.getString("name"),
                rs.getString("work_email"),
                Arrays.stream(rs.getString("roles").split(","))
                        .map(StaffRole::valueOf)
                        .collect(Collectors.toSet()),
                alerts,
                LocalTime.parse(rs.getString("digest_at")),
                ZoneId.of(rs.getString("time_zone")),
                rs.getBoolean("active"));
    }

    Optional<CareTeam> careTeam(Connection c, String memberId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM care_team WHERE member_id = ?")) {
            ps.setString(1, memberId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(readTeam(rs)) : Optional.empty();
            }
        }
    }

    void saveCareTeam(Connection c, CareTeam t, boolean exists) throws SQLException {
        String sql = exists
                ? "UPDATE care_team SET primary_staff_id = ?, other_staff_ids = ?, revision = ?, updated_at = ?"
                        + " WHERE member_id = ?"
                : "INSERT INTO care_team (primary_staff_id, other_staff_ids, revision, updated_at, member_id)"
                        + " VALUES (?, ?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, t.primaryStaffId());
            ps.setString(2, String.join(",", t.otherStaffIds()));
            ps.setLong(3, t.revision());
            ps.setTimestamp(4, Timestamp.from(t.occurredAt()));
            ps.setString(5, t.memberId());
            ps.executeUpdate();
        }
    }

    private static CareTeam readTeam(ResultSet rs) throws SQLException {
        String memberId = rs.getString("member_id");
        long revision = rs.getLong("revision");
        String others = rs.getString("other_staff_ids");
        return new CareTeam(
                "care:" + memberId + ":" + revision,
                CareTeam.SCHEMA_VERSION,
                rs.getTimestamp("updated_at").toInstant(),
                memberId,
                revision,
                rs.getString("primary_staff_id"),
                others.isEmpty() ? List.of() : List.of(others.split(",")));
    }

    void deleteStaff(Connection c, String staffId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM staff_member WHERE staff_id = ?")) {
            ps.setString(1, staffId);
            ps.executeUpdate();
        }
    }

    void deleteCareTeam(Connection c, String memberId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM care_team WHERE member_id = ?")) {
            ps.setString(1, memberId);
            ps.executeUpdate();
        }
    }

    /** Every id of {@code table} with the revision held ({@code staff_member} or {@code care_team}). */
    Map<String, Long> revisions(Connection c, String table, String idColumn) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + idColumn + ", revision FROM " + table);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    /** Active members with no care team (coverage). */
    long activeMembersWithoutCareTeam(Connection c) throws SQLException {
        return count(c, """
                SELECT COUNT(*) FROM member m LEFT JOIN care_team t ON t.member_id = m.member_id
                WHERE m.status = 'ACTIVE' AND t.primary_staff_id IS NULL""");
    }

    /** Places on care teams (primary or other) held by deactivated staff (coverage). */
    long careTeamPlacesOfInactiveStaff(Connection c) throws SQLException {
        return count(c, """
                        SELECT COUNT(*) FROM care_team t JOIN staff_member s ON s.active = FALSE
                        AND s.staff_id = t.primary_staff_id""") + count(c, """
                        SELECT COUNT(*) FROM care_team t JOIN staff_member s ON s.active = FALSE
                        AND POSITION(',' || s.staff_id || ',' IN ',' || t.other_staff_ids || ',') > 0""");
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String json(Object value) {
        try {
            return Json.writer().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store " + value.getClass().getSimpleName(), e);
        }
    }
}
