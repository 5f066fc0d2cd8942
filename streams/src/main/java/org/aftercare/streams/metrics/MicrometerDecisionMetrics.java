package org.aftercare.streams.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.aftercare.events.outreach.OutreachKind;

/** {@link DecisionMetrics} as Micrometer counters ({@code outreach.*}), tagged by kind or outcome only. */
public final class MicrometerDecisionMetrics implements DecisionMetrics {

    private final MeterRegistry registry;
    private final Counter late;
    private final Counter missed;
    private final Counter completedOnTime;
    private final Counter completedLate;
    private final Counter unknownAnswers;

    public MicrometerDecisionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.late = Counter.builder("outreach.checkins.late")
                .description("Check-ins that passed their grace without an answer").register(registry);
        this.missed = Counter.builder("outreach.checkins.missed")
                .description("Check-ins that passed respondBy without an answer").register(registry);
        this.completedOnTime = completed("false");
        this.completedLate = completed("true");
        this.unknownAnswers = Counter.builder("outreach.answers.unknown")
                .description("Answers for a check-in this service does not know").register(registry);
        for (OutreachKind kind : OutreachKind.values()) {
            intentCounter(kind);
        }
    }

    private Counter completed(String late) {
        return Counter.builder("outreach.checkins.completed").tag("late", late)
                .description("Check-ins the member answered (late = after respondBy)").register(registry);
    }

    private Counter intentCounter(OutreachKind kind) {
        return Counter.builder("outreach.intents").tag("kind", kind.name().toLowerCase())
                .description("Intents written to outreach.requests").register(registry);
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
    public void dueIgnored(String reason) {
        Counter.builder("outreach.dues.ignored").tag("reason", reason)
                .description("Due check-ins that were not prompted").register(registry).increment();
    }
}
