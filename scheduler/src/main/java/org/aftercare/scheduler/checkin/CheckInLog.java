package org.aftercare.scheduler.checkin;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.aftercare.events.Ids;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.plan.CheckInTimes;

/**
 * A member's check-ins as the admin API lists them: the upcoming ones (from the due-time index and
 * the plan) and the recent ones the sweep emitted or skipped (the {@code checkin} table).
 */
public final class CheckInLog {

    /** One upcoming check-in, with the id it will carry. */
    public record Upcoming(String checkInId, Instant dueAt) {}

    /** One check-in the scheduler handled: {@code EMITTED} or {@code SKIPPED} (too old after downtime). */
    public record Recent(String checkInId, Instant dueAt, Instant respondBy, String outcome, Instant recordedAt) {}

    private final Database db;
    private final CheckInTimes checkInTimes;

    /** @param cadence the demo cadence, or null to follow each member's plan ({@link CheckInTimes}) */
    public CheckInLog(Database db, Duration cadence) {
        this.db = db;
        this.checkInTimes = new CheckInTimes(cadence);
    }

    public List<Upcoming> upcoming(MemberProfile member, int limit) {
        Optional<Instant> next = db.inTransaction(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT next_due_utc FROM checkin_schedule WHERE member_id = ?")) {
                ps.setString(1, member.memberId());
                try (ResultSet rs = ps.executeQuery()) {
                    Timestamp t = rs.next() ? rs.getTimestamp(1) : null;
                    return Optional.ofNullable(t).map(Timestamp::toInstant);
                }
            }
        });
        List<Upcoming> out = new ArrayList<>();
        Instant due = next.orElse(null);
        while (due != null && out.size() < limit) {
            out.add(new Upcoming(Ids.checkInId(member.memberId(), due), due));
            due = checkInTimes.after(member.plan(), member.timeZone(), due).orElse(null);
        }
        return out;
    }

    public List<Recent> recent(String memberId, int limit) {
        return db.inTransaction(c -> {
            List<Recent> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT checkin_id, due_at, respond_by, outcome, recorded_at FROM checkin
                    WHERE member_id = ? ORDER BY due_at DESC FETCH FIRST ? ROWS ONLY""")) {
                ps.setString(1, memberId);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Recent(
                                rs.getString(1),
                                rs.getTimestamp(2).toInstant(),
                                rs.getTimestamp(3).toInstant(),
                                rs.getString(4),
                                rs.getTimestamp(5).toInstant()));
                    }
                }
            }
            return out;
        });
    }
}
