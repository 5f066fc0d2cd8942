package org.aftercare.streams.checkin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aftercare.events.checkin.CheckInAnswered;
import org.aftercare.events.checkin.CheckInCompleted;
import org.aftercare.events.checkin.CheckInDue;
import org.aftercare.events.checkin.CheckInLate;
import org.aftercare.events.checkin.CheckInMissed;
import org.aftercare.events.checkin.CheckInStatusEvent;
import org.aftercare.events.checkin.HelpRequested;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.contact.ContactActionEvent;
import org.aftercare.events.contact.ContactConfirmed;
import org.aftercare.events.contact.ContactDeclined;
import org.aftercare.events.contact.ContactUnsubscribed;
import org.aftercare.events.contact.EscalationAcknowledged;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.kit.logging.LogFields;
import org.aftercare.streams.answers.RiskyAnswers;
import org.aftercare.streams.contact.Invitations;
import org.aftercare.streams.escalation.EscalationChains;
import org.aftercare.streams.escalation.EscalationPolicy;
import org.aftercare.streams.escalation.EscalationReason;
import org.aftercare.streams.escalation.EscalationStores;
import org.aftercare.streams.milestone.Milestones;
import org.aftercare.streams.checkin.TrackedCheckIn.Phase;
import org.aftercare.streams.metrics.DecisionMetrics;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every decision about the members of one task, in one processor so one wall-clock punctuation
 * serves them all. The check-in lifecycle is here: due → prompt; grace over → late + one reminder;
 * respondBy → missed (counted per member) + one missed intent; answer → completed and every
 * pending deadline cancelled. A check-in can be answered through several links (the prompt's, the
 * reminder's): the most severe status answered is kept on it, a further answer that asks for more
 * ("need help now" after "ok") is acted on like a first one without completing it again, and any
 * other changes nothing. "Need help now" and "used" are acted on in every state of the check-in,
 * also when it is unknown or purged. "I need help now" outside a check-in ({@link HelpRequested})
 * gets crisis support and an escalation, and completes nothing. A member who is paused, discharged
 * or unsubscribed from prompts is not prompted and their open check-ins are cancelled
 * ({@link Unsubscribes} tells the care team of an unsubscribe). It hands on to
 * {@link EscalationChains} (enough consecutive misses, risky answers and help requests,
 * acknowledgements, answers that resolve), {@link RiskyAnswers} (crisis support, overdose safety,
 * encouragement) and {@link Milestones} (days and streaks). In:
 * {@link LifecycleInput} keyed by memberId. Out: {@link Decision}s (intents and status events)
 * keyed by memberId. A record whose key is not the member it names breaks co-partitioning and is
 * refused (the processing exception handler dead-letters it).
 *
 * <p>Time comes from each check-in's own dueAt/respondBy, never from record timestamps: the
 * deadlines sit in a time-ordered index ({@link CheckInStores#DEADLINES}) and a wall-clock
 * punctuation range-scans it up to now, so a tick touches only what is due. Every entry is
 * removed once handled, and a closed check-in is purged {@code retention} after respondBy.
 * Notification ids are deterministic, so reprocessing emits the same ids.
 *
 * <p>Logs carry member and check-in ids only, never profile content or answers.
 */
public final class CheckInLifecycle implements Processor<String, LifecycleInput, String, Decision> {

    private static final Logger log = LoggerFactory.getLogger(CheckInLifecycle.class);

    private final CheckInWindows windows;
    private final Duration retention;
    private final Duration punctuateInterval;
    private final DecisionMetrics metrics;
    private final int missesToEscalate;
    private final EscalationChains chains;
    private final RiskyAnswers risky;
    private final Milestones milestones;
    /** Forwards an intent with the timestamp of what caused it (the record, or the tick). */
    private final Outbox outbox = this::forwardIntent;
    private long causeTimestamp;

    private ProcessorContext<String, Decision> context;
    private KeyValueStore<String, TrackedCheckIn> checkIns;
    private KeyValueStore<String, Deadline> deadlines;
    private KeyValueStore<String, Integer> misses;
    private KeyValueStore<String, MemberFacts> members;
    private Cancellable ticker;

    public CheckInLifecycle(CheckInWindows windows, Duration retention, Duration punctuateInterval,
            EscalationPolicy escalation, int highCraving, DecisionMetrics metrics) {
        this.windows = windows;
        this.retention = retention;
        this.punctuateInterval = punctuateInterval;
        this.metrics = metrics;
        this.missesToEscalate = escalation.missedCheckIns();
        this.chains = new EscalationChains(escalation, metrics);
        this.risky = new RiskyAnswers(highCraving, escalation.cleanDaysBeforeUse(), chains);
        this.milestones = new Milestones(metrics);
    }

    /** The names of every store this processor uses. */
    public static List<String> stores() {
        List<String> all = new ArrayList<>(CheckInStores.ALL);
        all.addAll(EscalationStores.ALL);
        all.add(RiskyAnswers.HISTORY);
        all.addAll(Milestones.STORES);
        return all;
    }

    /** The builders of every store this processor uses. */
    public static List<StoreBuilder<?>> storeBuilders() {
        List<StoreBuilder<?>> all = new ArrayList<>(CheckInStores.builders());
        all.addAll(EscalationStores.builders());
        all.add(RiskyAnswers.storeBuilder());
        all.addAll(Milestones.builders());
        return all;
    }

    /** The notification id of one intent to the member about one check-in; stable across reprocessing. */
    public static String notificationId(String memberId, OutreachKind kind, String checkInId) {
        return Outbox.notificationId(memberId, kind, checkInId, Recipient.MEMBER.key());
    }

    @Override
    public void init(ProcessorContext<String, Decision> context) {
        this.context = context;
        this.checkIns = context.getStateStore(CheckInStores.CHECK_INS);
        this.deadlines = context.getStateStore(CheckInStores.DEADLINES);
        this.misses = context.getStateStore(CheckInStores.CONSECUTIVE_MISSES);
        this.members = context.getStateStore(CheckInStores.MEMBER_FACTS);
        this.chains.init(context, members::get);
        this.risky.init(context);
        this.milestones.init(context, members::get);
        this.ticker = context.schedule(punctuateInterval, PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<String, LifecycleInput> record) {
        if (record.value() == null) {
            return;
        }
        String named = record.value().valueMemberId();
        if (named != null && !named.equals(record.key())) {
            // Keyed by another member: it sits in the wrong partition and its decisions would use the wrong state.
            throw new IllegalArgumentException("record key is not the memberId of its value");
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        causeTimestamp = record.timestamp();
        try (var m = LogFields.put(LogFields.MEMBER_ID, record.key());
                var e = LogFields.put(LogFields.EVENT_ID, eventIdOf(record.value()))) {
            switch (record.value()) {
                case LifecycleInput.Due due -> onDue(due.due(), record.timestamp(), now);
                case LifecycleInput.Answer answer -> onAnswer(answer.answer(), record.timestamp(), now);
                case LifecycleInput.Help help -> onHelp(help.request(), now);
                case LifecycleInput.Profile profile -> onProfile(profile.memberId(), profile.profile(), now);
                case LifecycleInput.ContactAction action -> onContactAction(action.action(), now);
            }
        }
    }

    private static String eventIdOf(LifecycleInput input) {
        return switch (input) {
            case LifecycleInput.Due due -> due.due().eventId();
            case LifecycleInput.Answer answer -> answer.answer().eventId();
            case LifecycleInput.Help help -> help.request().eventId();
            case LifecycleInput.Profile profile -> profile.profile() == null ? "erasure" : profile.profile().eventId();
            case LifecycleInput.ContactAction action -> action.action().eventId();
        };
    }

    private void onContactAction(ContactActionEvent action, Instant now) {
        String memberId = action.memberId();
        switch (action) {
            case EscalationAcknowledged ack -> {
                try (var e = LogFields.put(LogFields.ESCALATION_ID, ack.escalationId())) {
                    chains.acknowledged(memberId, ack.escalationId(), ack.contactId(), now, outbox);
                }
            }
            // The profile snapshot is the source of truth; these only take effect before it arrives.
            case ContactConfirmed c -> contactState(memberId, c.contactId(), ContactState.CONFIRMED);
            case ContactDeclined d -> contactState(memberId, d.contactId(), ContactState.DECLINED);
            case ContactUnsubscribed u -> contactState(memberId, u.contactId(), ContactState.UNSUBSCRIBED);
        }
    }

    private void contactState(String memberId, String contactId, ContactState state) {
        MemberFacts facts = members.get(memberId);
        if (facts != null) {
            members.put(memberId, facts.withContactState(contactId, state));
        }
    }

    private void onDue(CheckInDue due, long timestamp, Instant now) {
        String memberId = due.memberId();
        String key = CheckInStores.checkInKey(memberId, due.checkInId());
        if (checkIns.get(key) != null) {
            log.debug("check-in {} of member {} is already tracked; repeat ignored", due.checkInId(), memberId);
            return;
        }
        MemberFacts member = members.get(memberId);
        if (member != null && !member.active()) {
            log.info("check-in {} not prompted: member {} is {}", due.checkInId(), memberId, member.standing());
            metrics.dueIgnored("inactive");
            return;
        }
        if (!now.isBefore(due.respondBy())) {
            log.info("check-in {} of member {} arrived after its respondBy; not prompted", due.checkInId(), memberId);
            metrics.dueIgnored("expired");
            return;
        }
        Instant lateAt = windows.lateAt(due.dueAt(), due.respondBy(), member);
        // A catch-up due that arrives after its grace gets its prompt but no immediate second reminder.
        boolean remind = lateAt.isAfter(now);
        TrackedCheckIn tracked = new TrackedCheckIn(memberId, due.checkInId(), due.dueAt(), due.respondBy(),
                remind ? lateAt : null, Phase.OPEN, null);
        checkIns.put(key, tracked);
        // One pending deadline per check-in: the late one first; it schedules the missed one when it fires.
        schedule(remind ? new Deadline(memberId, due.checkInId(), Deadline.Kind.LATE, lateAt)
                : new Deadline(memberId, due.checkInId(), Deadline.Kind.MISSED, due.respondBy()));
        emitIntent(memberId, OutreachKind.CHECK_IN_PROMPT, tracked, Map.of("respondBy", due.respondBy().toString()),
                due.respondBy(), timestamp, now);
    }

    private void onAnswer(CheckInAnswered answer, long timestamp, Instant now) {
        String memberId = answer.memberId();
        String key = CheckInStores.checkInKey(memberId, answer.checkInId());
        TrackedCheckIn tracked = checkIns.get(key);
        if (tracked == null) {
            // Still read for what it says: a request for help must never be lost to a purged check-in.
            log.info("answer for unknown check-in {} of member {}: not recorded", answer.checkInId(), memberId);
            metrics.unknownAnswer();
            // Any answer shows the member is there: the run of misses ends.
            misses.delete(memberId);
            risky.answered(answer, members.get(memberId), false, now, outbox);
            return;
        }
        if (tracked.phase() == Phase.COMPLETED) {
            onAnotherAnswer(key, tracked, answer, now);
            return;
        }
        misses.delete(memberId);
        boolean late = switch (tracked.phase()) {
            case OPEN, LATE, CANCELLED -> {
                unschedulePending(tracked);
                schedule(purgeOf(tracked));
                yield answer.occurredAt().isAfter(tracked.respondBy());
            }
            case MISSED -> true;
            case COMPLETED -> throw new IllegalStateException("a completed check-in is answered again, not completed");
        };
        checkIns.put(key, tracked.answeredWith(answer.status()));
        emitStatus(CheckInCompleted.of(memberId, tracked.checkInId(), tracked.dueAt(), answer.occurredAt(), late, now),
                timestamp);
        metrics.completed(late);
        int streak = risky.answered(answer, members.get(memberId), true, now, outbox);
        milestones.answeredStreak(memberId, streak, now, outbox);
    }

    /**
     * A further answer to a completed check-in, through another of its links. One that asks for
     * more than every earlier answer ("need help now" after "ok") is acted on like a first answer,
     * without completing the check-in again or extending the run of answered check-ins; any other
     * changes nothing, so "ok" after "need help now" leaves the escalation the first one opened.
     */
    private void onAnotherAnswer(String key, TrackedCheckIn tracked, CheckInAnswered answer, Instant now) {
        String memberId = answer.memberId();
        if (!tracked.moreSevereThanAnswered(answer.status())) {
            log.debug("further answer {} to completed check-in {} of member {}: nothing new", answer.eventId(),
                    tracked.checkInId(), memberId);
            return;
        }
        log.info("further answer {} to completed check-in {} of member {} acted on", answer.eventId(),
                tracked.checkInId(), memberId);
        misses.delete(memberId);
        checkIns.put(key, tracked.answeredWith(answer.status()));
        risky.answeredAgain(answer, members.get(memberId), now, outbox);
    }

    /** "I need help now" outside a check-in: completes nothing, ends no run of misses, resolves nothing. */
    private void onHelp(HelpRequested request, Instant now) {
        log.info("member {} asked for help (request {})", request.memberId(), request.requestId());
        metrics.helpRequested();
        risky.helpRequested(request, now, outbox);
    }

    private void onProfile(String memberId, MemberProfile profile, Instant now) {
        if (memberId == null) {
            return;
        }
        if (profile == null) {
            erase(memberId);
            return;
        }
        MemberFacts known = members.get(memberId);
        if (known != null && known.revision() > profile.revision()) {
            log.debug("older profile revision {} of member {} ignored", profile.revision(), memberId);
            return;
        }
        MemberFacts facts = MemberFacts.of(profile);
        members.put(memberId, facts);
        if (!facts.active()) {
            cancelOpen(memberId);
        }
        Unsubscribes.decide(memberId, known, facts, now, outbox);
        Invitations.decide(memberId, known, facts, now, outbox);
        milestones.profile(memberId, facts, now);
    }

    /** The member left, paused or unsubscribed: nothing is reminded or missed for check-ins still open. */
    private void cancelOpen(String memberId) {
        for (TrackedCheckIn tracked : trackedOf(memberId)) {
            if (tracked.awaitingAnswer()) {
                unschedulePending(tracked);
                schedule(purgeOf(tracked));
                checkIns.put(CheckInStores.checkInKey(memberId, tracked.checkInId()), tracked.in(Phase.CANCELLED));
                log.info("check-in {} of member {} cancelled: member no longer active", tracked.checkInId(), memberId);
            }
        }
    }

    /** The profile tombstone: forget everything this service holds about the member. */
    private void erase(String memberId) {
        for (TrackedCheckIn tracked : trackedOf(memberId)) {
            unschedulePending(tracked);
            deadlines.delete(purgeOf(tracked).key());
            checkIns.delete(CheckInStores.checkInKey(memberId, tracked.checkInId()));
        }
        misses.delete(memberId);
        members.delete(memberId);
        chains.erase(memberId);
        risky.erase(memberId);
        milestones.erase(memberId);
        log.info("member {} erased from decision state", memberId);
    }

    private List<TrackedCheckIn> trackedOf(String memberId) {
        List<TrackedCheckIn> found = new ArrayList<>();
        try (KeyValueIterator<String, TrackedCheckIn> it =
                checkIns.prefixScan(CheckInStores.memberPrefix(memberId), new StringSerializer())) {
            it.forEachRemaining(kv -> found.add(kv.value));
        }
        return found;
    }

    /** One wall-clock tick: handles every deadline at or before now, oldest first, and removes it. */
    void tick(long nowMs) {
        causeTimestamp = nowMs;
        tickCheckIns(nowMs);
        chains.tick(nowMs, outbox);
        milestones.tick(nowMs, outbox);
    }

    private void tickCheckIns(long nowMs) {
        // A late deadline schedules the missed one; after a clock jump that may be due already, so scan again.
        List<KeyValue<String, Deadline>> due = dueBy(nowMs);
        while (!due.isEmpty()) {
            handle(due, nowMs);
            due = dueBy(nowMs);
        }
    }

    private List<KeyValue<String, Deadline>> dueBy(long nowMs) {
        List<KeyValue<String, Deadline>> due = new ArrayList<>();
        try (KeyValueIterator<String, Deadline> it = deadlines.range(null, Deadline.upTo(nowMs))) {
            it.forEachRemaining(due::add);
        }
        return due;
    }

    private void handle(List<KeyValue<String, Deadline>> due, long nowMs) {
        Instant now = Instant.ofEpochMilli(nowMs);
        for (KeyValue<String, Deadline> entry : due) {
            deadlines.delete(entry.key);
            Deadline deadline = entry.value;
            String key = CheckInStores.checkInKey(deadline.memberId(), deadline.checkInId());
            TrackedCheckIn tracked = checkIns.get(key);
            if (tracked == null) {
                continue;
            }
            switch (deadline.kind()) {
                case LATE -> onLate(key, tracked, nowMs, now);
                case MISSED -> onMissed(key, tracked, nowMs, now);
                case PURGE -> checkIns.delete(key);
            }
        }
    }

    private void onLate(String key, TrackedCheckIn tracked, long nowMs, Instant now) {
        if (tracked.phase() != Phase.OPEN) {
            return;
        }
        checkIns.put(key, tracked.in(Phase.LATE));
        schedule(new Deadline(tracked.memberId(), tracked.checkInId(), Deadline.Kind.MISSED, tracked.respondBy()));
        emitStatus(CheckInLate.of(tracked.memberId(), tracked.checkInId(), tracked.dueAt(), now), nowMs);
        emitIntent(tracked.memberId(), OutreachKind.LATE_REMINDER, tracked,
                Map.of("respondBy", tracked.respondBy().toString()), tracked.respondBy(), nowMs, now);
        metrics.late();
    }

    private void onMissed(String key, TrackedCheckIn tracked, long nowMs, Instant now) {
        if (!tracked.awaitingAnswer()) {
            return;
        }
        Integer before = misses.get(tracked.memberId());
        int consecutive = (before == null ? 0 : before) + 1;
        misses.put(tracked.memberId(), consecutive);
        checkIns.put(key, tracked.in(Phase.MISSED));
        schedule(purgeOf(tracked));
        emitStatus(CheckInMissed.of(tracked.memberId(), tracked.checkInId(), tracked.dueAt(), consecutive, now), nowMs);
        emitIntent(tracked.memberId(), OutreachKind.MISSED_CHECK_IN, tracked,
                Map.of("consecutiveMisses", Integer.toString(consecutive)), null, nowMs, now);
        metrics.missed();
        risky.missed(tracked.memberId());
        if (consecutive >= missesToEscalate) {
            chains.signal(tracked.memberId(), EscalationReason.MISSED_CHECK_INS, tracked.checkInId(), now, outbox);
        }
    }

    private Deadline purgeOf(TrackedCheckIn tracked) {
        return new Deadline(tracked.memberId(), tracked.checkInId(), Deadline.Kind.PURGE,
                tracked.respondBy().plus(retention));
    }

    private void schedule(Deadline deadline) {
        deadlines.put(deadline.key(), deadline);
    }

    /** Removes the pending deadline of a check-in that no longer awaits an answer (late while open, else missed). */
    private void unschedulePending(TrackedCheckIn tracked) {
        if (!tracked.awaitingAnswer()) {
            return;
        }
        if (tracked.phase() == Phase.OPEN && tracked.lateAt() != null) {
            deadlines.delete(new Deadline(tracked.memberId(), tracked.checkInId(), Deadline.Kind.LATE, tracked.lateAt()).key());
        } else {
            deadlines.delete(new Deadline(tracked.memberId(), tracked.checkInId(), Deadline.Kind.MISSED, tracked.respondBy()).key());
        }
    }

    private void emitIntent(String memberId, OutreachKind kind, TrackedCheckIn tracked, Map<String, String> data,
            Instant expiresAt, long timestamp, Instant now) {
        OutreachRequest request = OutreachRequest.builder(memberId, notificationId(memberId, kind, tracked.checkInId()), kind)
                .to(Recipient.MEMBER)
                .urgency(Urgency.SCHEDULED)
                .checkInId(tracked.checkInId())
                .expiresAt(expiresAt)
                .data(data)
                .build(now);
        context.forward(new Record<>(memberId, new Decision.Intent(request), timestamp));
        metrics.intent(kind);
    }

    private void forwardIntent(OutreachRequest request) {
        context.forward(new Record<>(request.memberId(), new Decision.Intent(request), causeTimestamp));
        metrics.intent(request.kind());
    }

    private void emitStatus(CheckInStatusEvent status, long timestamp) {
        context.forward(new Record<>(status.memberId(), new Decision.Status(status), timestamp));
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.cancel();
        }
    }
}
