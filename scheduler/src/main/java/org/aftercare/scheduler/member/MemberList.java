package org.aftercare.scheduler.member;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.scheduler.db.Database;

/**
 * The member list the console and operators page through: one query per page (no per-member
 * reads), filtered by status, a case-insensitive prefix of the first name or external id, or an
 * exact external id, in member-id order with keyset paging ({@code member_id > after}), so a walk
 * through every page sees each member that existed when it began exactly once, however many are
 * enrolled meanwhile. A row holds only what a list shows: no email, contacts, plan or answers.
 */
public final class MemberList {

    /** The longest search text and external id accepted. */
    public static final int MAX_TEXT = 128;

    /** One member as a list shows it. */
    public record Row(
            String memberId,
            String externalId,
            String firstName,
            MemberStatus status,
            ZoneId timeZone,
            Instant enrolledAt) {}

    /**
     * What to list: every filter optional ({@code null}); {@code after} the last member id of the
     * previous page; {@code limit} rows at most.
     */
    public record Query(MemberStatus status, String prefix, String externalId, String after, int limit) {}

    /** A page and the member id to continue after, empty on the last page. */
    public record Page(List<Row> rows, Optional<String> continueAfter) {}

    private final Database db;

    public MemberList(Database db) {
        this.db = db;
    }

    public Page page(Query q) {
        StringBuilder where = new StringBuilder();
        List<Object> whereArgs = new ArrayList<>();
        if (q.status() != null) {
            where.append(" AND status = ?");
            whereArgs.add(q.status().name());
        }
        if (q.externalId() != null) {
            where.append(" AND external_id = ?");
            whereArgs.add(q.externalId());
        }
        if (q.after() != null) {
            where.append(" AND member_id > ?");
            whereArgs.add(q.after());
        }
        String columns = "SELECT member_id, external_id, first_name, status, time_zone, created_at FROM member";
        String order = " ORDER BY member_id FETCH FIRST ? ROWS ONLY";
        StringBuilder sql = new StringBuilder(columns);
        List<Object> args = new ArrayList<>();
        if (q.prefix() == null) {
            sql.append(" WHERE 1 = 1").append(where);
            args.addAll(whereArgs);
        } else {
            // One index range per column (the lower-cased keys of V7_1), each cut to a page, merged:
            // an OR of the two would make H2 scan every member in member-id order.
            String like = escapeLike(q.prefix().toLowerCase(Locale.ROOT)) + "%";
            sql.append(" WHERE member_id IN (");
            for (String key : List.of("first_name_key", "external_id_key")) {
                if (!key.equals("first_name_key")) {
                    sql.append(" UNION ");
                }
                sql.append("(SELECT member_id FROM member WHERE ")
                        .append(key)
                        .append(" LIKE ? ESCAPE '\\'")
                        .append(where)
                        .append(order)
                        .append(")");
                args.add(like);
                args.addAll(whereArgs);
                args.add(q.limit() + 1);
            }
            sql.append(")");
        }
        sql.append(order);
        args.add(q.limit() + 1);
        return db.inTransaction(c -> {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                MemberStatus.valueOf(rs.getString(4)),
                                ZoneId.of(rs.getString(5)),
                                rs.getTimestamp(6).toInstant()));
                    }
                }
            }
            if (rows.size() <= q.limit()) {
                return new Page(rows, Optional.empty());
            }
            List<Row> page = List.copyOf(rows.subList(0, q.limit()));
            return new Page(page, Optional.of(page.getLast().memberId()));
        });
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
