package org.aftercare.scheduler.member;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.scheduler.plan.CheckInTimes;

/**
 * Keeps the due-time index (each member's next planned check-in, which the due sweep reads) in
 * step with the member record, inside the transaction that writes the record. In: the member as
 * enrolled, or before and after a change. Out: the member's {@code next_due}. A paused or
 * discharged member has no next check-in; resuming, a new plan or a new time zone computes it again
 * from now (missed slots are not sent).
 */
final class DueIndex {

    private final MemberStore store;
    private final CheckInTimes checkInTimes;

    DueIndex(MemberStore store, CheckInTimes checkInTimes) {
        this.store = store;
        this.checkInTimes = checkInTimes;
    }

    /** A member just enrolled: their first planned check-in. */
    void enrolled(Connection c, MemberProfile member, Instant now) throws SQLException {
        store.setNextDue(c, member.memberId(), first(member, now));
    }

    /** Many members just enrolled, in one statement batch. */
    void enrolled(Connection c, List<MemberProfile> members, Instant now) throws SQLException {
        Map<String, Instant> due = new HashMap<>();
        for (MemberProfile m : members) {
            due.put(m.memberId(), first(m, now));
        }
        store.insertSchedule(c, due);
    }

    /** A member changed from {@code before} to {@code after}. */
    void changed(Connection c, MemberProfile before, MemberProfile after, Instant now) throws SQLException {
        if (after.status() != MemberStatus.ACTIVE) {
            store.setNextDue(c, after.memberId(), null);
        } else if (before.status() != MemberStatus.ACTIVE
                || !Objects.equals(before.plan(), after.plan())
                || !before.timeZone().equals(after.timeZone())) {
            store.setNextDue(c, after.memberId(), first(after, now));
        }
    }

    /** The member's next planned check-in strictly after {@code now}, or null when the plan has ended. */
    private Instant first(MemberProfile member, Instant now) {
        return checkInTimes.first(member.plan(), member.timeZone(), now).orElse(null);
    }
}
