package org.aftercare.scheduler.member;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that reaches {@code member.profile}: a member's snapshot after a change, the outbox
 * that sends what Kafka does not have yet (after an outage or a failed send), the resync, and the
 * erasure with its tombstone. In: member ids whose change has committed, the outbox job's ticks,
 * the resync command, erasures. Out: snapshots and tombstones on the topic, and on each member row
 * the revision Kafka has, so a Kafka outage delays a profile but never loses it.
 *
 * <p>The rule this class exists to keep: <b>nothing may follow an erased member's tombstone on the
 * compacted topic</b>, or their snapshot would outlive the erasure. So every snapshot is sent while
 * its transaction holds the member's row lock, from the row as it stands under that lock, and
 * Kafka's acknowledgement is awaited before the lock is released; erasure takes the same lock
 * first (it waits for a snapshot in flight), and the tombstone is sent only after the row is gone,
 * when no snapshot can be sent any more. Nothing else in the scheduler sends to
 * {@code member.profile} or deletes a member row. The erased member's {@code care.assignments}
 * tombstone goes out with the profile's (care teams are sent under the same row lock).
 */
public final class ProfileOutbox {

    private static final Logger log = LoggerFactory.getLogger(ProfileOutbox.class);
    private static final int PUBLISH_BATCH = 1_000;

    private final Database db;
    private final MemberStore store;
    private final EventPublisher publisher;
    private final Clock clock;
    private final Counter published;

    ProfileOutbox(Database db, MemberStore store, EventPublisher publisher, Clock clock, MeterRegistry registry) {
        this.db = db;
        this.store = store;
        this.publisher = publisher;
        this.clock = clock;
        this.published = Counter.builder("outreach.profiles.published").register(registry);
    }

    /**
     * Sends the member's snapshot as the row stands under its lock, if Kafka does not have that
     * revision yet, and records it as published before the lock is released. Nothing when the
     * member was erased meanwhile; a failed send (or lock wait) is left to the outbox.
     */
    void publishLatest(String memberId) {
        try {
            boolean sent = db.inTransaction(c -> {
                if (!store.lock(c, memberId)) {
                    return false;
                }
                MemberProfile m = store.load(c, memberId).orElseThrow();
                if (store.publishedRevision(c, memberId) >= m.revision()) {
                    return false;
                }
                publisher.profile(m);
                store.markPublished(c, memberId, m.revision());
                return true;
            });
            if (sent) {
                published.increment();
            }
        } catch (EventPublisher.PublishException | Database.DatabaseException e) {
            // The change itself is committed; the outbox sends the snapshot.
            log.warn("profile of member {} not published yet, will retry: {}", memberId, e.getMessage());
        }
    }

    /** Publishes every snapshot and tombstone Kafka does not have yet; returns how many. */
    public int publishPending() {
        int n = 0;
        for (String id : db.inTransaction(c -> store.owedTombstones(c, PUBLISH_BATCH))) {
            if (publishTombstoneQuietly(id)) {
                n++;
            }
        }
        try {
            // Rows another transaction holds are skipped: that one publishes them, or the next sweep.
            int sent = db.inTransaction(c -> {
                List<MemberProfile> members = new ArrayList<>();
                for (String id : store.lockUnpublished(c, PUBLISH_BATCH)) {
                    store.load(c, id).ifPresent(members::add);
                }
                if (!members.isEmpty()) {
                    publisher.profiles(members);
                    for (MemberProfile m : members) {
                        store.markPublished(c, m.memberId(), m.revision());
                    }
                }
                return members.size();
            });
            published.increment(sent);
            return n + sent;
        } catch (EventPublisher.PublishException e) {
            log.warn("profiles not published yet, will retry: {}", e.getMessage());
            return n;
        }
    }

    /** Republishes every member (the resync command); returns how many snapshots and tombstones went out. */
    public int resync() {
        int marked = db.inTransaction(store::markAllUnpublished);
        log.info("resync: {} members marked for republishing", marked);
        int total = 0;
        int n;
        while ((n = publishPending()) > 0) {
            total += n;
        }
        return total;
    }

    /**
     * Erases the member: their row, contacts, schedule, check-ins and spent links are deleted, and
     * a tombstone goes to {@code member.profile} (compaction then removes every snapshot). The row
     * lock comes first, so a snapshot being sent is on Kafka before the row goes; the tombstone is
     * sent after the commit and owed through the {@code erased_member} outbox until Kafka has it.
     * False when there is no such member.
     */
    boolean erase(String memberId) {
        Instant now = clock.instant();
        boolean erased = db.inTransaction(c -> {
            if (!store.lock(c, memberId)) {
                return false;
            }
            store.delete(c, memberId);
            store.owesTombstone(c, memberId, now);
            return true;
        });
        if (erased) {
            log.info("erased member {}", memberId);
            publishTombstoneQuietly(memberId);
        }
        return erased;
    }

    private boolean publishTombstoneQuietly(String memberId) {
        try {
            publisher.profileTombstone(memberId);
            // The care team goes with the member (the row went with the member row, by cascade).
            publisher.careTeamTombstone(memberId);
            db.inTransaction(c -> {
                store.tombstonePublished(c, memberId);
                return null;
            });
            return true;
        } catch (EventPublisher.PublishException e) {
            log.warn("tombstone of member {} not published yet, will retry: {}", memberId, e.getMessage());
            return false;
        }
    }
}
