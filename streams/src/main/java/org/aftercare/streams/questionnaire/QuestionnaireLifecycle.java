package org.aftercare.streams.questionnaire;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.aftercare.events.JsonSerde;
import org.aftercare.events.checkin.MeasureCompleted;
import org.aftercare.events.checkin.QuestionnaireDue;
import org.aftercare.events.checkin.QuestionnaireMissed;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.streams.deadline.DeadlineIndex;
import org.aftercare.streams.member.MemberFacts;
import org.aftercare.streams.member.MemberState;
import org.aftercare.streams.metrics.DecisionMetrics;
import org.aftercare.streams.outbox.Outbox;
import org.aftercare.streams.questionnaire.TrackedQuestionnaire.Phase;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle of the questionnaires of members' plans (issue 13): due → prompt;
 * {@code reminderAfter} later, if unanswered and still open → one reminder; at expiresAt, if
 * unanswered → {@link QuestionnaireMissed} on {@code checkin.status}, and nothing else; finished
 * ({@link MeasureCompleted} naming the questionnaire) → every pending deadline cancelled.
 *
 * <p>A missed questionnaire never escalates by itself: it is not a missed check-in, so it is not
 * counted in the run of misses, alerts no contact, raises no staff flag and sends the member no
 * "we missed you". What a finished one says (its flag rules) is {@code StaffFlags}' to act on,
 * whatever state its questionnaire is in here, also when it is unknown or already closed.
 *
 * <p>A member who is paused, discharged or unsubscribed is not prompted, and {@link #cancelOpen}
 * cancels their open questionnaires. A member away (a planned absence, on the due date) with
 * prompts held is not prompted, gets no reminder while away, and a questionnaire that closes while
 * they are away is not recorded missed. Time comes from each questionnaire's own dueAt and
 * expiresAt through a {@link DeadlineIndex}; notification ids are deterministic. Logs carry member
 * and questionnaire ids only.
 */
public final class QuestionnaireLifecycle implements MemberState {

    private static final Logger log = LoggerFactory.getLogger(QuestionnaireLifecycle.class);

    /** memberId|questionnaireId → the tracked questionnaire; prefix-scannable by member. */
    public static final String TRACKED = "questionnaire-tracked";
    /** {@link QuestionnaireDeadline#key()} → the deadline; ordered by time. */
    public static final String DEADLINES = "questionnaire-deadlines";

    public static final List<String> STORES = List.of(TRACKED, DEADLINES);

    /** Template data: the occurrence the link opens, and when it closes (ISO-8601). */
    public static final String QUESTIONNAIRE_ID = "questionnaireId";

    public static final String EXPIRES_AT = "expiresAt";

    private final Duration reminderAfter;
    private final Duration retention;
    private final DecisionMetrics metrics;

    private KeyValueStore<String, TrackedQuestionnaire> tracked;
    private DeadlineIndex<QuestionnaireDeadline> deadlines;
    private Function<String, MemberFacts> facts;

    /**
     * @param reminderAfter how long after dueAt an unanswered questionnaire is reminded (once; not
     *     at all when that is at or after it closes)
     * @param retention how long a closed questionnaire is remembered, so a late or repeated finish
     *     changes nothing
     */
    public QuestionnaireLifecycle(Duration reminderAfter, Duration retention, DecisionMetrics metrics) {
        this.reminderAfter = reminderAfter;
        this.retention = retention;
        this.metrics = metrics;
    }

    public static List<StoreBuilder<?>> builders() {
        return List.of(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(TRACKED),
                        Serdes.String(),
                        new JsonSerde<>(TrackedQuestionnaire.class)),
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(DEADLINES),
                        Serdes.String(),
                        new JsonSerde<>(QuestionnaireDeadline.class)));
    }

    public void init(ProcessorContext<?, ?> context, Function<String, MemberFacts> facts) {
        this.tracked = context.getStateStore(TRACKED);
        KeyValueStore<String, QuestionnaireDeadline> store = context.getStateStore(DEADLINES);
        this.deadlines = new DeadlineIndex<>(store, QuestionnaireDeadline::key);
        this.facts = facts;
    }

    private static String key(String memberId, String questionnaireId) {
        return memberId + "|" + questionnaireId;
    }

    /** The notification id of one intent about one questionnaire; stable across reprocessing. */
    public static String notificationId(String memberId, OutreachKind kind, String questionnaireId) {
        return Outbox.notificationId(memberId, kind, questionnaireId, Recipient.MEMBER.key());
    }

    /** A questionnaire opened: prompt the member and plan its reminder (or its close). */
    public void due(QuestionnaireDue due, Instant now, Outbox out) {
        String memberId = due.memberId();
        String key = key(memberId, due.questionnaireId());
        if (tracked.get(key) != null) {
            log.debug("questionnaire {} of member {} already tracked; repeat ignored", due.questionnaireId(), memberId);
            return;
        }
        MemberFacts member = facts.apply(memberId);
        if (member != null && !member.active()) {
            ignored(due, "inactive");
            return;
        }
        if (member != null
                && member.awayOn(member.localDate(due.dueAt()))
                && !member.away().keepPrompts()) {
            ignored(due, "away");
            return;
        }
        if (!now.isBefore(due.expiresAt())) {
            ignored(due, "expired");
            return;
        }
        Instant remindAt = due.dueAt().plus(reminderAfter);
        boolean remind = remindAt.isBefore(due.expiresAt()) && remindAt.isAfter(now);
        TrackedQuestionnaire t = new TrackedQuestionnaire(
                memberId,
                due.questionnaireId(),
                due.instrumentId(),
                due.dueAt(),
                remind ? remindAt : null,
                due.expiresAt(),
                Phase.OPEN);
        tracked.put(key, t);
        deadlines.put(pending(t));
        intent(OutreachKind.QUESTIONNAIRE_PROMPT, t, now, out);
        metrics.questionnaire("prompted");
    }

    private void ignored(QuestionnaireDue due, String reason) {
        log.info("questionnaire {} of member {} not prompted: {}", due.questionnaireId(), due.memberId(), reason);
        metrics.questionnaire("ignored-" + reason);
    }

    /** The member finished a questionnaire: a tracked open one closes, its deadlines cancelled. */
    public void completed(MeasureCompleted measure) {
        if (measure.questionnaireId() == null) {
            return;
        }
        String key = key(measure.memberId(), measure.questionnaireId());
        TrackedQuestionnaire t = tracked.get(key);
        if (t == null || t.phase() == Phase.COMPLETED) {
            return;
        }
        if (t.awaitingAnswer()) {
            deadlines.remove(pending(t));
            deadlines.put(purgeOf(t));
        }
        // Also after it was recorded missed: the scheduler took it, so it was finished in time.
        tracked.put(key, t.in(Phase.COMPLETED));
        metrics.questionnaire("completed");
    }

    /** The member left, paused or unsubscribed: nothing is reminded or recorded for questionnaires still open. */
    public void cancelOpen(String memberId) {
        for (TrackedQuestionnaire t : trackedOf(memberId)) {
            if (t.awaitingAnswer()) {
                deadlines.remove(pending(t));
                deadlines.put(purgeOf(t));
                tracked.put(key(memberId, t.questionnaireId()), t.in(Phase.CANCELLED));
                metrics.questionnaire("cancelled");
                log.info(
                        "questionnaire {} of member {} cancelled: member no longer active",
                        t.questionnaireId(),
                        memberId);
            }
        }
    }

    @Override
    public void erase(String memberId) {
        for (TrackedQuestionnaire t : trackedOf(memberId)) {
            if (t.awaitingAnswer()) {
                deadlines.remove(pending(t));
            } else {
                deadlines.remove(purgeOf(t));
            }
            tracked.delete(key(memberId, t.questionnaireId()));
        }
    }

    /** Handles every questionnaire deadline at or before now, oldest first, until nothing is due. */
    public void tick(long nowMs, Outbox out) {
        Instant now = Instant.ofEpochMilli(nowMs);
        deadlines.drain(nowMs, d -> handle(d, now, out));
    }

    private void handle(QuestionnaireDeadline d, Instant now, Outbox out) {
        String key = key(d.memberId(), d.questionnaireId());
        TrackedQuestionnaire t = tracked.get(key);
        if (t == null) {
            return;
        }
        switch (d.kind()) {
            case REMIND -> onRemind(key, t, now, out);
            case EXPIRE -> onExpire(key, t, now, out);
            case PURGE -> tracked.delete(key);
        }
    }

    private void onRemind(String key, TrackedQuestionnaire t, Instant now, Outbox out) {
        if (t.phase() != Phase.OPEN) {
            return;
        }
        TrackedQuestionnaire reminded = t.in(Phase.REMINDED);
        tracked.put(key, reminded);
        deadlines.put(pending(reminded));
        if (isAway(t, now)) {
            log.info(
                    "questionnaire {} of member {}: no reminder, the member is away",
                    t.questionnaireId(),
                    t.memberId());
            return;
        }
        intent(OutreachKind.QUESTIONNAIRE_REMINDER, t, now, out);
        metrics.questionnaire("reminded");
    }

    private void onExpire(String key, TrackedQuestionnaire t, Instant now, Outbox out) {
        if (!t.awaitingAnswer()) {
            return;
        }
        deadlines.put(purgeOf(t));
        if (isAway(t, now)) {
            tracked.put(key, t.in(Phase.EXCUSED));
            metrics.questionnaire("excused");
            log.info("questionnaire {} of member {} closed unanswered while away", t.questionnaireId(), t.memberId());
            return;
        }
        tracked.put(key, t.in(Phase.MISSED));
        out.status(QuestionnaireMissed.of(t.memberId(), t.questionnaireId(), t.instrumentId(), t.dueAt(), now));
        metrics.questionnaire("missed");
        log.info("questionnaire {} of member {} closed unanswered (no escalation)", t.questionnaireId(), t.memberId());
    }

    private boolean isAway(TrackedQuestionnaire t, Instant now) {
        MemberFacts member = facts.apply(t.memberId());
        return member != null && (member.awayOn(member.localDate(t.dueAt())) || member.awayOn(member.localDate(now)));
    }

    /** The one pending step of a questionnaire awaiting an answer: its reminder while open, else its close. */
    private static QuestionnaireDeadline pending(TrackedQuestionnaire t) {
        if (t.phase() == Phase.OPEN && t.remindAt() != null) {
            return new QuestionnaireDeadline(
                    t.memberId(), t.questionnaireId(), QuestionnaireDeadline.Kind.REMIND, t.remindAt());
        }
        return new QuestionnaireDeadline(
                t.memberId(), t.questionnaireId(), QuestionnaireDeadline.Kind.EXPIRE, t.expiresAt());
    }

    private QuestionnaireDeadline purgeOf(TrackedQuestionnaire t) {
        return new QuestionnaireDeadline(
                t.memberId(),
                t.questionnaireId(),
                QuestionnaireDeadline.Kind.PURGE,
                t.expiresAt().plus(retention));
    }

    private List<TrackedQuestionnaire> trackedOf(String memberId) {
        List<TrackedQuestionnaire> found = new ArrayList<>();
        try (KeyValueIterator<String, TrackedQuestionnaire> it =
                tracked.prefixScan(memberId + "|", new StringSerializer())) {
            it.forEachRemaining(kv -> found.add(kv.value));
        }
        return found;
    }

    private static void intent(OutreachKind kind, TrackedQuestionnaire t, Instant now, Outbox out) {
        out.intent(OutreachRequest.builder(t.memberId(), notificationId(t.memberId(), kind, t.questionnaireId()), kind)
                .to(Recipient.MEMBER)
                .urgency(Urgency.SCHEDULED)
                .expiresAt(t.expiresAt())
                .data(Map.of(
                        QUESTIONNAIRE_ID,
                        t.questionnaireId(),
                        EXPIRES_AT,
                        t.expiresAt().toString()))
                .build(now));
    }
}
