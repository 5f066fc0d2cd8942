package org.aftercare.streams.answers;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.aftercare.events.JsonSerde;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.checkin.CheckInAnswered;
import org.aftercare.events.checkin.HelpRequested;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.streams.escalation.EscalationChains;
import org.aftercare.streams.escalation.EscalationReason;
import org.aftercare.streams.member.MemberFacts;
import org.aftercare.streams.member.MemberState;
import org.aftercare.streams.outbox.Outbox;
import org.aftercare.streams.risk.RiskTiers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a member's answer asks for beyond completing the check-in:
 * <ul>
 *   <li>"need help now": at once a crisis-support message to the member (crisis lines and their own
 *       coping plan, which the notifier takes from the profile), and an escalation;</li>
 *   <li>"used": an overdose-safety message to the member (lost tolerance, never use alone,
 *       naloxone; their coping plan), and an escalation when it comes after
 *       {@code cleanDaysBeforeUse} or more days without use (since the last reported use or the
 *       recovery start date, whichever is later); such a use also opens a new very-high risk
 *       window ({@link RiskTiers#useAfterAbstinence});</li>
 *   <li>a high craving twice in a row: an encouragement with their coping plan.</li>
 * </ul>
 * "I need help now" pressed outside a check-in ({@link HelpRequested}) gets the same crisis support
 * and an escalation of its own. A check-in can be answered through more than one of its links: a
 * further answer that asks for more than the first is acted on like a first one (the check-in
 * lifecycle decides which do). It also keeps the run of answered check-ins that streak milestones
 * count. Intents carry codes only ({@code reason=...}), never the answer, craving or note.
 */
public final class RiskyAnswers implements MemberState {

    private static final Logger log = LoggerFactory.getLogger(RiskyAnswers.class);

    /** memberId → {@link AnswerHistory}. */
    public static final String HISTORY = "answer-history";

    private final int highCraving;
    private final int cleanDaysBeforeUse;
    private final EscalationChains chains;
    private final RiskTiers tiers;
    private KeyValueStore<String, AnswerHistory> history;

    public RiskyAnswers(int highCraving, int cleanDaysBeforeUse, EscalationChains chains, RiskTiers tiers) {
        this.highCraving = highCraving;
        this.cleanDaysBeforeUse = cleanDaysBeforeUse;
        this.chains = chains;
        this.tiers = tiers;
    }

    public static StoreBuilder<?> storeBuilder() {
        return Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(HISTORY), Serdes.String(), new JsonSerde<>(AnswerHistory.class));
    }

    public void init(ProcessorContext<?, ?> context) {
        this.history = context.getStateStore(HISTORY);
    }

    /** Is this answer one that keeps an escalation about use or help open? */
    public static boolean isRisky(AnswerStatus status) {
        return status == AnswerStatus.NEED_HELP || status == AnswerStatus.USED;
    }

    /**
     * Decides on the first answer to a check-in (or one to a check-in no longer tracked).
     * {@code completed} is true when it completed a tracked check-in, so it extends the run of
     * answered check-ins. Returns the new run of answered check-ins.
     */
    public int answered(CheckInAnswered answer, MemberFacts member, boolean completed, Instant now, Outbox out) {
        String memberId = answer.memberId();
        AnswerHistory h = actOn(answer, historyOf(memberId), member, now, out);
        boolean high = answer.craving() != null && answer.craving() >= highCraving;
        int cravings = high ? h.highCravings() + 1 : 0;
        if (cravings >= 2) {
            if (!isRisky(answer.status())) {
                // Crisis and overdose-safety messages already carry the coping plan.
                out.intent(toMember(answer, OutreachKind.ENCOURAGEMENT, Urgency.ROUTINE, "high-craving", now));
            }
            cravings = 0;
        }
        h = h.cravings(cravings);
        if (completed) {
            h = h.streak(h.answeredStreak() + 1);
        }
        history.put(memberId, h);
        return h.answeredStreak();
    }

    /**
     * Decides on a further answer to a completed check-in that asks for more than its first
     * ("need help now" after "ok"), or a first "used" after "need help now": acted on like a first
     * answer (crisis support, overdose safety, escalation, a new risk window), but the check-in
     * counts once in the runs of cravings and of answered check-ins. Each kind of message answers
     * one status, and each status is acted on once per check-in, so its notification ids never
     * meet those of an earlier answer.
     */
    public void answeredAgain(CheckInAnswered answer, MemberFacts member, Instant now, Outbox out) {
        history.put(answer.memberId(), actOn(answer, historyOf(answer.memberId()), member, now, out));
    }

    /**
     * "I need help now" outside a check-in: the same crisis support as a "need help now" answer and
     * an escalation opened by the request. It answers no check-in, so it neither resolves an
     * escalation nor touches the runs of cravings or answered check-ins.
     */
    public void helpRequested(HelpRequested request, Instant now, Outbox out) {
        String memberId = request.memberId();
        out.intent(OutreachRequest.builder(
                        memberId, helpNotificationId(memberId, request.requestId()), OutreachKind.CRISIS_SUPPORT)
                .to(Recipient.MEMBER)
                .urgency(Urgency.URGENT)
                .data(Map.of("reason", "help-requested"))
                .build(now));
        chains.helpRequested(memberId, request.requestId(), now, out);
    }

    /** The notification id of the crisis support that answers one help request. */
    public static String helpNotificationId(String memberId, String requestId) {
        return Outbox.notificationId(
                memberId, OutreachKind.CRISIS_SUPPORT, "help-request", requestId, Recipient.MEMBER.key());
    }

    private AnswerHistory historyOf(String memberId) {
        AnswerHistory before = history.get(memberId);
        return before == null ? AnswerHistory.NONE : before;
    }

    /** What the answer's status asks for (resolution, crisis support, overdose safety, escalation); the new history. */
    private AnswerHistory actOn(CheckInAnswered answer, AnswerHistory h, MemberFacts member, Instant now, Outbox out) {
        String memberId = answer.memberId();
        chains.answered(memberId, answer.checkInId(), isRisky(answer.status()), now, out);
        switch (answer.status()) {
            case NEED_HELP -> {
                out.intent(toMember(answer, OutreachKind.CRISIS_SUPPORT, Urgency.URGENT, "help-requested", now));
                chains.signal(memberId, EscalationReason.HELP_REQUESTED, answer.checkInId(), now, out);
            }
            case USED -> {
                out.intent(toMember(answer, OutreachKind.OVERDOSE_SAFETY, Urgency.URGENT, "use-reported", now));
                LocalDate usedOn =
                        answer.occurredAt().atZone(MemberFacts.zoneOf(member)).toLocalDate();
                LocalDate cleanSince = cleanSince(h, member);
                if (cleanSince == null) {
                    log.info(
                            "member {}: check-in {} not escalated: the tolerance rule has no date to count from",
                            memberId,
                            answer.checkInId());
                } else if (ChronoUnit.DAYS.between(cleanSince, usedOn) >= cleanDaysBeforeUse) {
                    chains.signal(memberId, EscalationReason.USE_REPORTED, answer.checkInId(), now, out);
                    // Tolerance is gone: the same rule opens a new very-high risk window.
                    tiers.useAfterAbstinence(memberId, usedOn, now, out);
                }
                if (h.lastUseOn() == null || usedOn.isAfter(h.lastUseOn())) {
                    h = h.usedOn(usedOn);
                }
            }
            case OK, STRUGGLING -> {}
        }
        return h;
    }

    /** A check-in was missed: the run of answered check-ins ends. */
    public void missed(String memberId) {
        AnswerHistory h = history.get(memberId);
        if (h != null && h.answeredStreak() != 0) {
            history.put(memberId, h.streak(0));
        }
    }

    @Override
    public void erase(String memberId) {
        history.delete(memberId);
    }

    private static LocalDate cleanSince(AnswerHistory h, MemberFacts member) {
        LocalDate recovery = member == null ? null : member.recoveryStartDate();
        LocalDate lastUse = h.lastUseOn();
        if (lastUse != null && recovery != null) {
            return lastUse.isAfter(recovery) ? lastUse : recovery;
        }
        if (lastUse != null) {
            return lastUse;
        }
        if (recovery != null) {
            return recovery;
        }
        return member == null ? null : member.treatmentEndedOn();
    }

    private static OutreachRequest toMember(
            CheckInAnswered answer, OutreachKind kind, Urgency urgency, String reason, Instant now) {
        return OutreachRequest.builder(
                        answer.memberId(),
                        Outbox.notificationId(answer.memberId(), kind, answer.checkInId(), Recipient.MEMBER.key()),
                        kind)
                .to(Recipient.MEMBER)
                .urgency(urgency)
                .checkInId(answer.checkInId())
                .data(Map.of("reason", reason))
                .build(now);
    }
}
