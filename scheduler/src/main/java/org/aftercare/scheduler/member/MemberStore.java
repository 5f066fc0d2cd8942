package org.aftercare.scheduler.member;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.aftercare.events.Json;
import org.aftercare.events.profile.Away;
import org.aftercare.events.profile.CheckInPlan;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.profile.ExitEvent;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.events.profile.Preferences;
import org.aftercare.events.profile.SupportContact;

/**
 * Reads and writes members and their contacts. A member is held in memory as the very snapshot
 * that is published ({@link MemberProfile}); its {@code revision} grows with every change and
 * {@code published_revision} records what {@code member.profile} already has, so a failed publish
 * is retried by the outbox sweep instead of lost.
 */
public final class MemberStore {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<List<ExitEvent>> EXIT_EVENTS = new TypeReference<>() {};

    public Optional<String> findIdByExternalId(Connection c, String externalId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT member_id FROM member WHERE external_id = ?")) {
            ps.setString(1, externalId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** External id → member id of those already enrolled. */
    public Map<String, String> findIdsByExternalIds(Connection c, List<String> externalIds) throws SQLException {
        Map<String, String> found = new HashMap<>();
        for (int from = 0; from < externalIds.size(); from += 500) {
            List<String> chunk = externalIds.subList(from, Math.min(externalIds.size(), from + 500));
            String marks = String.join(",", Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT external_id, member_id FROM member WHERE external_id IN (" + marks + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
        }
        return found;
    }

    /** Locks the member's row for this transaction; false if there is no such member. */
    public boolean lock(Connection c, String memberId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT member_id FROM member WHERE member_id = ? FOR UPDATE")) {
            ps.setString(1, memberId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Inserts new members and their contacts in statement batches (bulk import). */
    public void insertAll(Connection c, List<MemberProfile> members) throws SQLException {
        if (members.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO member (member_id, external_id, first_name, email, time_zone, locale, status,
                    treatment_ended_on, recovery_start_date, plan_json, coping_plan_json, preferences_json,
                    exit_events_json, away_until, away_keep_prompts, away_set_by, revision, published_revision, created_at,
                    updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)""")) {
            for (MemberProfile m : members) {
                int i = bindMember(ps, m);
                ps.setTimestamp(++i, Timestamp.from(m.occurredAt()));
                ps.setTimestamp(++i, Timestamp.from(m.occurredAt()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        for (MemberProfile m : members) {
            if (!m.contacts().isEmpty()) {
                insertContacts(c, m);
            }
        }
    }

    /** Inserts due-time index rows for new members (null: nothing planned). */
    public void insertSchedule(Connection c, Map<String, Instant> nextDue) throws SQLException {
        if (nextDue.isEmpty()) {
            return;
        }
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO checkin_schedule (member_id, next_due_utc) VALUES (?, ?)")) {
            for (Map.Entry<String, Instant> e : nextDue.entrySet()) {
                ps.setString(1, e.getKey());
                ps.setTimestamp(2, e.getValue() == null ? null : Timestamp.from(e.getValue()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Records that the erased member's tombstone is owed to {@code member.profile}. */
    public void owesTombstone(Connection c, String memberId, Instant now) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM erased_member WHERE member_id = ?")) {
            del.setString(1, memberId);
            del.executeUpdate();
        }
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO erased_member (member_id, erased_at) VALUES (?, ?)")) {
            ps.setString(1, memberId);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.executeUpdate();
        }
    }

    public List<String> owedTombstones(Connection c, int limit) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT member_id FROM erased_member ORDER BY erased_at FETCH FIRST ? ROWS ONLY")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    public void tombstonePublished(Connection c, String memberId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM erased_member WHERE member_id = ?")) {
            ps.setString(1, memberId);
            ps.executeUpdate();
        }
    }

    public void insert(Connection c, MemberProfile m) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO member (member_id, external_id, first_name, email, time_zone, locale, status,
                    treatment_ended_on, recovery_start_date, plan_json, coping_plan_json, preferences_json,
                    exit_events_json, away_until, away_keep_prompts, away_set_by, revision, published_revision, created_at,
                    updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)""")) {
            int i = bindMember(ps, m);
            ps.setTimestamp(++i, Timestamp.from(m.occurredAt()));
            ps.setTimestamp(++i, Timestamp.from(m.occurredAt()));
            ps.executeUpdate();
        }
        insertContacts(c, m);
    }

    /** Replaces the member's row and contacts with this snapshot (its revision must be the next one). */
    public void update(Connection c, MemberProfile m) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE member SET member_id = ?, external_id = ?, first_name = ?, email = ?, time_zone = ?, locale = ?,
                    status = ?, treatment_ended_on = ?, recovery_start_date = ?, plan_json = ?, coping_plan_json = ?,
                    preferences_json = ?, exit_events_json = ?, away_until = ?, away_keep_prompts = ?, away_set_by = ?,
                    revision = ?, updated_at = ?
                WHERE member_id = ?""")) {
            int i = bindMember(ps, m);
            ps.setTimestamp(++i, Timestamp.from(m.occurredAt()));
            ps.setString(++i, m.memberId());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM support_contact WHERE member_id = ?")) {
            ps.setString(1, m.memberId());
            ps.executeUpdate();
        }
        insertContacts(c, m);
    }

    public Optional<MemberProfile> load(Connection c, String memberId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM member WHERE member_id = ?")) {
            ps.setString(1, memberId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(read(rs, contacts(c, memberId)));
            }
        }
    }

    /** Removes the member and everything that cascades from it; true if there was one. */
    public boolean delete(Connection c, String memberId) throws SQLException {
        for (String table : new String[] {"spent_token", "help_request"}) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE member_id = ?")) {
                ps.setString(1, memberId);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM member WHERE member_id = ?")) {
            ps.setString(1, memberId);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Locks, for this transaction, members whose latest snapshot is not yet on
     * {@code member.profile}, oldest change first; rows another transaction holds are skipped.
     */
    public List<String> lockUnpublished(Connection c, int limit) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT member_id FROM member WHERE published_revision < revision
                ORDER BY updated_at FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED""")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    /** The revision {@code member.profile} has of the member (0: none yet). */
    public long publishedRevision(Connection c, String memberId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT published_revision FROM member WHERE member_id = ?")) {
            ps.setString(1, memberId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    public void markPublished(Connection c, String memberId, long revision) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE member SET published_revision = ? WHERE member_id = ? AND published_revision < ?")) {
            ps.setLong(1, revision);
            ps.setString(2, memberId);
            ps.setLong(3, revision);
            ps.executeUpdate();
        }
    }

    /** Marks every member as not yet published, so the outbox republishes them all (resync). */
    public int markAllUnpublished(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE member SET published_revision = 0")) {
            return ps.executeUpdate();
        }
    }

    private static int bindMember(PreparedStatement ps, MemberProfile m) throws SQLException {
        int i = 0;
        ps.setString(++i, m.memberId());
        ps.setString(++i, m.externalId());
        ps.setString(++i, m.firstName());
        ps.setString(++i, m.email());
        ps.setString(++i, m.timeZone().getId());
        ps.setString(++i, m.locale());
        ps.setString(++i, m.status().name());
        ps.setObject(++i, m.treatmentEndedOn());
        ps.setObject(++i, m.recoveryStartDate());
        ps.setString(++i, json(m.plan()));
        ps.setString(++i, json(m.copingPlan()));
        ps.setString(++i, json(m.preferences()));
        ps.setString(++i, json(m.exitEvents()));
        Away away = m.away();
        ps.setObject(++i, away == null ? null : away.until());
        if (away == null) {
            ps.setNull(++i, Types.BOOLEAN);
        } else {
            ps.setBoolean(++i, away.keepPrompts());
        }
        ps.setString(++i, away == null ? null : away.setBy().name());
        ps.setLong(++i, m.revision());
        return i;
    }

    private static void insertContacts(Connection c, MemberProfile m) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO support_contact (member_id, contact_id, position, name, email, relationship, consent, state,
                    invitation_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            int position = 0;
            for (SupportContact k : m.contacts()) {
                ps.setString(1, m.memberId());
                ps.setString(2, k.contactId());
                ps.setInt(3, position++);
                ps.setString(4, k.name());
                ps.setString(5, k.email());
                ps.setString(6, k.relationship());
                ps.setString(7, k.consent().stream().map(Enum::name).collect(Collectors.joining(",")));
                ps.setString(8, k.state().name());
                ps.setString(9, k.invitationId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static List<SupportContact> contacts(Connection c, String memberId) throws SQLException {
        List<SupportContact> contacts = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT * FROM support_contact WHERE member_id = ? ORDER BY position")) {
            ps.setString(1, memberId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String consent = rs.getString("consent");
                    contacts.add(new SupportContact(
                            rs.getString("contact_id"),
                            rs.getString("name"),
                            rs.getString("email"),
                            rs.getString("relationship"),
                            consent.isEmpty()
                                    ? Set.of()
                                    : Arrays.stream(consent.split(","))
                                            .map(ConsentScope::valueOf)
                                            .collect(Collectors.toSet()),
                            ContactState.valueOf(rs.getString("state")),
                            rs.getString("invitation_id")));
                }
            }
        }
        return contacts;
    }

    private static MemberProfile read(ResultSet rs, List<SupportContact> contacts) throws SQLException {
        String memberId = rs.getString("member_id");
        long revision = rs.getLong("revision");
        return new MemberProfile(
                "profile:" + memberId + ":" + revision,
                MemberProfile.SCHEMA_VERSION,
                rs.getTimestamp("updated_at").toInstant(),
                memberId,
                revision,
                rs.getString("external_id"),
                rs.getString("first_name"),
                rs.getString("email"),
                ZoneId.of(rs.getString("time_zone")),
                rs.getString("locale"),
                MemberStatus.valueOf(rs.getString("status")),
                rs.getObject("treatment_ended_on", LocalDate.class),
                rs.getObject("recovery_start_date", LocalDate.class),
                parse(rs.getString("plan_json"), CheckInPlan.class),
                parseStrings(rs.getString("coping_plan_json")),
                contacts,
                parse(rs.getString("preferences_json"), Preferences.class),
                exitEvents(rs.getString("exit_events_json")),
                away(rs));
    }

    private static List<ExitEvent> exitEvents(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return Json.readerFor(EXIT_EVENTS).readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored exit events are unreadable (" + where(e) + ")");
        }
    }

    private static Away away(ResultSet rs) throws SQLException {
        LocalDate until = rs.getObject("away_until", LocalDate.class);
        if (until == null) {
            return null;
        }
        return new Away(until, rs.getBoolean("away_keep_prompts"), Away.SetBy.valueOf(rs.getString("away_set_by")));
    }

    private static String json(Object value) {
        try {
            return Json.writer().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store " + value.getClass().getSimpleName(), e);
        }
    }

    private static <T> T parse(String json, Class<T> type) {
        try {
            return Json.readerFor(type).readValue(json);
        } catch (JsonProcessingException e) {
            // Not the parser's message or cause: it quotes the stored text.
            throw new IllegalStateException("stored " + type.getSimpleName() + " is unreadable (" + where(e) + ")");
        }
    }

    private static List<String> parseStrings(String json) {
        try {
            return Json.readerFor(STRINGS).readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored coping plan is unreadable (" + where(e) + ")");
        }
    }

    private static String where(JsonProcessingException e) {
        var at = e.getLocation();
        return e.getClass().getSimpleName() + (at == null ? "" : " at column " + at.getColumnNr());
    }

    /**
     * Members whose planned absence has passed at {@code now} in their own time zone (ids only; at
     * most 1000, oldest first). Rows are narrowed in SQL to absences ending on UTC's today or
     * before (east of UTC a date can have passed already), then checked in each member's zone.
     */
    public List<String> absencesPassed(Connection c, Instant now) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT member_id, time_zone, away_until FROM member WHERE away_until <= ?
                ORDER BY away_until FETCH FIRST 1000 ROWS ONLY""")) {
            ps.setObject(1, now.atZone(ZoneOffset.UTC).toLocalDate());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    LocalDate until = rs.getObject(3, LocalDate.class);
                    if (now.atZone(ZoneId.of(rs.getString(2))).toLocalDate().isAfter(until)) {
                        ids.add(rs.getString(1));
                    }
                }
            }
        }
        return ids;
    }

    /** Sets (or clears, with null) when the member's next check-in falls due. */
    public void setNextDue(Connection c, String memberId, Instant nextDue) throws SQLException {
        try (PreparedStatement update =
                c.prepareStatement("UPDATE checkin_schedule SET next_due_utc = ? WHERE member_id = ?")) {
            update.setTimestamp(1, nextDue == null ? null : Timestamp.from(nextDue));
            update.setString(2, memberId);
            if (update.executeUpdate() == 0) {
                try (PreparedStatement insert =
                        c.prepareStatement("INSERT INTO checkin_schedule (member_id, next_due_utc) VALUES (?, ?)")) {
                    insert.setString(1, memberId);
                    insert.setTimestamp(2, nextDue == null ? null : Timestamp.from(nextDue));
                    insert.executeUpdate();
                }
            }
        }
    }
}
