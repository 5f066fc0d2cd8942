package org.aftercare.scheduler.staff;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.aftercare.kit.kafka.KafkaSettings;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.member.MemberStore;
import org.aftercare.scheduler.member.Members;

/**
 * The staff domain, assembled once for the service and the tests: the copy of the console's staff
 * directory and care teams, the follower that keeps it, the staff actions on flags and the
 * coverage gauges. Wiring only; closing stops the follower.
 */
public record Staff(StaffDirectory directory, StaffFollower follower, StaffActions actions, Coverage coverage)
        implements AutoCloseable {

    /** Starts following {@code staff.directory} and {@code care.assignments}. */
    public static Staff start(
            Database db,
            MemberStore memberStore,
            Members members,
            EventPublisher publisher,
            KafkaSettings kafka,
            Clock clock,
            MeterRegistry registry) {
        StaffStore store = new StaffStore();
        StaffDirectory directory = new StaffDirectory(db, store, memberStore);
        StaffFollower follower = StaffFollower.start(kafka, directory, registry);
        return new Staff(
                directory,
                follower,
                new StaffActions(directory, follower, members.changes(), publisher, clock),
                new Coverage(db, store, clock, follower::isCaughtUp, registry));
    }

    @Override
    public void close() {
        follower.close();
    }
}
