package org.aftercare.scheduler.member;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

/**
 * The questionnaires' due-time index ({@code questionnaire_schedule}, V12): per member and
 * instrument, the next instant that questionnaire falls due. Written with the member record (the
 * member's {@code DueIndex}, in its transaction) and advanced by the questionnaire sweep ({@code questionnaire.QuestionnaireSweep}).
 * Every call runs in the caller's transaction.
 */
public final class QuestionnaireSchedules {

    /** Replaces the member's rows with these (instrument id to next due, null when none is ahead). */
    public void replace(Connection c, String memberId, Map<String, Instant> next) throws SQLException {
        clear(c, memberId);
        insert(c, Map.of(memberId, next));
    }

    /** Inserts the rows of many members just enrolled, in one statement batch. */
    public void insert(Connection c, Map<String, Map<String, Instant>> byMember) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO questionnaire_schedule (member_id, instrument_id, next_due_utc) VALUES (?, ?, ?)")) {
            int rows = 0;
            for (var member : byMember.entrySet()) {
                for (var row : member.getValue().entrySet()) {
                    ps.setString(1, member.getKey());
                    ps.setString(2, row.getKey());
                    ps.setTimestamp(3, row.getValue() == null ? null : Timestamp.from(row.getValue()));
                    ps.addBatch();
                    rows++;
                }
            }
            if (rows > 0) {
                ps.executeBatch();
            }
        }
    }

    /** The member has no questionnaires ahead (paused, discharged): the rows stay, with no next instant. */
    public void suspend(Connection c, String memberId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE questionnaire_schedule SET next_due_utc = NULL WHERE member_id = ?")) {
            ps.setString(1, memberId);
            ps.executeUpdate();
        }
    }

    public void advance(Connection c, String memberId, String instrumentId, Instant next) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE questionnaire_schedule SET next_due_utc = ? WHERE member_id = ? AND instrument_id = ?")) {
            ps.setTimestamp(1, next == null ? null : Timestamp.from(next));
            ps.setString(2, memberId);
            ps.setString(3, instrumentId);
            ps.executeUpdate();
        }
    }

    public void delete(Connection c, String memberId, String instrumentId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM questionnaire_schedule WHERE member_id = ? AND instrument_id = ?")) {
            ps.setString(1, memberId);
            ps.setString(2, instrumentId);
            ps.executeUpdate();
        }
    }

    private static void clear(Connection c, String memberId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM questionnaire_schedule WHERE member_id = ?")) {
            ps.setString(1, memberId);
            ps.executeUpdate();
        }
    }
}
