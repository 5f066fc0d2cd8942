package org.aftercare.scheduler.member;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.events.profile.Preferences;
import org.aftercare.events.profile.SupportContact;
import org.aftercare.scheduler.SchedulerConfig;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.plan.CheckInTimes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The member record: enrollment, changes, contacts and consent, erasure. Every change bumps the
 * member's {@code revision}, keeps the due-time index in step (a paused or discharged member has
 * no next check-in; resuming or a new plan computes it again) and publishes the full snapshot to
 * {@code member.profile}. Publishing follows the outbox pattern: the row remembers which revision
 * Kafka has, {@link #publishPending()} sends what is missing (erasure tombstones too), so a Kafka
 * outage delays a profile but never loses it.
 *
 * <p>Nothing may follow an erased member's tombstone on the compacted topic, or their snapshot
 * would outlive the erasure. So every snapshot is sent while its transaction holds the member's
 * row lock, from the row as it stands under that lock, and Kafka's acknowledgement is awaited
 * before the lock is released; erasure takes the same lock (it waits for a snapshot in flight),
 * and the tombstone is sent only after the row is gone, when no snapshot can be sent any more.
 */
public final class MemberService {

    private static final Logger log = LoggerFactory.getLogger(MemberService.class);
    private static final int PUBLISH_BATCH = 1_000;

    /** What an enrollment did: created a member, or found the one with that external id. */
    public record Enrolled(MemberProfile member, boolean created) {}

    /** A change inside the member's transaction: edits the draft, may write more rows; returns what the caller needs. */
    @FunctionalInterface
    public interface Edit<R> {
        R apply(Connection c, MemberDraft draft) throws SQLException;
    }

    /** The member after a change (the same revision when nothing changed) and what the edit returned. */
    public record Changed<R>(MemberProfile member, R result, boolean revised) {}

    private final Database db;
    private final MemberStore store;
    private final EventPublisher publisher;
    private final SchedulerConfig config;
    private final CheckInTimes checkInTimes;
    private final Clock clock;
    private final Counter published;

    public MemberService(Database db, MemberStore store, EventPublisher publisher, SchedulerConfig config, Clock clock,
            MeterRegistry registry) {
        this.db = db;
        this.store = store;
        this.publisher = publisher;
        this.config = config;
        this.checkInTimes = new CheckInTimes(config.checkInCadence());
        this.clock = clock;
        this.published = Counter.builder("outreach.profiles.published").register(registry);
    }

    /**
     * Enrolls a member; the same external id twice returns the member already enrolled, also when
     * two enrollments of it race: the unique external id lets one insert win, the other answers
     * with the winner's member (409 if that member is gone again before it can be read).
     */
    public Enrolled enroll(EnrollmentParser.Enrollment e) {
        Instant now = clock.instant();
        Enrolled result;
        try {
            result = db.inTransaction(c -> {
                Optional<String> existing = store.findIdByExternalId(c, e.externalId());
                if (existing.isPresent()) {
                    return new Enrolled(store.load(c, existing.get()).orElseThrow(), false);
                }
                MemberProfile member = newMember(e, now);
                store.insert(c, member);
                store.setNextDue(c, member.memberId(), firstDue(member, now));
                return new Enrolled(member, true);
            });
        } catch (Database.DatabaseException lost) {
            if (!lost.isUniqueViolation()) {
                throw lost;
            }
            result = db.inTransaction(c -> {
                Optional<String> winner = store.findIdByExternalId(c, e.externalId());
                return winner.isPresent() ? store.load(c, winner.get()) : Optional.<MemberProfile>empty();
            }).map(m -> new Enrolled(m, false)).orElseThrow(() -> MemberProblem.conflict("the member with that external id changed while this enrollment ran; try again"));
        }
        if (result.created()) {
            log.info("enrolled member {}", result.member().memberId());
            publishLatest(result.member().memberId());
        }
        return result;
    }

    /**
     * Enrolls many members in one transaction (the bulk import's fast path): one statement batch
     * for the lot, external ids already enrolled are left as they are. Snapshots go out through the
     * outbox. Returns, per enrollment in order, whether it created a member.
     */
    public List<Boolean> enrollAll(List<EnrollmentParser.Enrollment> enrollments) {
        Instant now = clock.instant();
        return db.inTransaction(c -> {
            Map<String, String> existing = store.findIdsByExternalIds(c,
                    enrollments.stream().map(EnrollmentParser.Enrollment::externalId).toList());
            Map<String, MemberProfile> fresh = new LinkedHashMap<>();
            List<Boolean> created = new ArrayList<>(enrollments.size());
            for (EnrollmentParser.Enrollment e : enrollments) {
                boolean isNew = !existing.containsKey(e.externalId()) && !fresh.containsKey(e.externalId());
                if (isNew) {
                    fresh.put(e.externalId(), newMember(e, now));
                }
                created.add(isNew);
            }
            List<MemberProfile> members = List.copyOf(fresh.values());
            store.insertAll(c, members);
            Map<String, Instant> due = new HashMap<>();
            for (MemberProfile m : members) {
                due.put(m.memberId(), firstDue(m, now));
            }
            store.insertSchedule(c, due);
            return created;
        });
    }

    private static MemberProfile newMember(EnrollmentParser.Enrollment e, Instant now) {
        String memberId = UUID.randomUUID().toString();
        List<SupportContact> contacts = new ArrayList<>();
        for (EnrollmentParser.ContactInput k : e.contacts()) {
            contacts.add(new SupportContact(UUID.randomUUID().toString(), k.name(), k.email(), k.relationship(), k.consent(),
                    ContactState.INVITED, newNaming()));
        }
        return new MemberProfile("profile:" + memberId + ":1", MemberProfile.SCHEMA_VERSION, now, memberId, 1, e.externalId(),
                e.firstName(), e.email(), e.timeZone(), e.locale(), MemberStatus.ACTIVE, e.treatmentEndedOn(),
                e.recoveryStartDate(), e.plan(), e.copingPlan(), contacts, e.preferences());
    }

    public Optional<MemberProfile> find(String memberId) {
        return db.inTransaction(c -> store.load(c, memberId));
    }

    /**
     * Changes a member in one transaction: locks the row, lets the edit work on a draft, stores the
     * next revision if anything differs, keeps the due-time index in step, commits, then publishes
     * the snapshot under the row lock ({@link #publishLatest}). Empty when there is no such member.
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
            if (after.status() != MemberStatus.ACTIVE) {
                store.setNextDue(c, memberId, null);
            } else if (before.status() != MemberStatus.ACTIVE || !Objects.equals(before.plan(), after.plan())
                    || !before.timeZone().equals(after.timeZone())) {
                store.setNextDue(c, memberId, firstDue(after, now));
            }
            return Optional.of(new Changed<>(after, result, true));
        });
        changed.filter(Changed::revised).ifPresent(ch -> {
            log.info("member {} changed to revision {}", memberId, ch.member().revision());
            publishLatest(memberId);
        });
        return changed;
    }

    private MemberProfile require(String memberId, Edit<Void> edit) {
        return change(memberId, edit).map(Changed::member).orElseThrow(() -> MemberProblem.notFound("no member with that id"));
    }

    /** Replaces the member's details and plan (not their status or contacts, which have their own operations). */
    public MemberProfile update(String memberId, EnrollmentParser.Enrollment e) {
        return require(memberId, (c, d) -> {
            if (!d.externalId.equals(e.externalId())) {
                Optional<String> other = store.findIdByExternalId(c, e.externalId());
                if (other.isPresent() && !other.get().equals(memberId)) {
                    throw MemberProblem.conflict("another member has that external id",
                            Map.of("externalId", "is already used by another member"));
                }
            }
            d.externalId = e.externalId();
            d.firstName = e.firstName();
            d.email = e.email();
            d.timeZone = e.timeZone();
            d.locale = e.locale();
            d.treatmentEndedOn = e.treatmentEndedOn();
            d.recoveryStartDate = e.recoveryStartDate();
            d.plan = e.plan();
            d.copingPlan = e.copingPlan();
            d.preferences = new Preferences(e.preferences().quietHoursStart(),
                    e.preferences().quietHoursEnd(), e.preferences().encouragement(), e.preferences().milestones(),
                    d.preferences.unsubscribed());
            return null;
        });
    }

    /** Pauses check-ins until resumed; nothing falls due, nothing escalates. Pausing a paused member changes nothing. */
    public MemberProfile pause(String memberId) {
        return require(memberId, (c, d) -> {
            if (d.status == MemberStatus.DISCHARGED) {
                throw MemberProblem.conflict("a discharged member cannot be paused");
            }
            d.status = MemberStatus.PAUSED;
            return null;
        });
    }

    /**
     * Resumes a paused member: the next planned check-in is computed from now (missed slots are not
     * sent). A member who had unsubscribed asked the program to start again, so that ends too.
     */
    public MemberProfile resume(String memberId) {
        return require(memberId, (c, d) -> {
            if (d.status == MemberStatus.DISCHARGED) {
                throw MemberProblem.conflict("a discharged member cannot be resumed; enroll them again");
            }
            d.status = MemberStatus.ACTIVE;
            d.preferences = withUnsubscribed(d.preferences, false);
            return null;
        });
    }

    /** The member left the program: no more check-ins; the record stays until erased. */
    public MemberProfile discharge(String memberId) {
        return require(memberId, (c, d) -> {
            d.status = MemberStatus.DISCHARGED;
            return null;
        });
    }

    /**
     * The member unsubscribed (one click in their mail client, or the page): their check-in prompts
     * pause (nothing falls due, so nothing is missed and silence escalates nothing) and routine
     * email stops; streams tells the care team. Replies to their own request for help or report of
     * use still reach them while they are enrolled (the notifier decides that at send time).
     * Staff resume them when they ask to start again. A discharged member stays discharged.
     */
    public Optional<MemberProfile> unsubscribe(String memberId) {
        return change(memberId, (c, d) -> {
            d.preferences = withUnsubscribed(d.preferences, true);
            if (d.status == MemberStatus.ACTIVE) {
                d.status = MemberStatus.PAUSED;
            }
            return null;
        }).map(Changed::member);
    }

    private static Preferences withUnsubscribed(Preferences p, boolean unsubscribed) {
        return new Preferences(p.quietHoursStart(), p.quietHoursEnd(), p.encouragement(), p.milestones(), unsubscribed);
    }

    /** A fresh naming id: the contact is (re)invited, and links sent for an earlier naming stop working. */
    private static String newNaming() {
        return UUID.randomUUID().toString();
    }

    /** Adds a support contact (state {@code invited}: they must confirm before they hear anything). */
    public SupportContact addContact(String memberId, EnrollmentParser.ContactInput input) {
        return change(memberId, (c, d) -> {
            if (d.contacts.size() >= EnrollmentParser.MAX_CONTACTS) {
                throw MemberProblem.conflict("a member has at most " + EnrollmentParser.MAX_CONTACTS + " contacts");
            }
            requireUniqueEmail(d, input.email(), null);
            SupportContact k = new SupportContact(UUID.randomUUID().toString(), input.name(), input.email(),
                    input.relationship(), input.consent(), ContactState.INVITED, newNaming());
            d.contacts.add(k);
            return k;
        }).map(Changed::result).orElseThrow(() -> MemberProblem.notFound("no member with that id"));
    }

    /**
     * Updates a contact. A new email address, or a consent scope that now covers something the
     * contact did not agree to hear, makes it a new naming: the contact goes back to
     * {@code invited} with a new naming id, streams sends a fresh invitation to the address as it is
     * now, and every link sent for the earlier naming (to a mistyped address, say) is refused.
     * Narrowing the scope, down to nothing, needs no new agreement: the contact keeps its state and
     * hears less (nothing, with an empty scope), and no invitation goes out.
     */
    public SupportContact updateContact(String memberId, String contactId, EnrollmentParser.ContactInput input) {
        return change(memberId, (c, d) -> {
            SupportContact old = d.contact(contactId).orElseThrow(() -> MemberProblem.notFound("no contact with that id"));
            requireUniqueEmail(d, input.email(), contactId);
            boolean newAddress = !old.email().equalsIgnoreCase(input.email());
            // Someone who unsubscribed is not asked again at the same address, whatever the member now wants to share.
            boolean reconfirm = newAddress
                    || (!old.consent().containsAll(input.consent()) && old.state() != ContactState.UNSUBSCRIBED);
            SupportContact k = new SupportContact(contactId, input.name(), input.email(), input.relationship(), input.consent(),
                    reconfirm ? ContactState.INVITED : old.state(), reconfirm ? newNaming() : old.invitationId());
            d.contacts.set(d.contacts.indexOf(old), k);
            return k;
        }).map(Changed::result).orElseThrow(() -> MemberProblem.notFound("no member with that id"));
    }

    /** Removes a contact: they are never told anything again. */
    public void removeContact(String memberId, String contactId) {
        change(memberId, (c, d) -> {
            if (!d.contacts.removeIf(k -> k.contactId().equals(contactId))) {
                throw MemberProblem.notFound("no contact with that id");
            }
            return null;
        }).orElseThrow(() -> MemberProblem.notFound("no member with that id"));
    }

    private static void requireUniqueEmail(MemberDraft d, String email, String exceptContactId) {
        boolean taken = d.contacts.stream()
                .anyMatch(k -> !k.contactId().equals(exceptContactId) && k.email().equalsIgnoreCase(email));
        if (taken) {
            throw MemberProblem.invalid("the contact is invalid", Map.of("email", "is already one of this member's contacts"));
        }
    }

    /**
     * Erases the member: their row, contacts, schedule, check-ins and spent links are deleted, and
     * a tombstone goes to {@code member.profile} (compaction then removes every snapshot). The row
     * lock comes first, so a snapshot being sent is on Kafka before the row goes; the tombstone is
     * sent after the commit and owed through the {@code erased_member} outbox until Kafka has it.
     */
    public boolean erase(String memberId) {
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

    /** Republishes every member (the resync command). */
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
     * Sends the member's snapshot as the row stands under its lock, if Kafka does not have that
     * revision yet, and records it as published before the lock is released. Nothing when the
     * member was erased meanwhile; a failed send (or lock wait) is left to the outbox.
     */
    private void publishLatest(String memberId) {
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

    private boolean publishTombstoneQuietly(String memberId) {
        try {
            publisher.profileTombstone(memberId);
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

    /** The member's next planned check-in strictly after {@code now}, or null when the plan has ended. */
    public Instant firstDue(MemberProfile member, Instant now) {
        return checkInTimes.first(member.plan(), member.timeZone(), now).orElse(null);
    }
}
