package org.aftercare.streams.flags;

import static org.aftercare.streams.outbox.Codes.code;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.aftercare.events.Ids;
import org.aftercare.events.checkin.CheckInAnswered;
import org.aftercare.events.checkin.HelpRequested;
import org.aftercare.events.checkin.MeasureCompleted;
import org.aftercare.events.flag.CaseFlag;
import org.aftercare.events.flag.FlagChange;
import org.aftercare.events.flag.FlagOutcome;
import org.aftercare.events.flag.FlagReason;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.flag.FlagState;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.risk.RiskTier;
import org.aftercare.events.staff.AlertCadence;
import org.aftercare.events.staff.CareTeam;
import org.aftercare.events.staff.FlagAcknowledged;
import org.aftercare.events.staff.FlagContacted;
import org.aftercare.events.staff.FlagResolved;
import org.aftercare.events.staff.StaffActionEvent;
import org.aftercare.streams.deadline.DeadlineIndex;
import org.aftercare.streams.member.MemberFacts;
import org.aftercare.streams.member.MemberState;
import org.aftercare.streams.metrics.DecisionMetrics;
import org.aftercare.streams.outbox.Codes;
import org.aftercare.streams.outbox.Outbox;
import org.aftercare.streams.risk.TierLookup;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Staff flags, the program's own red flags to a member's care team (DESIGN.md, "Policies"). In:
 * what a member's answers, misses, help requests and contacts say, the member's care team, staff
 * actions and wall-clock ticks. Out, through a {@link FlagOutbox}: every flag change for
 * {@code case.flags} (the whole flag, change numbers from 1), {@code STAFF_FLAG} intents, and each
 * flag as every care-team member's digest sees it ({@link FlagItem}, for {@link StaffDigests}).
 *
 * <p>The rules ({@link FlagReason} carries each one's severity): critical: "need help now"
 * (answered or pressed outside a check-in), use reported in the very-high or high tier; high: use
 * reported in the standard tier, one missed check-in in the very-high tier, two in a row otherwise,
 * a craving at or above {@link FlagPolicy#highCraving()} twice running; medium: fewer than half of
 * the check-ins that closed in the last {@value FlagPolicy#ANSWER_RATE_DAYS} days answered (once at
 * least {@value FlagPolicy#ANSWER_RATE_MIN_CHECK_INS} closed; checked at each miss, counted from when
 * each check-in closed), a mood of 1-2 three times running, a contact declined (the action, or a
 * profile in which a known contact turned declined). While a member's flag is live (open, acknowledged, contacted) a new signal
 * updates it (reasons, evidence and categories grow, the severity only rises) instead of raising
 * another; a flag is raised again only after it was resolved.
 *
 * <p>Alerts: a critical flag (raised, or risen to critical) goes to every active staff member of
 * the care team and on-call at once, URGENT; a high or medium one to each active care-team member
 * who takes that severity {@link AlertCadence#IMMEDIATELY} (the others see it in their digest),
 * and to on-call when the member has no active care-team member. A flag left open (unacknowledged)
 * past its severity's timeout moves on along the chain: the active care-team members in order
 * (primary first), then on-call, each step a {@code reassigned} change and one intent. Staff
 * actions move a flag open → acknowledged → contacted → resolved; one for a flag that is not the
 * member's current one, or is resolved, is ignored (logged with ids).
 *
 * <p>Ids are deterministic: the flag id from the signal that raised it ({@link #flagId}), each
 * event's from the flag and change number, each intent's from the member, flag, change number and
 * recipient. Flags carry codes and ids only: never answers, notes or names.
 */
public final class StaffFlags implements MemberState {

    private static final Logger log = LoggerFactory.getLogger(StaffFlags.class);

    /** One rule that fired: the ids behind it and the answer category it reports (null for none). */
    private record Signal(FlagReason reason, List<String> evidence, String category) {}

    private final FlagPolicy policy;
    private final TierLookup tiers;
    private final DecisionMetrics metrics;
    private KeyValueStore<String, LiveFlag> flags;
    private KeyValueStore<String, FlagSignals> signals;
    private KeyValueStore<String, CareTeam> teams;
    private DeadlineIndex<FlagDeadline> deadlines;
    private StaffDirectory directory;

    public StaffFlags(FlagPolicy policy, TierLookup tiers, DecisionMetrics metrics) {
        this.policy = policy;
        this.tiers = tiers;
        this.metrics = metrics;
    }

    /** Binds the stores {@link FlagStores} and the global {@link StaffDirectory}. */
    public void init(ProcessorContext<?, ?> context) {
        this.flags = context.getStateStore(FlagStores.FLAGS);
        this.signals = context.getStateStore(FlagStores.SIGNALS);
        this.teams = context.getStateStore(FlagStores.CARE_TEAMS);
        KeyValueStore<String, FlagDeadline> deadlineStore = context.getStateStore(FlagStores.DEADLINES);
        this.deadlines = new DeadlineIndex<>(deadlineStore, FlagDeadline::key);
        this.directory = StaffDirectory.of(context);
    }

    /** The flag id a signal raises, e.g. {@code need-help:<checkInId>}: the same signal seen twice is one flag. */
    public static String flagId(String memberId, FlagReason reason, String evidenceId) {
        return Ids.flagId(memberId, code(reason) + ":" + evidenceId);
    }

    /** The notification id of one alert about one change of a flag to one recipient. */
    public static String alertId(String memberId, String flagId, int change, Recipient recipient) {
        return Outbox.notificationId(
                memberId, OutreachKind.STAFF_FLAG, flagId, Integer.toString(change), recipient.key());
    }

    /** The member's latest flag (live, or resolved until the next one), or null. */
    public LiveFlag current(String memberId) {
        return flags.get(memberId);
    }

    /**
     * The member answered a check-in: what its status says (acted on for every answer, in any state
     * of the check-in) and, for the first answer to a check-in ({@code first}), the runs of high
     * cravings and low moods. {@code completed}: it completed a tracked check-in (counted answered
     * in the answer rate).
     */
    public void answered(CheckInAnswered answer, boolean first, boolean completed, Instant now, FlagOutbox out) {
        String memberId = answer.memberId();
        String checkInId = answer.checkInId();
        List<Signal> fired = new ArrayList<>();
        switch (answer.status()) {
            case NEED_HELP -> fired.add(new Signal(FlagReason.NEED_HELP, List.of(checkInId), "need-help"));
            case USED -> {
                RiskTier tier = tiers.tierAt(memberId, answer.occurredAt());
                FlagReason reason = tier.elevated() ? FlagReason.USE_IN_ELEVATED_TIER : FlagReason.USE_REPORTED;
                fired.add(new Signal(reason, List.of(checkInId), "used"));
            }
            case OK, STRUGGLING -> {}
        }
        if (first) {
            boolean high = answer.craving() != null && answer.craving() >= policy.highCraving();
            boolean low = answer.mood() != null && answer.mood() <= FlagPolicy.LOW_MOOD;
            FlagSignals s = signalsOf(memberId).cravings(high, checkInId).moods(low, checkInId);
            if (completed) {
                s = s.closed(checkInId, now, true);
            }
            signals.put(memberId, s);
            if (s.highCravings().size() >= FlagPolicy.HIGH_CRAVINGS_IN_A_ROW) {
                fired.add(new Signal(FlagReason.HIGH_CRAVING, s.highCravings(), "craving-high"));
            }
            if (s.lowMoods().size() >= FlagPolicy.LOW_MOODS_IN_A_ROW) {
                fired.add(new Signal(FlagReason.LOW_MOOD, s.lowMoods(), "mood-low"));
            }
        }
        signal(memberId, fired, now, out);
    }

    /** "I need help now" outside a check-in: a critical signal named by the request. */
    public void helpRequested(HelpRequested request, Instant now, FlagOutbox out) {
        signal(
                request.memberId(),
                List.of(new Signal(FlagReason.NEED_HELP, List.of(request.requestId()), "need-help")),
                now,
                out);
    }

    /**
     * A finished questionnaire: one signal per raised flag rule, its reason by the rule's severity
     * (critical, high, medium measure), named by the response and the rule's id (a code of the
     * definition, never an answer).
     */
    public void measureCompleted(MeasureCompleted measure, Instant now, FlagOutbox out) {
        List<Signal> fired = new ArrayList<>();
        for (MeasureCompleted.RaisedRule rule : measure.flags()) {
            FlagReason reason = switch (rule.severity()) {
                case CRITICAL -> FlagReason.CRITICAL_MEASURE;
                case HIGH -> FlagReason.HIGH_MEASURE;
                case MEDIUM -> FlagReason.MEDIUM_MEASURE;
            };
            fired.add(new Signal(reason, List.of(measure.responseId()), measure.instrumentId() + ":" + rule.rule()));
        }
        signal(measure.memberId(), fired, now, out);
    }

    /**
     * A check-in was missed, the {@code consecutive}-th in a row. Its tier is the one at
     * {@code dueAt}, which chose its windows: a very-high check-in whose respondBy falls on the
     * first high day is still missed in the very-high tier.
     */
    public void missed(String memberId, String checkInId, Instant dueAt, int consecutive, Instant now, FlagOutbox out) {
        FlagSignals s = signalsOf(memberId).closed(checkInId, now, false);
        signals.put(memberId, s);
        List<Signal> fired = new ArrayList<>();
        if (tiers.tierAt(memberId, dueAt) == RiskTier.VERY_HIGH) {
            fired.add(new Signal(FlagReason.MISSED_IN_VERY_HIGH_TIER, List.of(checkInId), null));
        } else if (consecutive >= FlagPolicy.MISSES_IN_A_ROW) {
            List<String> run = s.trailingMisses();
            List<String> evidence = run.size() > consecutive ? run.subList(run.size() - consecutive, run.size()) : run;
            fired.add(new Signal(FlagReason.CONSECUTIVE_MISSES, evidence, null));
        }
        List<FlagSignals.Outcome> closed = s.recent();
        long answered = closed.stream().filter(FlagSignals.Outcome::answered).count();
        if (closed.size() >= FlagPolicy.ANSWER_RATE_MIN_CHECK_INS && answered * 2 < closed.size()) {
            List<String> misses = closed.stream()
                    .filter(o -> !o.answered())
                    .map(FlagSignals.Outcome::checkInId)
                    .toList();
            fired.add(new Signal(FlagReason.LOW_ANSWER_RATE, misses, null));
        }
        signal(memberId, fired, now, out);
    }

    /** A support contact declined the member's invitation ({@code contact.actions}). */
    public void contactDeclined(String memberId, String contactId, Instant now, FlagOutbox out) {
        signal(memberId, List.of(new Signal(FlagReason.CONTACT_DECLINED, List.of(contactId), null)), now, out);
    }

    /** A profile snapshot: a known contact that is declined now and was not before is a signal. */
    public void profile(String memberId, MemberFacts before, MemberFacts after, Instant now, FlagOutbox out) {
        if (before == null) {
            return;
        }
        for (MemberFacts.Contact contact : after.contacts()) {
            if (contact.state() != ContactState.DECLINED) {
                continue;
            }
            boolean wasOther = before.contacts().stream()
                    .anyMatch(c -> c.contactId().equals(contact.contactId()) && c.state() != ContactState.DECLINED);
            if (wasOther) {
                contactDeclined(memberId, contact.contactId(), now, out);
            }
        }
    }

    /**
     * The member's care team changed ({@code team} null: it was removed). An older revision is
     * ignored. Staff who left the team stop seeing the live flag in their digests; those who joined
     * start to.
     */
    public void careTeam(String memberId, CareTeam team, Instant now, FlagOutbox out) {
        CareTeam known = teams.get(memberId);
        if (team != null && known != null && known.revision() > team.revision()) {
            log.debug("older care-team revision {} of member {} ignored", team.revision(), memberId);
            return;
        }
        List<String> before = known == null ? List.of() : known.members();
        List<String> after = team == null ? List.of() : team.members();
        if (team == null) {
            teams.delete(memberId);
        } else {
            teams.put(memberId, team);
        }
        log.info("member {}: care team of {} staff (was {})", memberId, after.size(), before.size());
        LiveFlag live = flags.get(memberId);
        if (live == null || !live.flag().state().live()) {
            return;
        }
        CaseFlag f = live.flag();
        for (String staffId : before) {
            if (!after.contains(staffId)) {
                out.staffItem(FlagItem.removed(staffId, memberId, f.flagId(), now));
            }
        }
        for (String staffId : after) {
            if (!before.contains(staffId)) {
                out.staffItem(itemFor(staffId, f, now));
            }
        }
    }

    /** A staff member acted on a flag: it moves on (open → acknowledged → contacted → resolved) and stops its timeout. */
    public void staffAction(StaffActionEvent action, Instant now, FlagOutbox out) {
        String memberId = action.memberId();
        LiveFlag live = flags.get(memberId);
        if (live == null || !live.flag().flagId().equals(action.flagId())) {
            log.info(
                    "member {}: {} by staff {} for flag {}, which is not the member's current flag; ignored",
                    memberId,
                    action.type(),
                    action.staffId(),
                    action.flagId());
            return;
        }
        CaseFlag f = live.flag();
        if (!f.state().live()) {
            log.info(
                    "member {}: {} by staff {} for flag {}, which is resolved; ignored",
                    memberId,
                    action.type(),
                    action.staffId(),
                    action.flagId());
            return;
        }
        Draft d = new Draft(f);
        FlagChange what;
        switch (action) {
            case FlagAcknowledged a -> {
                if (f.state() != FlagState.OPEN) {
                    log.debug(
                            "member {}: flag {} already {}; acknowledgement ignored", memberId, f.flagId(), f.state());
                    return;
                }
                d.state = FlagState.ACKNOWLEDGED;
                d.acknowledgedBy = a.staffId();
                d.acknowledgedAt = a.occurredAt();
                what = FlagChange.ACKNOWLEDGED;
            }
            case FlagContacted c -> {
                if (f.state() == FlagState.CONTACTED) {
                    log.debug("member {}: flag {} already contacted; ignored", memberId, f.flagId());
                    return;
                }
                d.state = FlagState.CONTACTED;
                d.contactedBy = c.staffId();
                d.contactedAt = c.occurredAt();
                what = FlagChange.CONTACTED;
            }
            case FlagResolved r -> {
                d.state = FlagState.RESOLVED;
                d.resolvedBy = r.staffId();
                d.resolvedAt = r.occurredAt();
                d.outcome = r.outcome();
                what = FlagChange.RESOLVED;
            }
        }
        unschedule(live);
        CaseFlag next = d.next(what, now);
        flags.put(memberId, live.with(next, null));
        log.info("member {}: flag {} {} by staff {}", memberId, f.flagId(), code(what), action.staffId());
        metrics.flagActedOn(code(what));
        publish(next, now, out);
    }

    /** Handles every acknowledgement timeout at or before now, oldest first: the flag moves one step on. */
    public void tick(long nowMs, FlagOutbox out) {
        Instant now = Instant.ofEpochMilli(nowMs);
        deadlines.handleDue(nowMs, deadline -> {
            LiveFlag live = flags.get(deadline.memberId());
            if (live != null
                    && live.flag().flagId().equals(deadline.flagId())
                    && live.flag().state() == FlagState.OPEN
                    && deadline.at().equals(live.nextStepAt())) {
                reassign(live, now, out);
            }
        });
    }

    /** Before an erasure: the member's live flag leaves every care-team member's digest. */
    public void leaving(String memberId, Instant now, FlagOutbox out) {
        LiveFlag live = flags.get(memberId);
        if (live != null && live.flag().state().live()) {
            for (String staffId : teamOf(memberId)) {
                out.staffItem(FlagItem.removed(staffId, memberId, live.flag().flagId(), now));
            }
        }
    }

    @Override
    public void erase(String memberId) {
        LiveFlag live = flags.get(memberId);
        if (live != null) {
            unschedule(live);
            flags.delete(memberId);
        }
        signals.delete(memberId);
        teams.delete(memberId);
    }

    /** Raises a flag for what fired, or updates the member's live one. */
    private void signal(String memberId, List<Signal> fired, Instant now, FlagOutbox out) {
        if (fired.isEmpty()) {
            return;
        }
        LiveFlag live = flags.get(memberId);
        if (live != null && live.flag().state().live()) {
            update(live, fired, now, out);
            return;
        }
        if (live != null && alreadyOn(live.flag(), fired)) {
            // A replay (the same help request again) of what the resolved flag already said.
            log.debug(
                    "member {}: signal already on resolved flag {}; not raised again",
                    memberId,
                    live.flag().flagId());
            return;
        }
        Signal top = fired.stream()
                .min(Comparator.comparing((Signal s) -> s.reason().severity()))
                .orElseThrow();
        String flagId = flagId(memberId, top.reason(), top.evidence().getLast());
        Draft d = new Draft(memberId, flagId, now);
        fired.forEach(d::add);
        d.severity = severityOf(d.reasons);
        List<Recipient> recipients = alertRecipients(memberId, d.severity);
        recipients.forEach(d::alerted);
        CaseFlag raised = d.next(FlagChange.RAISED, now);
        // The chain starts at its first recipient (the primary, or on-call for a member with no active team).
        List<String> passed = List.of(keyOf(chainOf(memberId).getFirst()));
        Instant nextStepAt = nextStepAt(memberId, raised.severity(), passed, now);
        LiveFlag stored = new LiveFlag(raised, 0, nextStepAt, passed);
        flags.put(memberId, stored);
        schedule(stored);
        log.info(
                "member {}: flag {} raised ({}, {}), {} alerted",
                memberId,
                flagId,
                code(raised.severity()),
                codes(raised.reasons()),
                recipients.size());
        raised.reasons().forEach(r -> metrics.flagRaised(code(raised.severity()), code(r)));
        publish(raised, now, out);
        recipients.forEach(r -> alert(raised, r, now, out));
    }

    /** Another signal while the flag is live: it grows, and a rise in severity alerts as the new severity. */
    private void update(LiveFlag live, List<Signal> fired, Instant now, FlagOutbox out) {
        CaseFlag f = live.flag();
        Draft d = new Draft(f);
        Set<FlagReason> added = new TreeSet<>();
        boolean grew = false;
        for (Signal s : fired) {
            if (!f.reasons().contains(s.reason())) {
                added.add(s.reason());
            }
            grew |= d.add(s);
        }
        if (!grew) {
            return; // the same signal again: already on the flag
        }
        FlagSeverity severity = severityOf(d.reasons);
        boolean rose = severity.moreSevereThan(f.severity());
        d.severity = severity;
        List<Recipient> recipients = rose ? alertRecipients(f.memberId(), severity) : List.of();
        recipients.forEach(d::alerted);
        CaseFlag updated = d.next(FlagChange.UPDATED, now);
        LiveFlag stored = live.with(updated, live.nextStepAt());
        if (rose && updated.state() == FlagState.OPEN) {
            // The stricter timeout of the new severity counts from now.
            unschedule(live);
            stored = live.with(updated, nextStepAt(f.memberId(), severity, passedOf(live), now));
            schedule(stored);
        }
        flags.put(f.memberId(), stored);
        log.info(
                "member {}: flag {} updated ({}, {}){}",
                f.memberId(),
                f.flagId(),
                code(severity),
                codes(updated.reasons()),
                rose ? ", severity rose" : "");
        added.forEach(r -> metrics.flagUpdated(code(severity), code(r)));
        publish(updated, now, out);
        recipients.forEach(r -> alert(updated, r, now, out));
    }

    /** Does the flag already carry every reason and evidence id of what fired? */
    private static boolean alreadyOn(CaseFlag f, List<Signal> fired) {
        return fired.stream()
                .allMatch(s -> f.reasons().contains(s.reason()) && f.evidence().containsAll(s.evidence()));
    }

    /**
     * The flag was not acknowledged in time: the next recipient of the chain as it is now who has
     * not had it yet is alerted (a care team changed or a staff member deactivated meanwhile
     * neither skips nor repeats anyone).
     */
    private void reassign(LiveFlag live, Instant now, FlagOutbox out) {
        CaseFlag f = live.flag();
        List<String> passed = passedOf(live);
        Recipient recipient = nextOf(f.memberId(), passed);
        if (recipient == null) {
            flags.put(f.memberId(), live.with(f, null));
            return;
        }
        int step = live.step() + 1;
        List<String> passedNow = new ArrayList<>(passed);
        passedNow.add(keyOf(recipient));
        Draft d = new Draft(f);
        d.alerted(recipient);
        CaseFlag reassigned = d.next(FlagChange.REASSIGNED, now);
        LiveFlag stored =
                new LiveFlag(reassigned, step, nextStepAt(f.memberId(), f.severity(), passedNow, now), passedNow);
        flags.put(f.memberId(), stored);
        schedule(stored);
        log.warn(
                "member {}: flag {} ({}) not acknowledged in time; step {} alerts {}",
                f.memberId(),
                f.flagId(),
                code(f.severity()),
                step,
                recipient.key());
        metrics.flagReassigned(code(f.severity()));
        publish(reassigned, now, out);
        alert(reassigned, recipient, now, out);
    }

    /** Who hears of a flag of this severity now (raised, or risen to it). */
    private List<Recipient> alertRecipients(String memberId, FlagSeverity severity) {
        List<String> active = activeTeam(memberId);
        List<Recipient> recipients = new ArrayList<>();
        if (severity == FlagSeverity.CRITICAL) {
            active.forEach(id -> recipients.add(Recipient.staff(id)));
            recipients.add(Recipient.ON_CALL);
        } else if (active.isEmpty()) {
            recipients.add(Recipient.ON_CALL);
        } else {
            for (String id : active) {
                if (directory.get(id).cadenceFor(severity) == AlertCadence.IMMEDIATELY) {
                    recipients.add(Recipient.staff(id));
                }
            }
        }
        return recipients;
    }

    /** The acknowledgement chain: the active care-team members in order (primary first), then on-call. */
    private List<Recipient> chainOf(String memberId) {
        List<Recipient> chain = new ArrayList<>();
        activeTeam(memberId).forEach(id -> chain.add(Recipient.staff(id)));
        chain.add(Recipient.ON_CALL);
        return chain;
    }

    /**
     * When a flag the chain has {@code passed} through moves on, or null (a severity that never
     * does, or nobody left in the chain).
     */
    private Instant nextStepAt(String memberId, FlagSeverity severity, List<String> passed, Instant now) {
        Duration timeout = policy.ackTimeout(severity);
        if (timeout == null || nextOf(memberId, passed) == null) {
            return null;
        }
        return now.plus(timeout);
    }

    /** The first recipient of the chain as it is now who has not had the flag, or null. */
    private Recipient nextOf(String memberId, List<String> passed) {
        return chainOf(memberId).stream()
                .filter(r -> !passed.contains(keyOf(r)))
                .findFirst()
                .orElse(null);
    }

    /**
     * Whom the chain has had the flag so far. An entry written before this was kept is read from
     * its step in the chain as it is now (what the engine did then).
     */
    private List<String> passedOf(LiveFlag live) {
        if (live.passed() != null) {
            return live.passed();
        }
        List<Recipient> chain = chainOf(live.flag().memberId());
        return chain.subList(0, Math.min(live.step() + 1, chain.size())).stream()
                .map(StaffFlags::keyOf)
                .toList();
    }

    /** How a recipient is named in a flag's {@code alerted} list and the chain it has passed. */
    private static String keyOf(Recipient recipient) {
        return recipient.staffId() != null ? recipient.staffId() : CaseFlag.ON_CALL;
    }

    private List<String> activeTeam(String memberId) {
        return teamOf(memberId).stream().filter(directory::active).toList();
    }

    private List<String> teamOf(String memberId) {
        CareTeam team = teams.get(memberId);
        return team == null ? List.of() : team.members();
    }

    /** The change on {@code case.flags}, and the flag as each care-team member's digest sees it. */
    private void publish(CaseFlag f, Instant now, FlagOutbox out) {
        out.flag(f);
        for (String staffId : teamOf(f.memberId())) {
            out.staffItem(itemFor(staffId, f, now));
        }
    }

    private static FlagItem itemFor(String staffId, CaseFlag f, Instant now) {
        return new FlagItem(
                staffId,
                f.memberId(),
                f.flagId(),
                f.severity(),
                f.reasons(),
                f.state(),
                f.what(),
                now,
                f.state().live());
    }

    private static void alert(CaseFlag f, Recipient recipient, Instant now, Outbox out) {
        out.intent(OutreachRequest.builder(
                        f.memberId(), alertId(f.memberId(), f.flagId(), f.change(), recipient), OutreachKind.STAFF_FLAG)
                .to(recipient)
                .urgency(f.severity() == FlagSeverity.CRITICAL ? Urgency.URGENT : Urgency.ROUTINE)
                .data(Map.of(
                        "flagId",
                        f.flagId(),
                        "severity",
                        code(f.severity()),
                        "reasons",
                        codes(f.reasons()),
                        "change",
                        code(f.what())))
                .build(now));
    }

    private void schedule(LiveFlag live) {
        if (live.nextStepAt() != null) {
            deadlines.put(new FlagDeadline(live.flag().memberId(), live.flag().flagId(), live.nextStepAt()));
        }
    }

    private void unschedule(LiveFlag live) {
        if (live.nextStepAt() != null) {
            deadlines.remove(
                    new FlagDeadline(live.flag().memberId(), live.flag().flagId(), live.nextStepAt()));
        }
    }

    private FlagSignals signalsOf(String memberId) {
        FlagSignals s = signals.get(memberId);
        return s == null ? FlagSignals.NONE : s;
    }

    private static FlagSeverity severityOf(Set<FlagReason> reasons) {
        return reasons.stream()
                .map(FlagReason::severity)
                .min(Comparator.naturalOrder())
                .orElseThrow();
    }

    /** Reason codes, comma-separated, in the reasons' order. */
    static String codes(Set<FlagReason> reasons) {
        return reasons.stream().map(Codes::code).collect(Collectors.joining(","));
    }

    /** A flag being changed: a copy of its latest fields, built into the next change. */
    private static final class Draft {
        final String memberId;
        final String flagId;
        int change;
        FlagSeverity severity;
        FlagState state;
        final Set<FlagReason> reasons;
        final Set<String> evidence;
        final Set<String> categories;
        final Instant raisedAt;
        final Set<String> alerted;
        String acknowledgedBy;
        Instant acknowledgedAt;
        String contactedBy;
        Instant contactedAt;
        String resolvedBy;
        Instant resolvedAt;
        FlagOutcome outcome;

        Draft(String memberId, String flagId, Instant now) {
            this.memberId = memberId;
            this.flagId = flagId;
            this.change = 0;
            this.state = FlagState.OPEN;
            this.reasons = new TreeSet<>();
            this.evidence = new LinkedHashSet<>();
            this.categories = new TreeSet<>();
            this.raisedAt = now;
            this.alerted = new LinkedHashSet<>();
        }

        Draft(CaseFlag f) {
            this.memberId = f.memberId();
            this.flagId = f.flagId();
            this.change = f.change();
            this.severity = f.severity();
            this.state = f.state();
            this.reasons = new TreeSet<>(f.reasons());
            this.evidence = new LinkedHashSet<>(f.evidence());
            this.categories = new TreeSet<>(f.categories());
            this.raisedAt = f.raisedAt();
            this.alerted = new LinkedHashSet<>(f.alerted());
            this.acknowledgedBy = f.acknowledgedBy();
            this.acknowledgedAt = f.acknowledgedAt();
            this.contactedBy = f.contactedBy();
            this.contactedAt = f.contactedAt();
            this.resolvedBy = f.resolvedBy();
            this.resolvedAt = f.resolvedAt();
            this.outcome = f.outcome();
        }

        /** Adds what a signal says; true when anything was new. */
        boolean add(Signal s) {
            boolean grew = reasons.add(s.reason());
            grew |= evidence.addAll(s.evidence());
            if (s.category() != null) {
                grew |= categories.add(s.category());
            }
            return grew;
        }

        void alerted(Recipient recipient) {
            alerted.add(keyOf(recipient));
        }

        CaseFlag next(FlagChange what, Instant now) {
            change++;
            return new CaseFlag(
                    "case.flag:" + flagId + ":" + change,
                    CaseFlag.SCHEMA_VERSION,
                    now,
                    memberId,
                    flagId,
                    change,
                    what,
                    severity,
                    state,
                    reasons,
                    List.copyOf(evidence),
                    categories,
                    raisedAt,
                    now,
                    List.copyOf(alerted),
                    acknowledgedBy,
                    acknowledgedAt,
                    contactedBy,
                    contactedAt,
                    resolvedBy,
                    resolvedAt,
                    outcome);
        }
    }
}
