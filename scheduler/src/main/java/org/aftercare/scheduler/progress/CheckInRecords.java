package org.aftercare.scheduler.progress;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.aftercare.scheduler.db.Database;

/**
 * A member's check-ins as their progress page reads them: from the {@code checkin} table, which the
 * due sweep fills (emitted or skipped, and whether the member was set away that day) and the
 * check-in page marks answered (with craving and mood). Nothing else is read; nothing is written.
 */
public final class CheckInRecords {

    /**
     * One check-in. {@code kept}: answers to it were recorded (false for check-ins from before the
     * page existed, which are never shown as missed).
     */
    public record Row(
            Instant dueAt,
            Instant respondBy,
            boolean emitted,
            Instant answeredAt,
            Integer craving,
            Integer mood,
            boolean away,
            boolean kept) {}

    private final Database db;

    public CheckInRecords(Database db) {
        this.db = db;
    }

    /** The member's check-ins due at or after {@code since}, oldest first. */
    public List<Row> since(String memberId, Instant since) {
        return db.inTransaction(c -> {
            List<Row> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT due_at, respond_by, outcome, answered_at, craving, mood, member_away, answers_kept
                    FROM checkin WHERE member_id = ? AND due_at >= ? ORDER BY due_at""")) {
                ps.setString(1, memberId);
                ps.setTimestamp(2, Timestamp.from(since));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Timestamp answered = rs.getTimestamp(4);
                        out.add(new Row(
                                rs.getTimestamp(1).toInstant(),
                                rs.getTimestamp(2).toInstant(),
                                "EMITTED".equals(rs.getString(3)),
                                answered == null ? null : answered.toInstant(),
                                rs.getObject(5, Integer.class),
                                rs.getObject(6, Integer.class),
                                rs.getBoolean(7),
                                rs.getBoolean(8)));
                    }
                }
            }
            return out;
        });
    }
}
