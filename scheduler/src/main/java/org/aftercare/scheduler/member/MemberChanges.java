package org.aftercare.scheduler.member;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.scheduler.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How any change to a member is made: under the member's row lock, on a {@link MemberDraft}, as
 * the next revision, with the due-time index kept in step, then published. In: a member id and an
 * {@link Edit} (the lifecycle, the contact rules and the link pages each bring their own). Out: the
 * member after the change, and the snapshot handed to {@link ProfileOutbox} once the change has
 * committed. It exists so every writer of the member record bumps the revision and publishes the
 * same way; what a change may do is decided by the edits, not here.
 */
public final class MemberChanges {

    private static final Logger log = LoggerFactory.getLogger(MemberChanges.class);

    /** A change inside the member's transaction: edits the draft, may write more rows; returns what the caller needs. */
    @FunctionalInterface
    public interface Edit<R> {
        R apply(Connection c, MemberDraft draft) throws SQLException;
    }

    /** The member after a change (the same revision when nothing changed) and what the edit returned. */
    public record Changed<R>(MemberProfile member, R result, boolean revised) {}

    private final Database db;
    private final MemberStore store;
    private final DueIndex due;
    private final ProfileOutbox outbox;
    private final Clock clock;

    MemberChanges(Database db, MemberStore store, DueIndex due, ProfileOutbox outbox, Clock clock) {
        this.db = db;
        this.store = store;
        this.due = due;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Optional<MemberProfile> find(String memberId) {
        return db.inTransaction(c -> store.load(c, memberId));
    }

    /**
     * Changes a member in one transaction: locks the row, lets the edit work on a draft, stores the
     * next revision if anything differs, keeps the due-time index in step, commits, then publishes
     * the snapshot under the row lock ({@link ProfileOutbox}). Empty when there is no such member.
     */
    public <R> Optional<Changed<R>> change(String memberId, Edit<R> edit) {
        Instant now = clock.instant();
        Optional<Changed<R>> changed = db.inTransaction(c -> {
            if (!store.lock(c, memberId)) {
                return Optional.empty();
            }
            MemberProfile before = store.load(c, memberId).orElseThrow();
            MemberDraft original = MemberDraft.of(before);
            MemberDraft draft = MemberDraft.of(before);
            R result = edit.apply(c, draft);
            if (draft.sameAs(original)) {
                return Optional.of(new Changed<>(before, result, false));
            }
            MemberProfile after = draft.toProfile(memberId, before.revision() + 1, now);
            store.update(c, after);
            due.changed(c, before, after, now);
            return Optional.of(new Changed<>(after, result, true));
        });
        changed.filter(Changed::revised).ifPresent(ch -> {
            log.info("member {} changed to revision {}", memberId, ch.member().revision());
            outbox.publishLatest(memberId);
        });
        return changed;
    }

    /** {@link #change}, refused as not found when there is no such member. */
    <R> Changed<R> require(String memberId, Edit<R> edit) {
        return change(memberId, edit).orElseThrow(() -> MemberProblem.notFound("no member with that id"));
    }
}
