package org.aftercare.scheduler.questionnaire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aftercare.events.Json;

/**
 * The {@code questionnaire} table (V10): occurrences, their partial answers and, once completed,
 * their result. Every call runs in the caller's transaction. Answers are stored as a JSON object
 * (item id to value); a column that cannot be read says which occurrence, never what it holds.
 */
final class QuestionnaireStore {

    private static final TypeReference<LinkedHashMap<String, Integer>> ANSWERS = new TypeReference<>() {};
    private static final String COLUMNS = "questionnaire_id, member_id, instrument_id, instrument_version, opened_at,"
            + " expires_at, completed_at, answers, current_item, revision, critical";

    void insert(Connection c, Occurrence o) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO questionnaire (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, o.questionnaireId());
            ps.setString(2, o.memberId());
            ps.setString(3, o.instrumentId());
            ps.setInt(4, o.instrumentVersion());
            ps.setTimestamp(5, Timestamp.from(o.openedAt()));
            ps.setTimestamp(6, Timestamp.from(o.expiresAt()));
            ps.setTimestamp(7, null);
            ps.setString(8, json(o.answers()));
            ps.setString(9, o.currentItem());
            ps.setInt(10, o.revision());
            ps.setBoolean(11, false);
            ps.executeUpdate();
        }
    }

    /** One occurrence; {@code lock} holds its row for this transaction (a save or a submission). */
    Optional<Occurrence> find(Connection c, String questionnaireId, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM questionnaire WHERE questionnaire_id = ?" + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, questionnaireId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** The member's occurrences, newest first. */
    List<Occurrence> ofMember(Connection c, String memberId, int limit) throws SQLException {
        List<Occurrence> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM questionnaire WHERE member_id = ? ORDER BY opened_at DESC, questionnaire_id")) {
            ps.setString(1, memberId);
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
        }
        return out;
    }

    /** Saves the answers and the screen the member moved to; the revision moves on. */
    void save(Connection c, String questionnaireId, Map<String, Integer> answers, String currentItem)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE questionnaire SET answers = ?, current_item = ?,"
                + " revision = revision + 1 WHERE questionnaire_id = ? AND completed_at IS NULL")) {
            ps.setString(1, json(answers));
            ps.setString(2, currentItem);
            ps.setString(3, questionnaireId);
            ps.executeUpdate();
        }
    }

    /** Records the occurrence as completed with the answers that were scored and their result. */
    boolean complete(
            Connection c,
            String questionnaireId,
            Map<String, Integer> answers,
            String result,
            boolean critical,
            Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE questionnaire SET answers = ?, result = ?, critical = ?,"
                + " completed_at = ?, revision = revision + 1 WHERE questionnaire_id = ? AND completed_at IS NULL")) {
            ps.setString(1, json(answers));
            ps.setString(2, result);
            ps.setBoolean(3, critical);
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setString(5, questionnaireId);
            return ps.executeUpdate() == 1;
        }
    }

    /** The stored result of a completed occurrence (JSON: scores, bands, flags), or empty. */
    Optional<String> result(Connection c, String questionnaireId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT result FROM questionnaire WHERE questionnaire_id = ?")) {
            ps.setString(1, questionnaireId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static Occurrence read(ResultSet rs) throws SQLException {
        String id = rs.getString("questionnaire_id");
        Timestamp completed = rs.getTimestamp("completed_at");
        Map<String, Integer> answers;
        try {
            answers = Json.readerFor(ANSWERS).readValue(rs.getString("answers"));
        } catch (JsonProcessingException e) {
            throw new SQLException("the answers of questionnaire " + id + " are not readable");
        }
        return new Occurrence(
                id,
                rs.getString("member_id"),
                rs.getString("instrument_id"),
                rs.getInt("instrument_version"),
                rs.getTimestamp("opened_at").toInstant(),
                rs.getTimestamp("expires_at").toInstant(),
                completed == null ? null : completed.toInstant(),
                answers,
                rs.getString("current_item"),
                rs.getInt("revision"),
                rs.getBoolean("critical"));
    }

    private static String json(Object value) {
        try {
            return Json.writer().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("answers could not be written as JSON");
        }
    }
}
