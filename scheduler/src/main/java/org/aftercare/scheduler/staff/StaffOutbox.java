package org.aftercare.scheduler.staff;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.aftercare.events.staff.CareTeam;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.member.MemberStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that reaches {@code staff.directory} and {@code care.assignments}: a staff record or
 * care team after a change, the outbox that sends what Kafka does not have yet, and the resync. The
 * pattern of {@code member.ProfileOutbox}: each snapshot is sent from the row as it stands under its
 * lock, Kafka's acknowledgement awaited before the lock is released, and the published revision
 * recorded; a care team is sent holding its member's row lock too, so it cannot follow the member's
 * erasure (whose tombstone on {@code care.assignments} the profile outbox sends).
 */
public final class StaffOutbox {

    private static final Logger log = LoggerFactory.getLogger(StaffOutbox.class);
    private static final int BATCH = 1_000;

    private final Database db;
    private final StaffStore store;
    private final MemberStore members;
    private final EventPublisher publisher;
    private final Counter staffPublished;
    private final Counter teamsPublished;

    StaffOutbox(Database db, StaffStore store, MemberStore members, EventPublisher publisher, MeterRegistry registry) {
        this.db = db;
        this.store = store;
        this.members = members;
        this.publisher = publisher;
        this.staffPublished = Counter.builder("outreach.staff.published").register(registry);
        this.teamsPublished = Counter.builder("outreach.care.teams.published").register(registry);
    }

    /** Sends the staff record if Kafka does not have its revision yet; a failure is left to the outbox. */
    void publishStaff(String staffId) {
        try {
            boolean sent = db.inTransaction(c -> {
                StaffMember m = store.load(c, staffId, true).orElse(null);
                if (m == null || !unpublished(c, "staff_member", "staff_id", staffId, m.revision())) {
                    return false;
                }
                publisher.staff(List.of(m));
                store.markPublished(c, "staff_member", "staff_id", staffId, m.revision());
                return true;
            });
            if (sent) {
                staffPublished.increment();
            }
        } catch (EventPublisher.PublishException | Database.DatabaseException e) {
            log.warn("staff record {} not published yet, will retry: {}", staffId, e.getMessage());
        }
    }

    /** Sends the member's care team under the member's row lock, if Kafka does not have its revision yet. */
    void publishCareTeam(String memberId) {
        try {
            boolean sent = db.inTransaction(c -> {
                if (!members.lock(c, memberId)) {
                    return false;
                }
                CareTeam t = store.careTeam(c, memberId).orElse(null);
                if (t == null || !unpublished(c, "care_team", "member_id", memberId, t.revision())) {
                    return false;
                }
                publisher.careTeams(List.of(t));
                store.markPublished(c, "care_team", "member_id", memberId, t.revision());
                return true;
            });
            if (sent) {
                teamsPublished.increment();
            }
        } catch (EventPublisher.PublishException | Database.DatabaseException e) {
            log.warn("care team of member {} not published yet, will retry: {}", memberId, e.getMessage());
        }
    }

    private static boolean unpublished(Connection c, String table, String idColumn, String id, long revision)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT published_revision FROM " + table + " WHERE " + idColumn + " = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) < revision;
            }
        }
    }

    /** Publishes every staff record and care team Kafka does not have yet; returns how many. */
    public int publishPending() {
        int n = 0;
        try {
            n += db.inTransaction(c -> {
                List<StaffMember> staff = new ArrayList<>();
                for (String id : store.lockUnpublished(c, "staff_member", "staff_id", BATCH, db.isPostgres())) {
                    store.load(c, id, false).ifPresent(staff::add);
                }
                if (!staff.isEmpty()) {
                    publisher.staff(staff);
                    for (StaffMember m : staff) {
                        store.markPublished(c, "staff_member", "staff_id", m.staffId(), m.revision());
                    }
                }
                staffPublished.increment(staff.size());
                return staff.size();
            });
            n += db.inTransaction(c -> {
                List<CareTeam> teams = new ArrayList<>();
                // The care-team row lock is enough: erasing the member deletes it (by cascade) and waits.
                for (String id : store.lockUnpublished(c, "care_team", "member_id", BATCH, db.isPostgres())) {
                    store.careTeam(c, id).ifPresent(teams::add);
                }
                if (!teams.isEmpty()) {
                    publisher.careTeams(teams);
                    for (CareTeam t : teams) {
                        store.markPublished(c, "care_team", "member_id", t.memberId(), t.revision());
                    }
                }
                teamsPublished.increment(teams.size());
                return teams.size();
            });
        } catch (EventPublisher.PublishException e) {
            log.warn("staff records or care teams not published yet, will retry: {}", e.getMessage());
        }
        return n;
    }

    /** What the resync republished. */
    public record Resynced(int staff, int careTeams) {}

    /** Republishes every staff record and care team (the admin resync). */
    public Resynced resync() {
        int staff = db.inTransaction(c -> store.markAllUnpublished(c, "staff_member"));
        int teams = db.inTransaction(c -> store.markAllUnpublished(c, "care_team"));
        log.info("resync: {} staff records and {} care teams marked for republishing", staff, teams);
        int n;
        do {
            n = publishPending();
        } while (n > 0);
        return new Resynced(staff, teams);
    }
}
