package org.aftercare.console.staff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.aftercare.events.Json;
import org.aftercare.events.Topic;
import org.aftercare.events.Topics;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.staff.AlertCadence;
import org.aftercare.events.staff.CareTeam;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.events.staff.StaffRole;

/**
 * SQL over the console's own staff tables (V4): {@code console_staff}, {@code console_care_team}
 * and the outbox {@code console_staff_outbox}. Each record is read back as the very snapshot that
 * is published ({@link StaffMember}, {@link CareTeam}), inside the caller's transaction.
 */
final class StaffTables {

    private static final TypeReference<Map<FlagSeverity, AlertCadence>> ALERTS = new TypeReference<>() {};

    private StaffTables() {}

    static boolean empty(Connection c) throws SQLException {
        return !exists(c, "SELECT 1 FROM console_staff FETCH FIRST 1 ROWS ONLY", null)
                && !exists(c, "SELECT 1 FROM console_care_team FETCH FIRST 1 ROWS ONLY", null);
    }

    static Optional<StaffMember> staff(Connection c, String staffId, boolean lock) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT * FROM console_staff WHERE staff_id = ?" + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, staffId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(readStaff(rs)) : Optional.empty();
            }
        }
    }

    /** Staff whose name or id contains {@code text} (any case; empty: everyone), by name. */
    static List<StaffMember> search(Connection c, String text, int limit) throws SQLException {
        String like = "%"
                + text.toLowerCase(Locale.ROOT)
                        .replace("\\", "\\\\")
                        .replace("%", "\\%")
                        .replace("_", "\\_") + "%";
        List<StaffMember> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM console_staff WHERE name_lower LIKE ? ESCAPE '\\'"
                + " OR LOWER(staff_id) LIKE ? ESCAPE '\\' ORDER BY name_lower, staff_id FETCH FIRST ? ROWS ONLY")) {
            ps.setString(1, like);
            ps.setString(2, like);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(readStaff(rs));
                }
            }
        }
        return out;
    }

    /** Every active staff member, by name (the care-team form's choices). */
    static List<StaffMember> active(Connection c, int limit) throws SQLException {
        List<StaffMember> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM console_staff WHERE active = TRUE ORDER BY name_lower, staff_id FETCH FIRST ? ROWS ONLY")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(readStaff(rs));
                }
            }
        }
        return out;
    }

    /** Locks every active admin's row and counts them (so two admins cannot each remove the other). */
    static List<String> lockActiveAdmins(Connection c) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                        "SELECT staff_id, roles FROM console_staff WHERE active = TRUE ORDER BY staff_id FOR UPDATE");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (Arrays.asList(rs.getString(2).split(",")).contains(StaffRole.ADMIN.name())) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    static void saveStaff(Connection c, StaffMember m, boolean exists) throws SQLException {
        String sql = exists
                ? "UPDATE console_staff SET revision = ?, name = ?, name_lower = ?, work_email = ?, roles = ?,"
                        + " alerts_json = ?, digest_at = ?, time_zone = ?, active = ?, updated_at = ? WHERE staff_id = ?"
                : "INSERT INTO console_staff (revision, name, name_lower, work_email, roles, alerts_json, digest_at,"
                        + " time_zone, active, updated_at, staff_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 0;
            ps.setLong(++i, m.revision());
            ps.setString(++i, m.name());
            ps.setString(++i, m.name().toLowerCase(Locale.ROOT));
            ps.setString(++i, m.workEmail());
            ps.setString(++i, roles(m));
            ps.setString(++i, json(m.alerts()));
            ps.setString(++i, m.digestAt().toString());
            ps.setString(++i, m.timeZone().getId());
            ps.setBoolean(++i, m.active());
            ps.setObject(++i, m.occurredAt().atOffset(ZoneOffset.UTC));
            ps.setString(++i, m.staffId());
            ps.executeUpdate();
        }
    }

    static Optional<CareTeam> careTeam(Connection c, String memberId, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM console_care_team WHERE member_id = ?" + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, memberId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long revision = rs.getLong("revision");
                String others = rs.getString("other_staff_ids");
                return Optional.of(new CareTeam(
                        "care:" + memberId + ":" + revision,
                        CareTeam.SCHEMA_VERSION,
                        rs.getObject("updated_at", java.time.OffsetDateTime.class)
                                .toInstant(),
                        memberId,
                        revision,
                        rs.getString("primary_staff_id"),
                        others.isEmpty() ? List.of() : List.of(others.split(","))));
            }
        }
    }

    static void saveCareTeam(Connection c, CareTeam t, boolean exists) throws SQLException {
        String sql = exists
                ? "UPDATE console_care_team SET revision = ?, primary_staff_id = ?, other_staff_ids = ?, updated_at = ?"
                        + " WHERE member_id = ?"
                : "INSERT INTO console_care_team (revision, primary_staff_id, other_staff_ids, updated_at, member_id)"
                        + " VALUES (?, ?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, t.revision());
            ps.setString(2, t.primaryStaffId());
            ps.setString(3, String.join(",", t.otherStaffIds()));
            ps.setObject(4, t.occurredAt().atOffset(ZoneOffset.UTC));
            ps.setString(5, t.memberId());
            ps.executeUpdate();
        }
    }

    /** The revision the read model holds for this key (what the topics said), or 0. */
    static long readModelRevision(Connection c, String table, String idColumn, String id) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT revision FROM " + table + " WHERE " + idColumn + " = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    static boolean erased(Connection c, String memberId) throws SQLException {
        return exists(c, "SELECT 1 FROM rm_erased_member WHERE member_id = ?", memberId);
    }

    /** Queues the snapshot on the outbox (in the change's transaction); {@code value} null is a tombstone. */
    static <V> void enqueue(Connection c, Topic<V> topic, String key, long revision, V value, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO console_staff_outbox"
                + " (topic, record_key, revision, payload, queued_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, topic.name());
            ps.setString(2, key);
            ps.setLong(3, revision);
            ps.setString(
                    4,
                    value == null
                            ? null
                            : new String(
                                    topic.valueSerde().serializer().serialize(topic.name(), value),
                                    StandardCharsets.UTF_8));
            ps.setObject(5, now.atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }

    static String roles(StaffMember m) {
        return m.roles().stream().map(Enum::name).sorted().collect(Collectors.joining(","));
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
                rs.getObject("updated_at", java.time.OffsetDateTime.class).toInstant(),
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

    private static boolean exists(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (id != null) {
                ps.setString(1, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String json(Object value) {
        try {
            return Json.writer().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store " + value.getClass().getSimpleName(), e);
        }
    }

    /** The topic of a staff record. */
    static final Topic<org.aftercare.events.staff.StaffDirectoryEvent> DIRECTORY = Topics.STAFF_DIRECTORY;

    /** The topic of a care team. */
    static final Topic<org.aftercare.events.staff.CareAssignmentEvent> ASSIGNMENTS = Topics.CARE_ASSIGNMENTS;
}
