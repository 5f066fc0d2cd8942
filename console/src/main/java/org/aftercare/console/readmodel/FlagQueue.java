package org.aftercare.console.readmodel;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.flag.FlagState;

/**
 * The flag queue: every open (not resolved) flag of the members a staff member may see (their
 * care teams', or everyone's with {@code allMembers}), critical first, then high, then medium,
 * the oldest first within a severity.
 */
public final class FlagQueue {

    /** One open flag with who it is about (first name and program id only). */
    public record QueuedFlag(FlagView flag, String firstName, String externalId) {}

    public static final int MAX_LIMIT = 1000;

    private final ReadModelDatabase db;

    public FlagQueue(ReadModelDatabase db) {
        this.db = db;
    }

    public List<QueuedFlag> open(String staffId, boolean allMembers, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT);
        }
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT f.*, m.first_name, m.external_id" + from(allMembers)
                    + " ORDER BY CASE f.severity WHEN ? THEN 0 WHEN ? THEN 1 ELSE 2 END, f.raised_at, f.flag_id"
                    + " FETCH FIRST ? ROWS ONLY")) {
                int i = bind(ps, staffId, allMembers);
                ps.setString(++i, Codes.of(FlagSeverity.CRITICAL));
                ps.setString(++i, Codes.of(FlagSeverity.HIGH));
                ps.setInt(++i, limit);
                List<QueuedFlag> flags = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        flags.add(new QueuedFlag(
                                MemberRecords.flag(rs), rs.getString("first_name"), rs.getString("external_id")));
                    }
                }
                return flags;
            }
        });
    }

    /** How many open flags the staff member may see (the count in the page title). */
    public long count(String staffId, boolean allMembers) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*)" + from(allMembers))) {
                bind(ps, staffId, allMembers);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static String from(boolean allMembers) {
        return " FROM rm_flag f JOIN rm_member m ON m.member_id = f.member_id"
                + (allMembers ? "" : " JOIN rm_care_team_member t ON t.member_id = f.member_id AND t.staff_id = ?")
                + " WHERE f.state <> ? AND m.revision > 0";
    }

    private static int bind(PreparedStatement ps, String staffId, boolean allMembers) throws java.sql.SQLException {
        int i = 0;
        if (!allMembers) {
            ps.setString(++i, staffId);
        }
        ps.setString(++i, Codes.of(FlagState.RESOLVED));
        return i;
    }
}
