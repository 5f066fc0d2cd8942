package org.aftercare.console.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.aftercare.console.readmodel.ReadModelDatabase;

/**
 * The append-only access audit: every view of a member's record and every action, written by the
 * pages ({@link #record}), listed per member or per staff member for supervisors ({@link #list}),
 * and purged past the retention ({@link #purge}, default six years). It holds identifiers and
 * codes, never answers, notes or names: {@code what} and {@code detail} must be codes (letters,
 * digits, {@code . _ : -}), so free text cannot slip in.
 *
 * <p>A profile tombstone erases a member from the read model but not from this log: the rows keep
 * the member id (an identifier, no member data), so "who looked at this person's record" stays
 * answerable for the retention period.
 */
public final class AccessAudit {

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
    /** An IPv4 or IPv6 address (with an optional zone or port), nothing else. */
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f.:%\\[\\]]{1,64}");

    private final ReadModelDatabase db;
    private final Clock clock;
    private final Duration retention;

    public AccessAudit(ReadModelDatabase db, Clock clock, Duration retention) {
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive");
        }
        this.db = db;
        this.clock = clock;
        this.retention = retention;
    }

    /**
     * Appends one row, stamped now.
     *
     * @param memberId null for a page about no one member
     * @param what the page or action code, e.g. {@code member.view}, {@code flag.acknowledge}
     * @param from the client address; null when unknown
     * @param detail an optional code (a flag id, an outcome)
     * @throws IllegalArgumentException when an argument is not an identifier or a code
     */
    public AuditEntry record(String staffId, String memberId, String what, String from, String detail) {
        require(staffId, ID, "staffId");
        if (memberId != null) {
            require(memberId, ID, "memberId");
        }
        require(what, CODE, "what");
        if (from != null) {
            require(from, ADDRESS, "from");
        }
        if (detail != null) {
            require(detail, CODE, "detail");
        }
        Instant at = clock.instant();
        long id = db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO access_audit (at, staff_id, member_id, what, from_addr, detail) VALUES (?, ?, ?, ?, ?, ?)",
                    new String[] {"id"})) {
                ps.setObject(1, at.atOffset(ZoneOffset.UTC));
                ps.setString(2, staffId);
                ps.setString(3, memberId);
                ps.setString(4, what);
                ps.setString(5, from);
                ps.setString(6, detail);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
        return new AuditEntry(id, at, staffId, memberId, what, from, detail);
    }

    private static void require(String value, Pattern pattern, String name) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be an identifier or code (" + pattern.pattern() + ")");
        }
    }

    /** The rows about one member or of one staff member, newest first. */
    public AuditPage list(AuditQuery q) {
        String where = q.memberId() != null ? " WHERE member_id = ?" : " WHERE staff_id = ?";
        String id = q.memberId() != null ? q.memberId() : q.staffId();
        return db.read(c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM access_audit" + where)) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<AuditEntry> entries = new ArrayList<>();
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT id, at, staff_id, member_id, what, from_addr, detail FROM access_audit"
                            + where + " ORDER BY at DESC, id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
                ps.setString(1, id);
                ps.setLong(2, (long) q.page() * q.pageSize());
                ps.setInt(3, q.pageSize());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new AuditEntry(
                                rs.getLong("id"),
                                rs.getObject("at", OffsetDateTime.class).toInstant(),
                                rs.getString("staff_id"),
                                rs.getString("member_id"),
                                rs.getString("what"),
                                rs.getString("from_addr"),
                                rs.getString("detail")));
                    }
                }
            }
            return new AuditPage(entries, total, q.page(), q.pageSize());
        });
    }

    /** Deletes the rows older than the retention; returns how many. */
    public int purge() {
        Instant cutoff = clock.instant().minus(retention);
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM access_audit WHERE at < ?")) {
                ps.setObject(1, cutoff.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
                return ps.executeUpdate();
            }
        });
    }

    public Duration retention() {
        return retention;
    }
}
