package org.aftercare.streams.checkin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.aftercare.events.IsoInstants;
import org.aftercare.events.checkin.CheckInAnswered;
import org.aftercare.events.checkin.CheckInCompleted;
import org.aftercare.events.checkin.CheckInDue;
import org.aftercare.events.checkin.CheckInLate;
import org.aftercare.events.checkin.CheckInMissed;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.risk.RiskTier;
import org.aftercare.streams.checkin.TrackedCheckIn.Phase;
import org.aftercare.streams.deadline.DeadlineIndex;
import org.aftercare.streams.member.MemberFacts;
import org.aftercare.streams.member.MemberState;
import org.aftercare.streams.metrics.DecisionMetrics;
import org.aftercare.streams.outbox.Outbox;
import org.aftercare.streams.risk.TierLookup;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check-in state machine: due → prompt; grace over → late + one reminder; respondBy → missed
 * (counted per member) + one missed intent; answer → completed and every pending deadline
 * cancelled. A check-in can be answered through several links (the prompt's, the reminder's): the
 * most severe status answered is kept on it, and {@link #answered} says whether a further answer
 * asks for more ("need help now" after "ok") so the caller acts on it like a first one, without
 * completing the check-in again. A member who is paused, discharged or unsubscribed from prompts
 * is not prompted, and {@link #cancelOpen} cancels their open check-ins.
 *
 * <p>A member who is away (a planned absence, {@code MemberFacts.away}; on the check-in's
 * member-local due date or on the day a deadline falls) gets no late reminder, and at respondBy
 * the check-in closes as {@link Phase#EXCUSED}: no missed intent, no {@code checkin.status}
 * outcome (nothing is counted: like a cancelled check-in), no {@link MissedCheckIns} callback (so no
 * escalation and no flag), and the run of misses neither grows nor ends. With {@code keepPrompts}
 * off they are not prompted either. An answer is handled as ever; what it asks for is not decided
 * here. The absence ends by itself when its last day has passed.
 *
 * <p>In: due check-ins, answers, the member's latest facts, wall-clock ticks. Out: prompts,
 * reminders and missed intents to the member and completed / late / missed outcomes, through the
 * {@link Outbox}; each missed check-in is also reported to {@link MissedCheckIns} (the run of
 * answered check-ins ends, enough misses in a row escalate). What an answer asks for beyond
 * completing the check-in is not decided here ({@code answers}, {@code escalation}, {@code milestone}).
 *
 * <p>Time comes from each check-in's own dueAt/respondBy, never from record timestamps: the
 * deadlines sit in a time-ordered index ({@link CheckInStores#DEADLINES}, a {@link DeadlineIndex})
 * and a tick handles what is due up to now, scanning again until nothing is due (a late deadline
 * schedules the missed one, which after a clock jump may be due already). Every entry is removed
 * once handled, and a closed check-in is purged {@code retention} after respondBy. Each tracked
 * check-in waits for exactly one deadline ({@link #pendingOf}: late or missed while unanswered,
 * else its purge), so the index has no changelog: {@link #init} puts every tracked check-in's
 * deadline in it again, and a deadline that fires is acted on only while it is still the one its
 * check-in waits for (an entry left from before a task moved away and back is dropped). Notification
 * ids are deterministic ({@link #notificationId}), so reprocessing emits the same ids.
 *
 * <p>Logs carry member and check-in ids only, never profile content or answers.
 */
public final class CheckInLifecycle implements MemberState {

    private static final Logger log = LoggerFactory.getLogger(CheckInLifecycle.class);

    /** What an answer was to its check-in, so the caller knows what else to act on. */
    public enum Answered {
        /** The check-in is not tracked (unknown or purged): nothing recorded, but what it says must still be read. */
        UNTRACKED,
        /** It completed the check-in (on time or late). */
        COMPLETED,
        /** A further answer to a completed check-in that asks for more than every earlier one, or a first "used". */
        ASKS_FOR_MORE,
        /** A further answer that asks for nothing new: nothing more to do. */
        NOTHING_NEW
    }

    /**
     * Told of each missed check-in, after its outcome and intent are out; {@code dueAt} is the
     * instant its risk tier (and so its windows) was chosen by.
     */
    @FunctionalInterface
    public interface MissedCheckIns {
        void missed(String memberId, String checkInId, Instant dueAt, int consecutive, Instant now);
    }

    private final CheckInWindows windows;
    private final Duration retention;
    private final DecisionMetrics metrics;
    private final MissedCheckIns onMissed;

    private KeyValueStore<String, TrackedCheckIn> checkIns;
    private DeadlineIndex<Deadline> deadlines;
    private KeyValueStore<String, Integer> misses;
    private Function<String, MemberFacts> facts;
    private TierLookup tiers;

    public CheckInLifecycle(
            CheckInWindows windows, Duration retention, DecisionMetrics metrics, MissedCheckIns onMissed) {
        this.windows = windows;
        this.retention = retention;
        this.metrics = metrics;
        this.onMissed = onMissed;
    }

    /** The notification id of one intent to the member about one check-in; stable across reprocessing. */
    public static String notificationId(String memberId, OutreachKind kind, String checkInId) {
        return Outbox.notificationId(memberId, kind, checkInId, Recipient.MEMBER.key());
    }

    /**
     * Binds the stores {@link CheckInStores} and puts the deadline of every tracked check-in in the
     * deadline index, which has no changelog (after a restore, a move to another instance or a
     * lost disk it may be empty or behind; the tracked check-ins are restored from theirs).
     * {@code facts} gives a member's latest facts or null, {@code tiers} their risk tier (which
     * decides the windows).
     */
    public void init(ProcessorContext<?, ?> context, Function<String, MemberFacts> facts, TierLookup tiers) {
        this.checkIns = context.getStateStore(CheckInStores.CHECK_INS);
        KeyValueStore<String, Deadline> deadlineStore = context.getStateStore(CheckInStores.DEADLINES);
        this.deadlines = new DeadlineIndex<>(deadlineStore, Deadline::key);
        this.misses = context.getStateStore(CheckInStores.CONSECUTIVE_MISSES);
        this.facts = facts;
        this.tiers = tiers;
        rebuildDeadlines(context);
    }

    private void rebuildDeadlines(ProcessorContext<?, ?> context) {
        long started = System.nanoTime();
        int tracked = 0;
        try (KeyValueIterator<String, TrackedCheckIn> it = checkIns.all()) {
            while (it.hasNext()) {
                deadlines.put(pendingOf(it.next().value));
                tracked++;
            }
        }
        log.info(
                "task {}: deadline index rebuilt from {} tracked check-ins in {} ms",
                context.taskId(),
                tracked,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** A check-in opened: prompt the member and plan its late (or missed) deadline, unless it cannot be answered. */
    public void due(CheckInDue due, Instant now, Outbox out) {
        String memberId = due.memberId();
        String key = CheckInStores.checkInKey(memberId, due.checkInId());
        if (checkIns.get(key) != null) {
            log.debug("check-in {} of member {} is already tracked; repeat ignored", due.checkInId(), memberId);
            return;
        }
        MemberFacts member = facts.apply(memberId);
        if (member != null && !member.active()) {
            log.info("check-in {} not prompted: member {} is {}", due.checkInId(), memberId, member.standing());
            metrics.dueIgnored("inactive");
            return;
        }
        if (member != null
                && member.awayOn(member.localDate(due.dueAt()))
                && !member.away().keepPrompts()) {
            log.info("check-in {} not prompted: member {} is away with prompts paused", due.checkInId(), memberId);
            metrics.dueIgnored("away");
            return;
        }
        // The scheduler announces an upper bound; this service decides the window by the member's risk tier.
        RiskTier tier = tiers.tierAt(memberId, due.dueAt());
        Instant respondBy = windows.respondBy(due.dueAt(), due.respondBy(), tier);
        if (!now.isBefore(respondBy)) {
            log.info("check-in {} of member {} arrived after its respondBy; not prompted", due.checkInId(), memberId);
            metrics.dueIgnored("expired");
            return;
        }
        Instant lateAt = windows.lateAt(due.dueAt(), respondBy, tier);
        // A catch-up due that arrives after its grace gets its prompt but no immediate second reminder.
        boolean remind = lateAt.isAfter(now);
        TrackedCheckIn tracked = new TrackedCheckIn(
                memberId, due.checkInId(), due.dueAt(), respondBy, remind ? lateAt : null, Phase.OPEN, null);
        checkIns.put(key, tracked);
        // One pending deadline per check-in: the late one first; it schedules the missed one when it fires.
        deadlines.put(
                remind
                        ? new Deadline(memberId, due.checkInId(), Deadline.Kind.LATE, lateAt)
                        : new Deadline(memberId, due.checkInId(), Deadline.Kind.MISSED, respondBy));
        intent(
                OutreachKind.CHECK_IN_PROMPT,
                tracked,
                Map.of("respondBy", IsoInstants.format(respondBy)),
                respondBy,
                now,
                out);
    }

    /**
     * The member answered: completes a tracked check-in (emitting its outcome), or records a more
     * severe further answer. Any answer that is acted on ends the run of misses. Returns what the
     * answer was, for the caller to act on what it says.
     */
    public Answered answered(CheckInAnswered answer, Instant now, Outbox out) {
        String memberId = answer.memberId();
        String key = CheckInStores.checkInKey(memberId, answer.checkInId());
        TrackedCheckIn tracked = checkIns.get(key);
        if (tracked == null) {
            // Still read for what it says: a request for help must never be lost to a purged check-in.
            log.info("answer for unknown check-in {} of member {}: not recorded", answer.checkInId(), memberId);
            metrics.unknownAnswer();
            // Any answer shows the member is there: the run of misses ends.
            misses.delete(memberId);
            return Answered.UNTRACKED;
        }
        if (tracked.phase() == Phase.COMPLETED) {
            return anotherAnswer(key, tracked, answer);
        }
        misses.delete(memberId);
        boolean late = switch (tracked.phase()) {
            case OPEN, LATE, CANCELLED, EXCUSED -> {
                unschedulePending(tracked);
                deadlines.put(purgeOf(tracked));
                yield answer.occurredAt().isAfter(tracked.respondBy());
            }
            case MISSED -> true;
            case COMPLETED -> throw new IllegalStateException("a completed check-in is answered again, not completed");
        };
        checkIns.put(key, tracked.answeredWith(answer.status()));
        out.status(CheckInCompleted.of(memberId, tracked.checkInId(), tracked.dueAt(), answer.occurredAt(), late, now));
        metrics.completed(late);
        return Answered.COMPLETED;
    }

    /**
     * A further answer to a completed check-in, through another of its links. One that asks for
     * more than every earlier answer ("need help now" after "ok"), or a first "used" (after "need
     * help now": a risky answer is always acted on), is kept and ends the run of misses, without completing the check-in again or extending the run of answered check-ins;
     * any other changes nothing, so "ok" after "need help now" leaves the escalation the first one opened.
     */
    private Answered anotherAnswer(String key, TrackedCheckIn tracked, CheckInAnswered answer) {
        String memberId = answer.memberId();
        if (!tracked.asksForMore(answer.status())) {
            log.debug(
                    "further answer {} to completed check-in {} of member {}: nothing new",
                    answer.eventId(),
                    tracked.checkInId(),
                    memberId);
            return Answered.NOTHING_NEW;
        }
        log.info(
                "further answer {} to completed check-in {} of member {} acted on",
                answer.eventId(),
                tracked.checkInId(),
                memberId);
        misses.delete(memberId);
        checkIns.put(key, tracked.answeredWith(answer.status()));
        return Answered.ASKS_FOR_MORE;
    }

    /** The member left, paused or unsubscribed: nothing is reminded or missed for check-ins still open. */
    public void cancelOpen(String memberId) {
        for (TrackedCheckIn tracked : trackedOf(memberId)) {
            if (tracked.awaitingAnswer()) {
                unschedulePending(tracked);
                deadlines.put(purgeOf(tracked));
                checkIns.put(CheckInStores.checkInKey(memberId, tracked.checkInId()), tracked.in(Phase.CANCELLED));
                log.info("check-in {} of member {} cancelled: member no longer active", tracked.checkInId(), memberId);
            }
        }
    }

    /** Forgets the member's check-ins, their deadlines and the run of misses. */
    @Override
    public void erase(String memberId) {
        for (TrackedCheckIn tracked : trackedOf(memberId)) {
            unschedulePending(tracked);
            deadlines.remove(purgeOf(tracked));
            checkIns.delete(CheckInStores.checkInKey(memberId, tracked.checkInId()));
        }
        misses.delete(memberId);
    }

    private List<TrackedCheckIn> trackedOf(String memberId) {
        List<TrackedCheckIn> found = new ArrayList<>();
        try (KeyValueIterator<String, TrackedCheckIn> it =
                checkIns.prefixScan(CheckInStores.memberPrefix(memberId), new StringSerializer())) {
            it.forEachRemaining(kv -> found.add(kv.value));
        }
        return found;
    }

    /** Handles every check-in deadline at or before now, oldest first, until nothing is due. */
    public void tick(long nowMs, Outbox out) {
        Instant now = Instant.ofEpochMilli(nowMs);
        deadlines.drain(nowMs, deadline -> handle(deadline, now, out));
    }

    private void handle(Deadline deadline, Instant now, Outbox out) {
        String key = CheckInStores.checkInKey(deadline.memberId(), deadline.checkInId());
        TrackedCheckIn tracked = checkIns.get(key);
        if (tracked == null || !deadline.equals(pendingOf(tracked))) {
            // Purged, or no longer what the check-in waits for: an entry the index kept from an earlier run.
            return;
        }
        switch (deadline.kind()) {
            case LATE -> onLate(key, tracked, now, out);
            case MISSED -> onMissed(key, tracked, now, out);
            case PURGE -> checkIns.delete(key);
        }
    }

    private void onLate(String key, TrackedCheckIn tracked, Instant now, Outbox out) {
        if (tracked.phase() != Phase.OPEN) {
            return;
        }
        checkIns.put(key, tracked.in(Phase.LATE));
        deadlines.put(new Deadline(tracked.memberId(), tracked.checkInId(), Deadline.Kind.MISSED, tracked.respondBy()));
        if (isAway(tracked, now)) {
            log.info(
                    "check-in {} of member {}: no reminder, the member is away",
                    tracked.checkInId(),
                    tracked.memberId());
            return;
        }
        out.status(CheckInLate.of(tracked.memberId(), tracked.checkInId(), tracked.dueAt(), now));
        intent(
                OutreachKind.LATE_REMINDER,
                tracked,
                Map.of("respondBy", IsoInstants.format(tracked.respondBy())),
                tracked.respondBy(),
                now,
                out);
        metrics.late();
    }

    private void onMissed(String key, TrackedCheckIn tracked, Instant now, Outbox out) {
        if (!tracked.awaitingAnswer()) {
            return;
        }
        if (isAway(tracked, now)) {
            checkIns.put(key, tracked.in(Phase.EXCUSED));
            deadlines.put(purgeOf(tracked));
            log.info(
                    "check-in {} of member {} closed unanswered while away: not counted missed",
                    tracked.checkInId(),
                    tracked.memberId());
            metrics.excused();
            return;
        }
        Integer before = misses.get(tracked.memberId());
        int consecutive = (before == null ? 0 : before) + 1;
        misses.put(tracked.memberId(), consecutive);
        checkIns.put(key, tracked.in(Phase.MISSED));
        deadlines.put(purgeOf(tracked));
        out.status(CheckInMissed.of(tracked.memberId(), tracked.checkInId(), tracked.dueAt(), consecutive, now));
        intent(
                OutreachKind.MISSED_CHECK_IN,
                tracked,
                Map.of("consecutiveMisses", Integer.toString(consecutive)),
                null,
                now,
                out);
        metrics.missed();
        onMissed.missed(tracked.memberId(), tracked.checkInId(), tracked.dueAt(), consecutive, now);
    }

    /** Is the member away on the check-in's due date or today (member-local)? */
    private boolean isAway(TrackedCheckIn tracked, Instant now) {
        MemberFacts member = facts.apply(tracked.memberId());
        return member != null
                && (member.awayOn(member.localDate(tracked.dueAt())) || member.awayOn(member.localDate(now)));
    }

    private Deadline purgeOf(TrackedCheckIn tracked) {
        return new Deadline(
                tracked.memberId(),
                tracked.checkInId(),
                Deadline.Kind.PURGE,
                tracked.respondBy().plus(retention));
    }

    /**
     * The one deadline a tracked check-in waits for: while unanswered, the late one if a reminder
     * is planned and it is still open, else the missed one; once closed, its purge.
     */
    private Deadline pendingOf(TrackedCheckIn tracked) {
        if (tracked.phase() == Phase.OPEN && tracked.lateAt() != null) {
            return new Deadline(tracked.memberId(), tracked.checkInId(), Deadline.Kind.LATE, tracked.lateAt());
        }
        if (tracked.awaitingAnswer()) {
            return new Deadline(tracked.memberId(), tracked.checkInId(), Deadline.Kind.MISSED, tracked.respondBy());
        }
        return purgeOf(tracked);
    }

    /** Removes the pending deadline of a check-in that no longer awaits an answer (late while open, else missed). */
    private void unschedulePending(TrackedCheckIn tracked) {
        if (tracked.awaitingAnswer()) {
            deadlines.remove(pendingOf(tracked));
        }
    }

    private static void intent(
            OutreachKind kind,
            TrackedCheckIn tracked,
            Map<String, String> data,
            Instant expiresAt,
            Instant now,
            Outbox out) {
        String memberId = tracked.memberId();
        out.intent(OutreachRequest.builder(memberId, notificationId(memberId, kind, tracked.checkInId()), kind)
                .to(Recipient.MEMBER)
                .urgency(Urgency.SCHEDULED)
                .checkInId(tracked.checkInId())
                .expiresAt(expiresAt)
                .data(data)
                .build(now));
    }
}
