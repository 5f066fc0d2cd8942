package org.aftercare.streams.escalation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.aftercare.events.Ids;
import org.aftercare.events.contact.ReachReported;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.streams.deadline.DeadlineIndex;
import org.aftercare.streams.escalation.Escalation.Phase;
import org.aftercare.streams.member.MemberFacts;
import org.aftercare.streams.member.MemberState;
import org.aftercare.streams.metrics.DecisionMetrics;
import org.aftercare.streams.outbox.Outbox;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Escalation chains, as on-call escalation policies work: a signal (consecutive missed check-ins,
 * "need help now" answered or pressed outside a check-in, "used" after a clean stretch) opens an
 * escalation that alerts the member's support contacts who confirmed and whose consent scope
 * covers that kind of alert: one at a time, in profile order, for silence and use; every one of
 * them at once (one intent each) for "need help now". Each step waits {@code ackTimeout} for "I've
 * reached out"; then the next recipient (for "need help now", all of them again) is alerted,
 * looping at most {@code maxLoops} times, after which the chain is exhausted (counted, logged with
 * ids, and the on-call address is told). A chain with nobody to alert but the on-call address
 * alerts it once and is exhausted at once: no step is waited out for nobody.
 *
 * <p>"I've reached out" sends everyone alerted an all-clear and, {@code followUpAfter} later, asks
 * that contact whether they reached the member ({@code CONTACT_FOLLOW_UP}); "yes"
 * ({@link ReachReported} reached) closes the escalation for good, "not yet" or no answer within
 * {@code followUpAfter} reopens it: alerts resume from the start of the chain. The member's next
 * answer resolves it whenever it comes. Within the cooldown after one escalation opened, another
 * opens only for a more severe signal.
 *
 * <p>Used by {@code decisions.MemberDecisions}: it owns the stores {@link EscalationStores} (the
 * deadlines in a {@link DeadlineIndex}, one pass per tick) and is driven by signals, contact
 * actions, answers and wall-clock ticks. Every id is deterministic:
 * the escalation id comes from the signal (the check-in whose answers or misses raised it, or the
 * member's help request), each alert's notification id from the escalation, the
 * step and the recipient. Alerts and all-clears are URGENT: never held by quiet hours or limits.
 * Intents carry codes and ids only: no answers, notes or names.
 */
public final class EscalationChains implements MemberState {

    private static final Logger log = LoggerFactory.getLogger(EscalationChains.class);

    private final EscalationPolicy policy;
    private final DecisionMetrics metrics;
    private KeyValueStore<String, Escalation> escalations;
    private DeadlineIndex<EscalationDeadline> deadlines;
    private Function<String, MemberFacts> facts;

    public EscalationChains(EscalationPolicy policy, DecisionMetrics metrics) {
        this.policy = policy;
        this.metrics = metrics;
    }

    /** Binds the stores; {@code facts} gives a member's latest facts (contacts, consent) or null. */
    public void init(ProcessorContext<?, ?> context, Function<String, MemberFacts> facts) {
        this.escalations = context.getStateStore(EscalationStores.ESCALATIONS);
        KeyValueStore<String, EscalationDeadline> deadlineStore = context.getStateStore(EscalationStores.DEADLINES);
        this.deadlines = new DeadlineIndex<>(deadlineStore, EscalationDeadline::key);
        this.facts = facts;
    }

    /** The escalation id a signal opens: stable, so the same signal seen twice is one escalation. */
    public static String escalationId(String memberId, EscalationReason reason, String checkInId) {
        return Ids.escalationId(memberId, reason.openedBy(checkInId));
    }

    /** The escalation id a help request opens: one per request, so the same request seen twice is one escalation. */
    public static String helpRequestEscalationId(String memberId, String requestId) {
        return Ids.escalationId(memberId, EscalationReason.HELP_REQUESTED.openedBy("help-request:" + requestId));
    }

    /** The notification id of one alert of a chain (step counts from 1 across loops). */
    public static String alertId(String memberId, String escalationId, int step, Recipient recipient) {
        return Ids.notificationId(memberId, "escalation-alert", escalationId, Integer.toString(step), recipient.key());
    }

    public static String allClearId(String memberId, String escalationId, Recipient recipient) {
        return Ids.notificationId(memberId, "all-clear", escalationId, recipient.key());
    }

    /** The all-clear after the escalation was reopened {@code reopened} times (0: the first, {@link #allClearId}). */
    public static String allClearId(String memberId, String escalationId, int reopened, Recipient recipient) {
        return reopened == 0
                ? allClearId(memberId, escalationId, recipient)
                : Ids.notificationId(memberId, "all-clear", escalationId, "reopened-" + reopened, recipient.key());
    }

    /** The notification id of the {@code number}-th follow-up question (from 1) of an escalation to a contact. */
    public static String followUpId(String memberId, String escalationId, int number, Recipient recipient) {
        return Ids.notificationId(
                memberId, "contact-follow-up", escalationId, Integer.toString(number), recipient.key());
    }

    /** The escalation the member has now (open, or closed and still in its cooldown), or null. */
    public Escalation current(String memberId) {
        return escalations.get(memberId);
    }

    /**
     * A check-in was missed, the {@code consecutive}-th in a row: enough of them in a row
     * ({@link EscalationPolicy#missedCheckIns()}) are a signal named by that check-in.
     */
    public void missedCheckIns(String memberId, String checkInId, int consecutive, Instant now, Outbox out) {
        if (consecutive >= policy.missedCheckIns()) {
            signal(memberId, EscalationReason.MISSED_CHECK_INS, checkInId, now, out);
        }
    }

    /**
     * A signal that opens an escalation unless one of the same or higher severity is open, or one
     * opened within the cooldown and this signal is not more severe.
     */
    public void signal(String memberId, EscalationReason reason, String checkInId, Instant now, Outbox out) {
        raise(memberId, reason, escalationId(memberId, reason, checkInId), now, out);
    }

    /**
     * "I need help now" outside a check-in: a help signal named by the request. It joins a help
     * escalation already open and, like any signal, opens none within the cooldown of one as severe.
     */
    public void helpRequested(String memberId, String requestId, Instant now, Outbox out) {
        raise(memberId, EscalationReason.HELP_REQUESTED, helpRequestEscalationId(memberId, requestId), now, out);
    }

    private void raise(String memberId, EscalationReason reason, String id, Instant now, Outbox out) {
        Escalation current = escalations.get(memberId);
        if (current != null) {
            if (current.escalationId().equals(id)) {
                return; // the same signal again: already handled
            }
            if (!reason.moreSevereThan(current.reason())) {
                if (current.isActive()) {
                    log.info(
                            "member {}: escalation {} already open; the new signal joins it",
                            memberId,
                            current.escalationId());
                    metrics.escalationSuppressed(reason.code(), "already-open");
                    return;
                }
                if (now.isBefore(current.openedAt().plus(policy.cooldown()))) {
                    log.info(
                            "member {}: a signal within the cooldown of escalation {}; not escalated",
                            memberId,
                            current.escalationId());
                    metrics.escalationSuppressed(reason.code(), "cooldown");
                    return;
                }
            } else if (current.isActive()) {
                // A more severe signal replaces the chain: its own consent scope decides who hears of it.
                unschedule(current);
                escalations.put(memberId, current.closed(Phase.SUPERSEDED, now));
                log.info("member {}: escalation {} superseded by a stronger signal", memberId, current.escalationId());
            }
            deadlines.remove(forgetOf(current));
        }
        Escalation opened = Escalation.open(memberId, id, reason, now);
        // The reason is not logged (it says what the member answered); it is on the topics and in the counter.
        log.info("member {}: escalation {} opened", memberId, id);
        metrics.escalationOpened(reason.code());
        step(opened, now, out);
    }

    /**
     * "I've reached out" from a contact, for the escalation it names if it is still this member's:
     * the chain stops, everyone alerted gets an all-clear, and {@code followUpAfter} later the
     * contact is asked whether they reached the member.
     */
    public void acknowledged(String memberId, String escalationId, String contactId, Instant now, Outbox out) {
        Escalation current = escalations.get(memberId);
        if (current == null || !current.escalationId().equals(escalationId)) {
            log.info(
                    "member {}: acknowledgement by contact {} for escalation {} that is not current; ignored",
                    memberId,
                    contactId,
                    escalationId);
            return;
        }
        if (current.phase() != Phase.OPEN && current.phase() != Phase.EXHAUSTED) {
            log.debug("member {}: escalation {} not awaiting an acknowledgement; ignored", memberId, escalationId);
            return;
        }
        log.info("member {}: escalation {} acknowledged by contact {}", memberId, escalationId, contactId);
        metrics.escalationAcknowledged(current.reason().code());
        allClear(current, "acknowledged", now, out);
        unschedule(current);
        deadlines.remove(forgetOf(current));
        Escalation acknowledged = current.acknowledged(contactId, now.plus(policy.followUpAfter()));
        escalations.put(memberId, acknowledged);
        schedule(new EscalationDeadline(
                memberId, escalationId, EscalationDeadline.Kind.FOLLOW_UP, acknowledged.followUpAt()));
    }

    /**
     * The contact answered "Were you able to reach them?": yes closes the escalation for good,
     * "not yet" reopens it (alerts resume). Only while the escalation awaits that answer.
     */
    public void reachReported(ReachReported report, Instant now, Outbox out) {
        String memberId = report.memberId();
        Escalation current = escalations.get(memberId);
        if (current == null || !current.escalationId().equals(report.escalationId()) || !current.awaitsFollowUp()) {
            log.info(
                    "member {}: reach report by contact {} for escalation {} that awaits none; ignored",
                    memberId,
                    report.contactId(),
                    report.escalationId());
            return;
        }
        unschedule(current);
        if (report.reached()) {
            log.info(
                    "member {}: escalation {} closed: contact {} reached the member",
                    memberId,
                    current.escalationId(),
                    report.contactId());
            metrics.escalationReached(current.reason().code());
            close(current, Phase.RESOLVED, now);
        } else {
            reopen(current, "not-yet", now, out);
        }
    }

    /**
     * The member answered check-in {@code checkInId}. Silence is over, so an escalation about missed
     * check-ins is resolved by any answer; one about use or a request for help only by an answer that
     * is neither, to another check-in than the one whose answer opened it ("ok" through a second
     * link of that check-in is not the member's next answer).
     */
    public void answered(String memberId, String checkInId, boolean risky, Instant now, Outbox out) {
        Escalation current = escalations.get(memberId);
        if (current == null
                || (current.phase() != Phase.OPEN && current.phase() != Phase.EXHAUSTED && !current.awaitsFollowUp())) {
            return;
        }
        if (current.reason() != EscalationReason.MISSED_CHECK_INS
                && (risky || current.escalationId().equals(escalationId(memberId, current.reason(), checkInId)))) {
            return;
        }
        log.info("member {}: escalation {} resolved by the member's answer", memberId, current.escalationId());
        metrics.escalationResolvedByAnswer(current.reason().code());
        if (current.awaitsFollowUp()) {
            // Everyone alerted had the all-clear when the contact reached out; the question is moot now.
            unschedule(current);
            close(current, Phase.RESOLVED, now);
            return;
        }
        resolve(current, "member-answered", now, out);
    }

    /** The member was erased: forget every escalation state (no more alerts, no all-clear). */
    @Override
    public void erase(String memberId) {
        Escalation current = escalations.get(memberId);
        if (current != null) {
            unschedule(current);
            deadlines.remove(forgetOf(current));
            escalations.delete(memberId);
        }
    }

    /**
     * Handles every escalation deadline at or before now, oldest first, and removes it. One pass:
     * what a step schedules is due an acknowledgement timeout (or follow-up wait) later, and a
     * FORGET scheduled now waits for the next tick.
     */
    public void tick(long nowMs, Outbox out) {
        Instant now = Instant.ofEpochMilli(nowMs);
        deadlines.handleDue(nowMs, deadline -> {
            Escalation current = escalations.get(deadline.memberId());
            if (current == null || !current.escalationId().equals(deadline.escalationId())) {
                return;
            }
            switch (deadline.kind()) {
                case NEXT_STEP -> {
                    if (current.isOpen() && deadline.at().equals(current.nextStepAt())) {
                        step(current, now, out);
                    }
                }
                case FOLLOW_UP -> {
                    if (current.phase() == Phase.ACKNOWLEDGED && deadline.at().equals(current.followUpAt())) {
                        askFollowUp(current, now, out);
                    }
                }
                case FOLLOW_UP_UNANSWERED -> {
                    if (current.phase() == Phase.ASKED && deadline.at().equals(current.followUpAt())) {
                        reopen(current, "no-answer", now, out);
                    }
                }
                case FORGET -> {
                    if (!current.isActive()) {
                        escalations.delete(deadline.memberId());
                    }
                }
            }
        });
    }

    /**
     * Alerts the next recipient of the chain ("need help now": every recipient at once), or
     * exhausts it after the last loop, or at once when nobody but the on-call address can be alerted.
     */
    private void step(Escalation e, Instant now, Outbox out) {
        List<Recipient> chain = chainOf(e);
        if (chain.isEmpty()) {
            onCallOnly(e, now, out);
            return;
        }
        boolean everyoneAtOnce = e.reason() == EscalationReason.HELP_REQUESTED;
        int loop = e.loop();
        int next = e.next();
        if (everyoneAtOnce ? next > 0 : next >= chain.size()) {
            loop++;
            next = 0;
        }
        if (loop >= policy.maxLoops()) {
            exhaust(e, now, out);
            return;
        }
        List<Recipient> recipients = everyoneAtOnce ? chain : List.of(chain.get(next));
        int step = e.steps() + 1;
        for (Recipient recipient : recipients) {
            out.intent(alert(e, step, recipient, loop + 1, false, now));
        }
        Instant nextStepAt = now.plus(policy.ackTimeout());
        Escalation stepped = e.stepped(loop, everyoneAtOnce ? chain.size() : next + 1, recipients, nextStepAt);
        escalations.put(e.memberId(), stepped);
        schedule(new EscalationDeadline(e.memberId(), e.escalationId(), EscalationDeadline.Kind.NEXT_STEP, nextStepAt));
        log.info(
                "member {}: escalation {} step {} (loop {}) alerts {}",
                e.memberId(),
                e.escalationId(),
                step,
                loop + 1,
                recipients.stream().map(Recipient::key).toList());
    }

    private OutreachRequest alert(
            Escalation e, int step, Recipient recipient, int loop, boolean exhausted, Instant now) {
        Map<String, String> data = exhausted
                ? Map.of(
                        "reason",
                        e.reason().code(),
                        "step",
                        Integer.toString(step),
                        "loop",
                        Integer.toString(loop),
                        "exhausted",
                        "true")
                : Map.of("reason", e.reason().code(), "step", Integer.toString(step), "loop", Integer.toString(loop));
        return OutreachRequest.builder(
                        e.memberId(),
                        alertId(e.memberId(), e.escalationId(), step, recipient),
                        OutreachKind.ESCALATION_ALERT)
                .to(recipient)
                .urgency(Urgency.URGENT)
                .consentScope(e.reason().scope())
                .escalationId(e.escalationId())
                .data(data)
                .build(now);
    }

    /**
     * No contact may be alerted: the on-call address is told and the chain ends now, since there is
     * nobody to wait for an acknowledgement from (a chain reopened with nobody left tells on-call again).
     */
    private void onCallOnly(Escalation e, Instant now, Outbox out) {
        int step = e.steps() + 1;
        out.intent(alert(e, step, Recipient.ON_CALL, e.loop() + 1, false, now));
        log.info(
                "member {}: escalation {} step {} alerts on-call: no contact may be alerted",
                e.memberId(),
                e.escalationId(),
                step);
        Escalation told = e.stepped(e.loop(), e.next(), List.of(Recipient.ON_CALL), null);
        unschedule(e);
        close(told, Phase.EXHAUSTED, now);
    }

    /** Asks the contact who reached out whether they reached the member, and waits for the answer. */
    private void askFollowUp(Escalation e, Instant now, Outbox out) {
        MemberFacts member = facts.apply(e.memberId());
        String contactId = e.acknowledgedBy();
        if (member == null
                || contactId == null
                || !member.contactsFor(e.reason().scope()).contains(contactId)) {
            // The question cannot be asked (the contact unsubscribed or lost consent): as good as no answer.
            reopen(e, "cannot-ask", now, out);
            return;
        }
        Escalation asked = e.asked(now.plus(policy.followUpAfter()));
        Recipient recipient = Recipient.contact(contactId);
        out.intent(OutreachRequest.builder(
                        e.memberId(),
                        followUpId(e.memberId(), e.escalationId(), asked.followUps(), recipient),
                        OutreachKind.CONTACT_FOLLOW_UP)
                .to(recipient)
                .urgency(Urgency.URGENT)
                .consentScope(e.reason().scope())
                .escalationId(e.escalationId())
                .data(Map.of("reason", e.reason().code()))
                .build(now));
        escalations.put(e.memberId(), asked);
        schedule(new EscalationDeadline(
                e.memberId(), e.escalationId(), EscalationDeadline.Kind.FOLLOW_UP_UNANSWERED, asked.followUpAt()));
        log.info(
                "member {}: escalation {} asks contact {} whether they reached the member",
                e.memberId(),
                e.escalationId(),
                contactId);
    }

    /** "Not yet", or no answer to the follow-up: the escalation is open again and alerts resume. */
    private void reopen(Escalation e, String why, Instant now, Outbox out) {
        log.info("member {}: escalation {} reopened ({})", e.memberId(), e.escalationId(), why);
        metrics.escalationReopened(e.reason().code(), why);
        unschedule(e);
        step(e.reopenedNow(), now, out);
    }

    /** Contacts who confirmed and consented to this kind of alert, in profile order (empty: only on-call is left). */
    private List<Recipient> chainOf(Escalation e) {
        MemberFacts member = facts.apply(e.memberId());
        return member == null
                ? List.of()
                : member.contactsFor(e.reason().scope()).stream()
                        .map(Recipient::contact)
                        .toList();
    }

    private void exhaust(Escalation e, Instant now, Outbox out) {
        log.warn(
                "member {}: escalation {} ({}) exhausted after {} alerts without acknowledgement",
                e.memberId(),
                e.escalationId(),
                e.reason().code(),
                e.steps());
        metrics.escalationExhausted(e.reason().code());
        // Nobody reached out: the program's on-call staff must know, whatever the contacts did (again, if reopened).
        int step = e.steps() + 1;
        out.intent(alert(e, step, Recipient.ON_CALL, policy.maxLoops(), true, now));
        close(e.stepped(e.loop(), e.next(), List.of(Recipient.ON_CALL), null), Phase.EXHAUSTED, now);
    }

    private void resolve(Escalation e, String resolvedBy, Instant now, Outbox out) {
        allClear(e, resolvedBy, now, out);
        unschedule(e);
        close(e, Phase.RESOLVED, now);
    }

    /** Tells everyone alerted that the alert is over ({@code resolvedBy}: who ended it). */
    private void allClear(Escalation e, String resolvedBy, Instant now, Outbox out) {
        for (Recipient recipient : e.alerted()) {
            out.intent(OutreachRequest.builder(
                            e.memberId(),
                            allClearId(e.memberId(), e.escalationId(), e.reopened(), recipient),
                            OutreachKind.ALL_CLEAR)
                    .to(recipient)
                    .urgency(Urgency.URGENT)
                    .consentScope(e.reason().scope())
                    .escalationId(e.escalationId())
                    .data(Map.of("reason", e.reason().code(), "resolvedBy", resolvedBy))
                    .build(now));
        }
    }

    private void close(Escalation e, Phase phase, Instant now) {
        Instant cooldownEnds = e.openedAt().plus(policy.cooldown());
        Instant forgetAt = cooldownEnds.isAfter(now) ? cooldownEnds : now;
        Escalation closed = e.closed(phase, forgetAt);
        escalations.put(e.memberId(), closed);
        schedule(forgetOf(closed));
    }

    private EscalationDeadline forgetOf(Escalation e) {
        return new EscalationDeadline(
                e.memberId(),
                e.escalationId(),
                EscalationDeadline.Kind.FORGET,
                e.forgetAt() == null ? Instant.EPOCH : e.forgetAt());
    }

    /** Removes the pending step or follow-up deadline of the escalation, if any. */
    private void unschedule(Escalation e) {
        if (e.nextStepAt() != null) {
            deadlines.remove(new EscalationDeadline(
                    e.memberId(), e.escalationId(), EscalationDeadline.Kind.NEXT_STEP, e.nextStepAt()));
        }
        if (e.followUpAt() != null) {
            EscalationDeadline.Kind kind = e.phase() == Phase.ASKED
                    ? EscalationDeadline.Kind.FOLLOW_UP_UNANSWERED
                    : EscalationDeadline.Kind.FOLLOW_UP;
            deadlines.remove(new EscalationDeadline(e.memberId(), e.escalationId(), kind, e.followUpAt()));
        }
    }

    private void schedule(EscalationDeadline deadline) {
        deadlines.put(deadline);
    }
}
