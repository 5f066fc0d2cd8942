package org.aftercare.streams.metrics;

import static org.aftercare.streams.outbox.Codes.code;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.aftercare.events.flag.FlagChange;
import org.aftercare.events.flag.FlagReason;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.outreach.OutreachKind;

/** {@link DecisionMetrics} as Micrometer counters ({@code outreach.*}), tagged by kind or outcome only. */
public final class MicrometerDecisionMetrics implements DecisionMetrics {

    private final MeterRegistry registry;
    private final Counter late;
    private final Counter missed;
    private final Counter completedOnTime;
    private final Counter completedLate;
    private final Counter unknownAnswers;
    private final Counter helpRequests;

    public MicrometerDecisionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.late = Counter.builder("outreach.checkins.late")
                .description("Check-ins that passed their grace without an answer")
                .register(registry);
        this.missed = Counter.builder("outreach.checkins.missed")
                .description("Check-ins that passed respondBy without an answer")
                .register(registry);
        this.completedOnTime = completed("false");
        this.completedLate = completed("true");
        this.unknownAnswers = Counter.builder("outreach.answers.unknown")
                .description("Answers for a check-in this service does not know")
                .register(registry);
        this.helpRequests = Counter.builder("outreach.help.requests")
                .description("Times a member pressed \"I need help now\" outside a check-in")
                .register(registry);
        for (OutreachKind kind : OutreachKind.values()) {
            intentCounter(kind);
        }
        for (FlagReason reason : FlagReason.values()) {
            flagsRaised(code(reason.severity()), code(reason));
        }
        // Every series whose labels come from a closed set is registered at zero, so dashboards and
        // alerts see it before the first count and increase() does not lose that count.
        for (String reason : ESCALATION_REASONS) {
            for (String outcome : ESCALATION_OUTCOMES) {
                escalations(outcome, reason);
            }
            for (String why : SUPPRESSED_WHY) {
                suppressedCounter(reason, why);
            }
            for (String why : REOPENED_WHY) {
                reopenedCounter(reason, why);
            }
        }
        for (FlagSeverity severity : FlagSeverity.values()) {
            for (FlagReason reason : FlagReason.values()) {
                flagsUpdated(code(severity), code(reason));
            }
            flagsReassigned(code(severity));
        }
        for (FlagChange change : List.of(FlagChange.ACKNOWLEDGED, FlagChange.CONTACTED, FlagChange.RESOLVED)) {
            flagActions(code(change));
        }
        MILESTONE_KINDS.forEach(this::milestones);
        excusedCounter();
        IGNORED_REASONS.forEach(this::duesIgnored);
        QUESTIONNAIRE_STEPS.forEach(this::questionnaireSteps);
        IGNORED_REASONS.forEach(reason -> questionnaireSteps("ignored-" + reason));
    }

    /** The codes of EscalationReason (not imported: escalation depends on metrics; a test keeps them equal). */
    public static final List<String> ESCALATION_REASONS = List.of("missed-check-ins", "use-reported", "help-requested");

    static final List<String> ESCALATION_OUTCOMES =
            List.of("opened", "acknowledged", "reached", "resolved", "exhausted");
    static final List<String> SUPPRESSED_WHY = List.of("already-open", "cooldown");
    static final List<String> REOPENED_WHY = List.of("not-yet", "no-answer", "cannot-ask");
    static final List<String> MILESTONE_KINDS = List.of("days", "years", "streak");
    /** Why a due check-in or questionnaire was not prompted. */
    static final List<String> IGNORED_REASONS = List.of("inactive", "away", "expired");

    static final List<String> QUESTIONNAIRE_STEPS =
            List.of("prompted", "reminded", "completed", "missed", "excused", "cancelled");

    private Counter escalations(String outcome, String reason) {
        return Counter.builder("outreach.escalations." + outcome)
                .tag("reason", reason)
                .description("Escalation chains " + outcome + ", by reason")
                .register(registry);
    }

    private Counter completed(String late) {
        return Counter.builder("outreach.checkins.completed")
                .tag("late", late)
                .description("Check-ins the member answered (late = after respondBy)")
                .register(registry);
    }

    private Counter intentCounter(OutreachKind kind) {
        return Counter.builder("outreach.intents")
                .tag("kind", kind.name().toLowerCase())
                .description("Intents written to outreach.requests")
                .register(registry);
    }

    @Override
    public void intent(OutreachKind kind) {
        intentCounter(kind).increment();
    }

    @Override
    public void late() {
        late.increment();
    }

    @Override
    public void missed() {
        missed.increment();
    }

    @Override
    public void completed(boolean wasLate) {
        (wasLate ? completedLate : completedOnTime).increment();
    }

    @Override
    public void unknownAnswer() {
        unknownAnswers.increment();
    }

    @Override
    public void helpRequested() {
        helpRequests.increment();
    }

    @Override
    public void escalationOpened(String reason) {
        escalations("opened", reason).increment();
    }

    @Override
    public void escalationSuppressed(String reason, String why) {
        suppressedCounter(reason, why).increment();
    }

    private Counter suppressedCounter(String reason, String why) {
        return Counter.builder("outreach.escalations.suppressed")
                .tag("reason", reason)
                .tag("why", why)
                .description("Signals that did not open an escalation (one already open, or cooldown)")
                .register(registry);
    }

    @Override
    public void escalationAcknowledged(String reason) {
        escalations("acknowledged", reason).increment();
    }

    @Override
    public void escalationReached(String reason) {
        escalations("reached", reason).increment();
    }

    @Override
    public void escalationReopened(String reason, String why) {
        reopenedCounter(reason, why).increment();
    }

    private Counter reopenedCounter(String reason, String why) {
        return Counter.builder("outreach.escalations.reopened")
                .tag("reason", reason)
                .tag("why", why)
                .description("Escalations reopened after a contact reached out: not yet, or no answer to the follow-up")
                .register(registry);
    }

    @Override
    public void escalationResolvedByAnswer(String reason) {
        escalations("resolved", reason).increment();
    }

    @Override
    public void escalationExhausted(String reason) {
        escalations("exhausted", reason).increment();
    }

    @Override
    public void milestone(String kind) {
        milestones(kind).increment();
    }

    private Counter milestones(String kind) {
        return Counter.builder("outreach.milestones")
                .tag("kind", kind)
                .description("Milestones congratulated, by kind (days, years, streak)")
                .register(registry);
    }

    @Override
    public void excused() {
        excusedCounter().increment();
    }

    private Counter excusedCounter() {
        return Counter.builder("outreach.checkins.excused")
                .description("Check-ins closed unanswered while the member was away (not counted missed)")
                .register(registry);
    }

    @Override
    public void dueIgnored(String reason) {
        duesIgnored(reason).increment();
    }

    private Counter duesIgnored(String reason) {
        return Counter.builder("outreach.dues.ignored")
                .tag("reason", reason)
                .description("Due check-ins that were not prompted")
                .register(registry);
    }

    private Counter flagsRaised(String severity, String reason) {
        return Counter.builder("outreach.flags.raised")
                .tag("severity", severity)
                .tag("reason", reason)
                .description("Staff flags raised, by severity and reason (one count per reason)")
                .register(registry);
    }

    @Override
    public void flagRaised(String severity, String reason) {
        flagsRaised(severity, reason).increment();
    }

    @Override
    public void flagUpdated(String severity, String reason) {
        flagsUpdated(severity, reason).increment();
    }

    private Counter flagsUpdated(String severity, String reason) {
        return Counter.builder("outreach.flags.updated")
                .tag("severity", severity)
                .tag("reason", reason)
                .description("Reasons added to a live staff flag, by its severity and the reason")
                .register(registry);
    }

    @Override
    public void flagReassigned(String severity) {
        flagsReassigned(severity).increment();
    }

    private Counter flagsReassigned(String severity) {
        return Counter.builder("outreach.flags.reassigned")
                .tag("severity", severity)
                .description("Staff flags not acknowledged in time, moved on to the next staff member or on-call")
                .register(registry);
    }

    @Override
    public void flagActedOn(String change) {
        flagActions(change).increment();
    }

    private Counter flagActions(String change) {
        return Counter.builder("outreach.flags.actions")
                .tag("change", change)
                .description("Staff actions on flags (acknowledged, contacted, resolved)")
                .register(registry);
    }

    @Override
    public void questionnaire(String outcome) {
        questionnaireSteps(outcome).increment();
    }

    private Counter questionnaireSteps(String outcome) {
        return Counter.builder("outreach.questionnaires.lifecycle")
                .tag("outcome", outcome)
                .description("Steps of the plans' questionnaires: prompted, reminded, completed, missed, ...")
                .register(registry);
    }
}
