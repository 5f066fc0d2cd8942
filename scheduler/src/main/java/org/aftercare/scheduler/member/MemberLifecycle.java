package org.aftercare.scheduler.member;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.aftercare.events.profile.Away;
import org.aftercare.events.profile.ExitEvent;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.events.profile.Preferences;
import org.aftercare.events.profile.SupportContact;
import org.aftercare.scheduler.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member's way through the program: enrollment (one at a time, or the roster import's batch),
 * changes to their details and plan, pause, resume, discharge, unsubscribe, erasure. In: parsed
 * enrollments and member ids from the admin API, the roster import and the member's own links. Out:
 * the member as stored; every change goes through {@link MemberChanges} (the next revision, the
 * due-time index, the snapshot), and erasure through {@link ProfileOutbox}, which owns the order of
 * snapshot and tombstone. Refusals are {@link MemberProblem}s.
 */
public final class MemberLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MemberLifecycle.class);

    /** What an enrollment did: created a member, or found the one with that external id. */
    public record Enrolled(MemberProfile member, boolean created) {}

    /** A planned absence is at most this many days ahead. */
    public static final int MAX_AWAY_DAYS = 90;

    private final Database db;
    private final MemberStore store;
    private final DueIndex due;
    private final PlanQuestionnaires planQuestionnaires;
    private final MemberChanges changes;
    private final ProfileOutbox outbox;
    private final Clock clock;

    MemberLifecycle(
            Database db,
            MemberStore store,
            DueIndex due,
            MemberChanges changes,
            ProfileOutbox outbox,
            PlanQuestionnaires planQuestionnaires,
            Clock clock) {
        this.planQuestionnaires = planQuestionnaires;
        this.db = db;
        this.store = store;
        this.due = due;
        this.changes = changes;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Checks the questionnaires an enrollment's plan names against the program's definitions (the
     * roster import asks per row, so one refused row does not fail its batch).
     *
     * @throws MemberProblem 400 naming each refused {@code plan.questionnaires[i].instrument}
     */
    public void checkPlan(EnrollmentParser.Enrollment e) {
        planQuestionnaires.check(e.plan());
    }

    /**
     * Enrolls a member; the same external id twice returns the member already enrolled, also when
     * two enrollments of it race: the unique external id lets one insert win, the other answers
     * with the winner's member (409 if that member is gone again before it can be read).
     */
    public Enrolled enroll(EnrollmentParser.Enrollment e) {
        checkPlan(e);
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
                due.enrolled(c, member, now);
                return new Enrolled(member, true);
            });
        } catch (Database.DatabaseException lost) {
            if (!lost.isUniqueViolation()) {
                throw lost;
            }
            result = db.inTransaction(c -> {
                        Optional<String> winner = store.findIdByExternalId(c, e.externalId());
                        return winner.isPresent() ? store.load(c, winner.get()) : Optional.<MemberProfile>empty();
                    })
                    .map(m -> new Enrolled(m, false))
                    .orElseThrow(() -> MemberProblem.conflict(
                            "the member with that external id changed while this enrollment ran; try again"));
        }
        if (result.created()) {
            log.info("enrolled member {}", result.member().memberId());
            outbox.publishLatest(result.member().memberId());
        }
        return result;
    }

    /**
     * Enrolls many members in one transaction (the bulk import's fast path): one statement batch
     * for the lot, external ids already enrolled are left as they are. Snapshots go out through the
     * outbox. Returns, per enrollment in order, whether it created a member.
     */
    public List<Boolean> enrollAll(List<EnrollmentParser.Enrollment> enrollments) {
        enrollments.forEach(this::checkPlan);
        Instant now = clock.instant();
        return db.inTransaction(c -> {
            Map<String, String> existing = store.findIdsByExternalIds(
                    c,
                    enrollments.stream()
                            .map(EnrollmentParser.Enrollment::externalId)
                            .toList());
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
            due.enrolled(c, members, now);
            return created;
        });
    }

    private static MemberProfile newMember(EnrollmentParser.Enrollment e, Instant now) {
        String memberId = UUID.randomUUID().toString();
        List<SupportContact> contacts = new ArrayList<>();
        for (EnrollmentParser.ContactInput k : e.contacts()) {
            contacts.add(MemberContacts.invited(k));
        }
        return new MemberProfile(
                "profile:" + memberId + ":1",
                MemberProfile.SCHEMA_VERSION,
                now,
                memberId,
                1,
                e.externalId(),
                e.firstName(),
                e.email(),
                e.timeZone(),
                e.locale(),
                MemberStatus.ACTIVE,
                e.treatmentEndedOn(),
                e.recoveryStartDate(),
                e.plan(),
                e.copingPlan(),
                contacts,
                e.preferences(),
                e.exitEvents(),
                null);
    }

    /** Replaces the member's details and plan (not their status or contacts, which have their own operations). */
    public MemberProfile update(String memberId, EnrollmentParser.Enrollment e) {
        return require(memberId, (c, d) -> {
            planQuestionnaires.check(e.plan(), d.plan);
            if (!d.externalId.equals(e.externalId())) {
                Optional<String> other = store.findIdByExternalId(c, e.externalId());
                if (other.isPresent() && !other.get().equals(memberId)) {
                    throw MemberProblem.conflict(
                            "another member has that external id",
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
            d.exitEvents = e.exitEvents();
            // The member's own: unsubscribed always, and the choices from their progress page unless given.
            d.preferences = e.choices()
                    .applyTo(new Preferences(
                            e.preferences().quietHoursStart(),
                            e.preferences().quietHoursEnd(),
                            e.preferences().encouragement(),
                            e.preferences().milestones(),
                            d.preferences.unsubscribed(),
                            d.preferences.trackRecoveryDate(),
                            d.preferences.weeklySummary()));
            return null;
        });
    }

    /**
     * Records an exit event on the member (streams opens the very-high risk window from it). The
     * same kind and date twice is one event. Returns the member after the change.
     */
    public MemberProfile addExitEvent(String memberId, ExitEvent event) {
        return require(memberId, (c, d) -> {
            if (!d.exitEvents.contains(event)) {
                if (d.exitEvents.size() >= EnrollmentParser.MAX_EXIT_EVENTS) {
                    throw MemberProblem.conflict(
                            "the member has " + EnrollmentParser.MAX_EXIT_EVENTS + " exit events already");
                }
                List<ExitEvent> all = new ArrayList<>(d.exitEvents);
                all.add(event);
                all.sort(Comparator.comparing(ExitEvent::date));
                d.exitEvents = List.copyOf(all);
            }
            return null;
        });
    }

    /**
     * Sets the member's planned absence: until the end of {@code until} (member-local, today at the
     * earliest, at most {@value #MAX_AWAY_DAYS} days ahead) nothing is missed, escalated or flagged
     * for silence; prompts come on only with {@code keepPrompts}. Setting it again replaces it.
     */
    public MemberProfile setAway(String memberId, LocalDate until, boolean keepPrompts, Away.SetBy setBy) {
        return require(memberId, (c, d) -> {
            checkAway(until, d.timeZone);
            if (d.status == MemberStatus.DISCHARGED) {
                throw MemberProblem.conflict("a discharged member cannot be set away");
            }
            d.away = new Away(until, keepPrompts, setBy);
            return null;
        });
    }

    /** Refuses an away date before today or more than {@value #MAX_AWAY_DAYS} days after it, in the member's zone. */
    public void checkAway(LocalDate until, ZoneId zone) {
        LocalDate today = clock.instant().atZone(zone).toLocalDate();
        if (until.isBefore(today)) {
            throw MemberProblem.invalid(
                    "the away date is invalid", Map.of("until", "must be today or later in the member's time zone"));
        }
        if (until.isAfter(today.plusDays(MAX_AWAY_DAYS))) {
            throw MemberProblem.invalid(
                    "the away date is invalid",
                    Map.of("until", "must be at most " + MAX_AWAY_DAYS + " days ahead in the member's time zone"));
        }
    }

    /** Ends the member's planned absence now; nothing changes when they were not away. */
    public MemberProfile clearAway(String memberId) {
        return require(memberId, (c, d) -> {
            d.away = null;
            return null;
        });
    }

    /**
     * Ends the planned absences whose last day has passed in the member's time zone (the due sweep
     * calls it), each as a new snapshot. Returns how many ended.
     */
    public int endPassedAbsences() {
        Instant now = clock.instant();
        List<String> candidates = db.inTransaction(c -> store.absencesPassed(c, now));
        int ended = 0;
        for (String memberId : candidates) {
            boolean changed = changes.change(memberId, (c, d) -> {
                        // Checked again under the lock: the absence may have been moved meanwhile.
                        if (d.away != null
                                && now.atZone(d.timeZone).toLocalDate().isAfter(d.away.until())) {
                            d.away = null;
                        }
                        return null;
                    })
                    .map(MemberChanges.Changed::revised)
                    .orElse(false);
            if (changed) {
                ended++;
            }
        }
        return ended;
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
     * Empty when there is no such member.
     */
    public Optional<MemberProfile> unsubscribe(String memberId) {
        return changes.change(memberId, (c, d) -> {
                    d.preferences = withUnsubscribed(d.preferences, true);
                    if (d.status == MemberStatus.ACTIVE) {
                        d.status = MemberStatus.PAUSED;
                    }
                    return null;
                })
                .map(MemberChanges.Changed::member);
    }

    /**
     * Erases the member and everything recorded about them; {@link ProfileOutbox#erase} sends the
     * tombstone after any snapshot in flight. False when there is no such member.
     */
    public boolean erase(String memberId) {
        return outbox.erase(memberId);
    }

    private MemberProfile require(String memberId, MemberChanges.Edit<Void> edit) {
        return changes.require(memberId, edit).member();
    }

    private static Preferences withUnsubscribed(Preferences p, boolean unsubscribed) {
        return p.withUnsubscribed(unsubscribed);
    }

    /**
     * The member's own choices from their progress page: whether the page counts days from their
     * recovery date (and day milestones come), and whether the weekly summary email comes. The new
     * snapshot carries them to streams and the notifier. Empty when there is no such member.
     */
    public Optional<MemberProfile> setOwnChoices(String memberId, boolean trackRecoveryDate, boolean weeklySummary) {
        return changes.change(memberId, (c, d) -> {
                    d.preferences = d.preferences
                            .withTrackRecoveryDate(trackRecoveryDate)
                            .withWeeklySummary(weeklySummary);
                    return null;
                })
                .map(MemberChanges.Changed::member);
    }
}
