package org.aftercare.streams.metrics;

import static org.aftercare.streams.outbox.Codes.code;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.aftercare.events.flag.FlagReason;
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
        // Registered at zero so dashboards and alerts see the series before the first escalation.
        for (String reason : REASONS) {
            escalations("opened", reason);
            escalations("acknowledged", reason);
            escalations("exhausted", reason);
        }
    }

    private static final String[] REASONS = {"missed-check-ins", "use-reported", "help-requested"};

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
        Counter.builder("outreach.escalations.suppressed")
                .tag("reason", reason)
                .tag("why", why)
                .description("Signals that did not open an escalation (one already open, or cooldown)")
                .register(registry)
                .increment();
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
        Counter.builder("outreach.escalations.reopened")
                .tag("reason", reason)
                .tag("why", why)
                .description("Escalations reopened after a contact reached out: not yet, or no answer to the follow-up")
                .register(registry)
                .increment();
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
        Counter.builder("outreach.milestones")
                .tag("kind", kind)
                .description("Milestones congratulated, by kind (days, years, streak)")
                .register(registry)
                .increment();
    }

    @Override
    public void excused() {
        Counter.builder("outreach.checkins.excused")
                .description("Check-ins closed unanswered while the member was away (not counted missed)")
                .register(registry)
                .increment();
    }

    @Override
    public void dueIgnored(String reason) {
        Counter.builder("outreach.dues.ignored")
                .tag("reason", reason)
                .description("Due check-ins that were not prompted")
                .register(registry)
                .increment();
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
        Counter.builder("outreach.flags.updated")
                .tag("severity", severity)
                .tag("reason", reason)
                .description("Reasons added to a live staff flag, by its severity and the reason")
                .register(registry)
                .increment();
    }

    @Override
    public void flagReassigned(String severity) {
        Counter.builder("outreach.flags.reassigned")
                .tag("severity", severity)
                .description("Staff flags not acknowledged in time, moved on to the next staff member or on-call")
                .register(registry)
                .increment();
    }

    @Override
    public void flagActedOn(String change) {
        Counter.builder("outreach.flags.actions")
                .tag("change", change)
                .description("Staff actions on flags (acknowledged, contacted, resolved)")
                .register(registry)
                .increment();
    }

    @Override
    public void questionnaire(String outcome) {
        Counter.builder("outreach.questionnaires.lifecycle")
                .tag("outcome", outcome)
                .description("Steps of the plans' questionnaires: prompted, reminded, completed, missed, ...")
                .register(registry)
                .increment();
    }
}
