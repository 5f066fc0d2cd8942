package org.aftercare.streams.milestone;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.aftercare.streams.deadline.DeadlineIndex;

/**
 * A member's next day milestone, with what it was computed from ({@code recoveryStart}, zone and
 * time of day), so a changed profile is recognised and the milestone recomputed. Stored in the
 * milestone schedule ({@link Milestones#SCHEDULE}, a {@link DeadlineIndex}) under {@link #key()}.
 */
public record MilestoneDue(
        String memberId,
        String code,
        LocalDate date,
        Instant dueAt,
        LocalDate recoveryStart,
        ZoneId timeZone,
        LocalTime timeOfDay) {

    /** Zero-padded epoch millis, then the member ({@link DeadlineIndex#key}): byte order is time order. */
    public String key() {
        return DeadlineIndex.key(dueAt, memberId);
    }

    public static String upTo(long nowMs) {
        return DeadlineIndex.upTo(nowMs);
    }

    boolean sameBasis(LocalDate start, ZoneId zone, LocalTime time) {
        return recoveryStart.equals(start) && timeZone.equals(zone) && timeOfDay.equals(time);
    }
}
