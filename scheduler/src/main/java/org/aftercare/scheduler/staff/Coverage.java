package org.aftercare.scheduler.staff;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.aftercare.scheduler.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether every active member is covered by someone on the program's staff (issue 11, item 7): two
 * gauges over the scheduler's copy of the console's care teams and staff ({@link StaffDirectory}),
 * refreshed from the database at most every {@link #REFRESH} (the coverage job asks each tick), and
 * only once that copy has been read to the end of its topics after a start (before, a member whose
 * team has not been read yet would count as uncovered).
 * {@code outreach_members_without_care_team}: active members with no care team (so no primary
 * staff member; their flags go to on-call only). {@code outreach_care_team_inactive_staff}: places on
 * care teams held by deactivated staff. Counts only, no labels: nothing about a member in a metric.
 * The alert {@code MembersWithoutCareTeam} and its runbook entry (docs/operations.md) read them.
 */
public final class Coverage {

    private static final Logger log = LoggerFactory.getLogger(Coverage.class);
    static final Duration REFRESH = Duration.ofSeconds(30);

    private final Database db;
    private final StaffStore store;
    private final Clock clock;
    private final BooleanSupplier copyComplete;
    private final AtomicLong withoutCareTeam = new AtomicLong();
    private final AtomicLong inactiveStaffPlaces = new AtomicLong();
    private volatile Instant refreshedAt = Instant.MIN;

    Coverage(Database db, StaffStore store, Clock clock, BooleanSupplier copyComplete, MeterRegistry registry) {
        this.db = db;
        this.store = store;
        this.clock = clock;
        this.copyComplete = copyComplete;
        Gauge.builder("outreach.members.without.care.team", withoutCareTeam, AtomicLong::get)
                .description("active members with no care team (no primary staff member)")
                .register(registry);
        Gauge.builder("outreach.care.team.inactive.staff", inactiveStaffPlaces, AtomicLong::get)
                .description("places on care teams held by deactivated staff")
                .register(registry);
    }

    /** Refreshes the gauges if the last refresh is older than {@link #REFRESH} and the copy is complete. */
    public void refreshIfDue() {
        if (copyComplete.getAsBoolean() && !clock.instant().isBefore(refreshedAt.plus(REFRESH))) {
            refresh();
        }
    }

    /** Counts again now. */
    public void refresh() {
        try {
            db.inTransaction(c -> {
                withoutCareTeam.set(store.activeMembersWithoutCareTeam(c));
                inactiveStaffPlaces.set(store.careTeamPlacesOfInactiveStaff(c));
                return null;
            });
            refreshedAt = clock.instant();
        } catch (Database.DatabaseException e) {
            log.warn("care-team coverage not counted: {}", e.getMessage());
        }
    }

    public long membersWithoutCareTeam() {
        return withoutCareTeam.get();
    }

    public long careTeamPlacesOfInactiveStaff() {
        return inactiveStaffPlaces.get();
    }
}
