package org.aftercare.scheduler.staff;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.member.MemberStore;
import org.aftercare.scheduler.member.Members;

/**
 * The staff domain, assembled once for the service, the CLI and the tests: the directory of staff
 * and care teams, its outbox, the staff actions on flags and the coverage gauges. Wiring only.
 */
public record Staff(StaffDirectory directory, StaffOutbox outbox, StaffActions actions, Coverage coverage) {

    public static Staff create(
            Database db,
            MemberStore memberStore,
            Members members,
            EventPublisher publisher,
            Clock clock,
            MeterRegistry registry) {
        StaffStore store = new StaffStore();
        StaffOutbox outbox = new StaffOutbox(db, store, memberStore, publisher, registry);
        StaffDirectory directory = new StaffDirectory(db, store, memberStore, outbox, clock);
        return new Staff(
                directory,
                outbox,
                new StaffActions(directory, members.changes(), publisher, clock),
                new Coverage(db, store, clock, registry));
    }
}
