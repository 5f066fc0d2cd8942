package org.aftercare.scheduler.plan;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.aftercare.events.profile.CheckInPlan;

/**
 * When a member's next check-in falls due, in their own time zone.
 *
 * <p>Daylight-saving transitions are handled on purpose: a local time that does not exist on a
 * spring-forward day (02:30 when clocks jump from 02:00 to 03:00) fires once, at the same
 * distance past the gap (03:30), as {@link ZonedDateTime#of} resolves it; a local time that occurs
 * twice on a fall-back day fires once, at its first (summer-time) occurrence, because the next
 * due instant is always searched strictly after the previous one and the second occurrence maps
 * to the same local slot, which is skipped.
 */
public final class PlanCalendar {

    /** Far enough to cross any pause window or sparse plan; a plan with nothing ahead ends. */
    private static final int MAX_DAYS_AHEAD = 800;

    private PlanCalendar() {}

    /** The first planned instant strictly after {@code after}, or empty when the plan has ended. */
    public static Optional<Instant> nextAfter(CheckInPlan plan, ZoneId zone, Instant after) {
        ZonedDateTime local = after.atZone(zone);
        LocalDate day = local.toLocalDate();
        LocalDate start = plan.startDate().isAfter(day) ? plan.startDate() : day;
        // The local wall-clock time already reached: a slot at or before it today is spent, even if
        // the fall-back hour makes its instant lie ahead.
        LocalTime reached = local.toLocalTime();
        for (int i = 0; i < MAX_DAYS_AHEAD; i++) {
            LocalDate d = start.plusDays(i);
            if (plan.endDate() != null && d.isAfter(plan.endDate())) {
                return Optional.empty();
            }
            if (!plan.isPlannedOn(d)) {
                continue;
            }
            for (LocalTime t : plan.times()) {
                if (d.equals(day) && !t.isAfter(reached)) {
                    continue;
                }
                Instant candidate = ZonedDateTime.of(d, t, zone).toInstant();
                if (candidate.isAfter(after)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
