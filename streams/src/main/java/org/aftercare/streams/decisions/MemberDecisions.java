package org.aftercare.streams.decisions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.aftercare.events.checkin.CheckInAnswered;
import org.aftercare.events.checkin.CheckInStatusEvent;
import org.aftercare.events.checkin.HelpRequested;
import org.aftercare.events.checkin.MeasureCompleted;
import org.aftercare.events.contact.ContactActionEvent;
import org.aftercare.events.contact.ContactConfirmed;
import org.aftercare.events.contact.ContactDeclined;
import org.aftercare.events.contact.ContactUnsubscribed;
import org.aftercare.events.contact.EscalationAcknowledged;
import org.aftercare.events.contact.ReachReported;
import org.aftercare.events.flag.CaseFlag;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.risk.MemberRisk;
import org.aftercare.kit.logging.LogFields;
import org.aftercare.streams.answers.RiskyAnswers;
import org.aftercare.streams.checkin.CheckInLifecycle;
import org.aftercare.streams.checkin.CheckInStores;
import org.aftercare.streams.checkin.CheckInWindows;
import org.aftercare.streams.checkin.Unsubscribes;
import org.aftercare.streams.contact.Invitations;
import org.aftercare.streams.escalation.EscalationChains;
import org.aftercare.streams.escalation.EscalationPolicy;
import org.aftercare.streams.escalation.EscalationStores;
import org.aftercare.streams.flags.FlagItem;
import org.aftercare.streams.flags.FlagOutbox;
import org.aftercare.streams.flags.FlagPolicy;
import org.aftercare.streams.flags.FlagStores;
import org.aftercare.streams.flags.StaffFlags;
import org.aftercare.streams.member.MemberFactsStore;
import org.aftercare.streams.metrics.DecisionMetrics;
import org.aftercare.streams.milestone.Milestones;
import org.aftercare.streams.questionnaire.QuestionnaireLifecycle;
import org.aftercare.streams.risk.RiskPolicy;
import org.aftercare.streams.risk.RiskTiers;
import org.aftercare.streams.summary.SummaryPolicy;
import org.aftercare.streams.summary.WeeklySummaries;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every decision about the members of one task, in one processor so one wall-clock punctuation
 * serves them all. In: {@link LifecycleInput} keyed by memberId (due check-ins, answers, help
 * requests, profiles and their tombstones, contact actions, care teams, staff actions). Out:
 * {@link Decision}s (intents, status events, risk tiers and flag changes keyed by memberId; flags
 * as each staff member's digest sees them keyed by staffId), each with the timestamp of what
 * caused it (the record, or the tick). It routes each input to the engines and composes them; it
 * decides nothing itself:
 * <ul>
 *   <li>a due questionnaire of the member's plan, and its finish: {@link QuestionnaireLifecycle}
 *       (prompt, one reminder, recorded missed at its close; it never escalates);</li>
 *   <li>a due check-in, an answer, a miss: {@link CheckInLifecycle} (the check-in state machine);
 *       what an answer says, also to an unknown or completed check-in when it asks for more:
 *       {@link RiskyAnswers}; the run of answered check-ins: {@link Milestones}; enough misses in
 *       a row: {@link EscalationChains}; what answers and misses say about the member, for their
 *       care team: {@link StaffFlags};</li>
 *   <li>"I need help now" outside a check-in ({@link HelpRequested}): crisis support and an
 *       escalation ({@link RiskyAnswers}); it completes nothing;</li>
 *   <li>a profile: the member's facts ({@link MemberFactsStore}); a member who is no longer active
 *       has their open check-ins cancelled; {@link Unsubscribes} and {@link Invitations} compare
 *       the facts before and after; {@link Milestones} recomputes the next day milestone; a
 *       tombstone: {@link Erasure};</li>
 *   <li>a contact action: an acknowledgement and a reach report ("Were you able to reach them?")
 *       to {@link EscalationChains}, other actions to the member's facts until the profile reflects
 *       them; a decline (or a profile in which a contact turned declined) also to {@link StaffFlags};</li>
 *   <li>a profile and a use after a clean stretch also to {@link RiskTiers}, which owns the member's
 *       risk tier (the check-in windows and the flag rules read it) and publishes its changes; a
 *       tombstone erases it and is passed on to {@code member.risk};</li>
 *   <li>a care team or a staff action: {@link StaffFlags};</li>
 *   <li>a profile also to {@link WeeklySummaries}, which plans the member's weekly summary when
 *       they asked for one;</li>
 *   <li>the tick: risk tiers that change with the day, check-in deadlines, questionnaire reminders
 *       and closes, then escalation steps, then flag acknowledgement timeouts, then milestones, then
 *       weekly summaries.</li>
 * </ul>
 * A record whose key is not the member it names breaks co-partitioning and is refused (the
 * processing exception handler dead-letters it). Logs carry member and event ids only.
 */
public final class MemberDecisions implements Processor<String, LifecycleInput, String, Decision> {

    private static final Logger log = LoggerFactory.getLogger(MemberDecisions.class);

    private final Duration punctuateInterval;
    private final DecisionMetrics metrics;
    private final MemberFactsStore members = new MemberFactsStore();
    private final CheckInLifecycle checkIns;
    private final QuestionnaireLifecycle questionnaires;
    private final EscalationChains chains;
    private final RiskyAnswers risky;
    private final Milestones milestones;
    private final StaffFlags flags;
    private final RiskTiers risk;
    private final WeeklySummaries summaries;
    private final Erasure erasure;
    private final FlagOutbox outbox = new Forwarding();
    private long causeTimestamp;

    private ProcessorContext<String, Decision> context;
    private Cancellable ticker;

    public MemberDecisions(
            CheckInWindows windows,
            Duration retention,
            Duration questionnaireReminderAfter,
            Duration punctuateInterval,
            EscalationPolicy escalation,
            RiskPolicy riskPolicy,
            FlagPolicy flagPolicy,
            SummaryPolicy summaryPolicy,
            DecisionMetrics metrics) {
        this.punctuateInterval = punctuateInterval;
        this.metrics = metrics;
        this.chains = new EscalationChains(escalation, metrics);
        this.risk = new RiskTiers(riskPolicy);
        this.risky = new RiskyAnswers(flagPolicy.highCraving(), escalation.cleanDaysBeforeUse(), chains, risk);
        this.milestones = new Milestones(metrics);
        this.flags = new StaffFlags(flagPolicy, risk::tierAt, metrics);
        this.checkIns = new CheckInLifecycle(windows, retention, metrics, this::onMissed);
        this.questionnaires = new QuestionnaireLifecycle(questionnaireReminderAfter, retention, metrics);
        this.summaries = new WeeklySummaries(summaryPolicy);
        this.erasure = new Erasure(
                List.of(checkIns, questionnaires, members, chains, risky, milestones, risk, flags, summaries));
    }

    /** The names of every store this processor uses. */
    public static List<String> stores() {
        List<String> all = new ArrayList<>(CheckInStores.ALL);
        all.addAll(QuestionnaireLifecycle.STORES);
        all.add(MemberFactsStore.NAME);
        all.addAll(EscalationStores.ALL);
        all.add(RiskyAnswers.HISTORY);
        all.addAll(Milestones.STORES);
        all.addAll(FlagStores.ALL);
        all.addAll(RiskTiers.STORES);
        all.addAll(WeeklySummaries.STORES);
        return all;
    }

    /** The builders of every store this processor uses. */
    public static List<StoreBuilder<?>> storeBuilders() {
        List<StoreBuilder<?>> all = new ArrayList<>(CheckInStores.builders());
        all.addAll(QuestionnaireLifecycle.builders());
        all.add(MemberFactsStore.builder());
        all.addAll(EscalationStores.builders());
        all.add(RiskyAnswers.storeBuilder());
        all.addAll(Milestones.builders());
        all.addAll(FlagStores.builders());
        all.addAll(RiskTiers.builders());
        all.addAll(WeeklySummaries.builders());
        return all;
    }

    @Override
    public void init(ProcessorContext<String, Decision> context) {
        this.context = context;
        this.members.init(context);
        this.checkIns.init(context, members::get, risk::tierAt);
        this.questionnaires.init(context, members::get);
        this.chains.init(context, members::get);
        this.risky.init(context);
        this.milestones.init(context, members::get);
        this.flags.init(context);
        this.risk.init(context, members::get);
        this.summaries.init(context, members::get);
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
                case LifecycleInput.Due due -> checkIns.due(due.due(), now, outbox);
                case LifecycleInput.QuestionnaireOpened opened -> questionnaires.due(opened.due(), now, outbox);
                case LifecycleInput.Answer answer -> onAnswer(answer.answer(), now);
                case LifecycleInput.Help help -> onHelp(help.request(), now);
                case LifecycleInput.Measure measure -> onMeasure(measure.measure(), now);
                case LifecycleInput.Profile profile -> onProfile(profile.memberId(), profile.profile(), now);
                case LifecycleInput.ContactAction action -> onContactAction(action.action(), now);
                case LifecycleInput.CareAssignment assignment ->
                    flags.careTeam(record.key(), assignment.team(), now, outbox);
                case LifecycleInput.StaffAction action -> flags.staffAction(action.action(), now, outbox);
            }
        }
    }

    private static String eventIdOf(LifecycleInput input) {
        return switch (input) {
            case LifecycleInput.Due due -> due.due().eventId();
            case LifecycleInput.QuestionnaireOpened opened -> opened.due().eventId();
            case LifecycleInput.Answer answer -> answer.answer().eventId();
            case LifecycleInput.Help help -> help.request().eventId();
            case LifecycleInput.Measure measure -> measure.measure().eventId();
            case LifecycleInput.Profile profile ->
                profile.profile() == null ? "erasure" : profile.profile().eventId();
            case LifecycleInput.ContactAction action -> action.action().eventId();
            case LifecycleInput.CareAssignment assignment ->
                assignment.team() == null
                        ? "care-team-removed"
                        : assignment.team().eventId();
            case LifecycleInput.StaffAction action -> action.action().eventId();
        };
    }

    /** The check-in first, then what the answer says ("need help now" and "used" are acted on in every state). */
    private void onAnswer(CheckInAnswered answer, Instant now) {
        String memberId = answer.memberId();
        switch (checkIns.answered(answer, now, outbox)) {
            case UNTRACKED -> {
                risky.answered(answer, members.get(memberId), false, now, outbox);
                flags.answered(answer, true, false, now, outbox);
            }
            case COMPLETED -> {
                int streak = risky.answered(answer, members.get(memberId), true, now, outbox);
                milestones.answeredStreak(memberId, streak, now, outbox);
                flags.answered(answer, true, true, now, outbox);
            }
            case ASKS_FOR_MORE -> {
                risky.answeredAgain(answer, members.get(memberId), now, outbox);
                flags.answered(answer, false, false, now, outbox);
            }
            case NOTHING_NEW -> {}
        }
    }

    /** "I need help now" outside a check-in: completes nothing, ends no run of misses, resolves nothing. */
    private void onHelp(HelpRequested request, Instant now) {
        log.info("member {} asked for help (request {})", request.memberId(), request.requestId());
        metrics.helpRequested();
        risky.helpRequested(request, now, outbox);
        flags.helpRequested(request, now, outbox);
    }

    /**
     * A finished questionnaire: a staff flag for the flag rules it raised (a critical one at once,
     * whatever else is going on). It completes no check-in and ends no run of misses; a missed
     * questionnaire never escalates by itself.
     */
    private void onMeasure(MeasureCompleted measure, Instant now) {
        log.info(
                "member {} completed questionnaire {} ({} flag rule(s) raised)",
                measure.memberId(),
                measure.responseId(),
                measure.flags().size());
        questionnaires.completed(measure);
        flags.measureCompleted(measure, now, outbox);
    }

    private void onProfile(String memberId, MemberProfile profile, Instant now) {
        if (memberId == null) {
            return;
        }
        if (profile == null) {
            flags.leaving(memberId, now, outbox);
            erasure.erase(memberId);
            risk.erased(memberId, outbox);
            return;
        }
        MemberFactsStore.Change change = members.update(memberId, profile);
        if (change == null) {
            return;
        }
        if (!change.after().active()) {
            checkIns.cancelOpen(memberId);
            questionnaires.cancelOpen(memberId);
        }
        Unsubscribes.decide(memberId, change.before(), change.after(), now, outbox);
        Invitations.decide(memberId, change.before(), change.after(), now, outbox);
        milestones.profile(memberId, change.after(), now);
        flags.profile(memberId, change.before(), change.after(), now, outbox);
        risk.profile(memberId, now, outbox);
        summaries.profile(memberId, change.after(), now);
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
            case ContactConfirmed c -> members.contactState(memberId, c.contactId(), ContactState.CONFIRMED);
            case ContactDeclined d -> {
                members.contactState(memberId, d.contactId(), ContactState.DECLINED);
                flags.contactDeclined(memberId, d.contactId(), now, outbox);
            }
            case ContactUnsubscribed u -> members.contactState(memberId, u.contactId(), ContactState.UNSUBSCRIBED);
            case ReachReported r -> {
                try (var e = LogFields.put(LogFields.ESCALATION_ID, r.escalationId())) {
                    chains.reachReported(r, now, outbox);
                }
            }
        }
    }

    /** A missed check-in ends the run of answered check-ins; enough in a row open an escalation. */
    private void onMissed(String memberId, String checkInId, Instant dueAt, int consecutive, Instant now) {
        risky.missed(memberId);
        chains.missedCheckIns(memberId, checkInId, consecutive, now, outbox);
        flags.missed(memberId, checkInId, dueAt, consecutive, now, outbox);
    }

    /** One wall-clock tick: every engine handles its deadlines at or before now, oldest first. */
    void tick(long nowMs) {
        causeTimestamp = nowMs;
        risk.tick(nowMs, outbox);
        checkIns.tick(nowMs, outbox);
        questionnaires.tick(nowMs, outbox);
        chains.tick(nowMs, outbox);
        flags.tick(nowMs, outbox);
        milestones.tick(nowMs, outbox);
        summaries.tick(nowMs, outbox);
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.cancel();
        }
    }

    /** Forwards what the engines decide with the timestamp of what caused it, counting the intents. */
    private final class Forwarding implements FlagOutbox {

        @Override
        public void intent(OutreachRequest request) {
            context.forward(new Record<>(request.memberId(), new Decision.Intent(request), causeTimestamp));
            metrics.intent(request.kind());
        }

        @Override
        public void status(CheckInStatusEvent status) {
            context.forward(new Record<>(status.memberId(), new Decision.Status(status), causeTimestamp));
        }

        @Override
        public void risk(MemberRisk risk) {
            context.forward(new Record<>(risk.memberId(), new Decision.Risk(risk.memberId(), risk), causeTimestamp));
        }

        @Override
        public void riskErased(String memberId) {
            context.forward(new Record<>(memberId, new Decision.Risk(memberId, null), causeTimestamp));
        }

        @Override
        public void flag(CaseFlag flag) {
            context.forward(new Record<>(flag.memberId(), new Decision.Flag(flag), causeTimestamp));
        }

        /** Keyed by the staffId: the digest side is partitioned by staff member. */
        @Override
        public void staffItem(FlagItem item) {
            context.forward(new Record<>(item.staffId(), new Decision.StaffItem(item), causeTimestamp));
        }
    }
}
