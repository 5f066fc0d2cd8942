package org.aftercare.streams.summary;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.aftercare.streams.deadline.DeadlineIndex;

/**
 * A member's next weekly summary: the member-local {@code date} it is for, when it is due, and what
 * that was computed from (the zone and the policy's time of day), so a changed profile or policy is
 * recognised and the time recomputed. Stored in {@link WeeklySummaries#SCHEDULE} (a
 * {@link DeadlineIndex}) under {@link #key()}, and per member in {@link WeeklySummaries#NEXT}.
 */
public record SummaryDue(String memberId, LocalDate date, Instant dueAt, ZoneId timeZone, LocalTime timeOfDay) {

    /** Zero-padded epoch millis, then the member ({@link DeadlineIndex#key}): byte order is time order. */
    public String key() {
        return DeadlineIndex.key(dueAt, memberId);
    }

    boolean sameBasis(ZoneId zone, SummaryPolicy policy) {
        return timeZone.equals(zone) && timeOfDay.equals(policy.time()) && date.getDayOfWeek() == policy.day();
    }
}
