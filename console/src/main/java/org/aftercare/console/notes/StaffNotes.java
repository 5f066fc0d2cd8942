package org.aftercare.console.notes;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.aftercare.console.readmodel.ReadModelDatabase;

/**
 * Staff notes in the console's database ({@code console_staff_note}). The text is never logged,
 * never put in an exception and never in the audit. The read model's erasure of a member deletes
 * their notes in the same transaction.
 */
public final class StaffNotes {

    public static final int MAX_LENGTH = 2000;
    /** The most notes one call returns. */
    public static final int MAX_ROWS = 1000;

    private final ReadModelDatabase db;
    private final Clock clock;

    public StaffNotes(ReadModelDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Why this text cannot be a note, or null when it can: 1 to {@value #MAX_LENGTH} characters
     * after trimming, no control characters other than line breaks and tabs. The reason never
     * quotes the text.
     */
    public static String problem(String text) {
        if (text == null || text.strip().isEmpty()) {
            return "The note is empty: write 1 to " + MAX_LENGTH + " characters.";
        }
        String t = text.strip();
        if (t.length() > MAX_LENGTH) {
            return "The note is longer than " + MAX_LENGTH + " characters.";
        }
        if (t.codePoints().anyMatch(cp -> Character.isISOControl(cp) && cp != '\n' && cp != '\r' && cp != '\t')) {
            return "The note holds control characters; write plain text.";
        }
        return null;
    }

    /** Stores a note (the caller has checked access); the text must pass {@link #problem}. */
    public StaffNote add(String memberId, String staffId, String text) {
        String reason = problem(text);
        if (reason != null) {
            throw new IllegalArgumentException(reason);
        }
        StaffNote note = new StaffNote(UUID.randomUUID().toString(), memberId, staffId, clock.instant(), text.strip());
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO console_staff_note"
                    + " (note_id, member_id, staff_id, created_at, text) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, note.noteId());
                ps.setString(2, note.memberId());
                ps.setString(3, note.staffId());
                ps.setObject(4, note.createdAt().atOffset(ZoneOffset.UTC));
                ps.setString(5, note.text());
                ps.executeUpdate();
            }
            return null;
        });
        return note;
    }

    /**
     * The member's notes with {@code from <= createdAt < to}, newest first (null bounds are open),
     * at most {@code limit} (1 to {@value #MAX_ROWS}).
     */
    public List<StaffNote> of(String memberId, Instant from, Instant to, int limit) {
        if (limit < 1 || limit > MAX_ROWS) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_ROWS);
        }
        return db.read(c -> {
            StringBuilder sql = new StringBuilder("SELECT * FROM console_staff_note WHERE member_id = ?");
            if (from != null) {
                sql.append(" AND created_at >= ?");
            }
            if (to != null) {
                sql.append(" AND created_at < ?");
            }
            sql.append(" ORDER BY created_at DESC, note_id DESC FETCH FIRST ? ROWS ONLY");
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 0;
                ps.setString(++i, memberId);
                if (from != null) {
                    ps.setObject(++i, from.atOffset(ZoneOffset.UTC));
                }
                if (to != null) {
                    ps.setObject(++i, to.atOffset(ZoneOffset.UTC));
                }
                ps.setInt(++i, limit);
                List<StaffNote> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StaffNote(
                                rs.getString("note_id"),
                                rs.getString("member_id"),
                                rs.getString("staff_id"),
                                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                                rs.getString("text")));
                    }
                }
                return out;
            }
        });
    }
}
