package org.aftercare.scheduler.member;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.aftercare.scheduler.SchedulerConfig;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.plan.CheckInTimes;

/**
 * The member domain, assembled once for the service, the CLI and the tests: the lifecycle, the
 * contact rules, the way changes are made, the profile outbox and the paged member list, sharing one store and one
 * due-time index. Wiring only; each part says what it owns.
 */
public record Members(
        MemberLifecycle lifecycle,
        MemberContacts contacts,
        MemberChanges changes,
        ProfileOutbox outbox,
        MemberList list) {

    public static Members create(
            Database db,
            MemberStore store,
            EventPublisher publisher,
            SchedulerConfig config,
            Clock clock,
            MeterRegistry registry) {
        DueIndex due = new DueIndex(store, new CheckInTimes(config.checkInCadence()));
        ProfileOutbox outbox = new ProfileOutbox(db, store, publisher, clock, registry);
        MemberChanges changes = new MemberChanges(db, store, due, outbox, clock);
        return new Members(
                new MemberLifecycle(
                        db, store, due, changes, outbox, new PlanQuestionnaires(config.instruments()), clock),
                new MemberContacts(changes),
                changes,
                outbox,
                new MemberList(db));
    }
}
