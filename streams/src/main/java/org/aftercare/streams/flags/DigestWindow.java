package org.aftercare.streams.flags;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.aftercare.events.staff.AlertCadence;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.streams.deadline.DeadlineIndex;

/**
 * One digest window of one staff member that has news to batch: from {@code start} (inclusive) to
 * {@code end} (exclusive), in the staff member's own time zone: three-hour blocks starting at
 * 00:00, 03:00, ... local ({@link AlertCadence#EVERY_3_HOURS}), or the day up to their
 * {@code digestAt} local time ({@link AlertCadence#DAILY_DIGEST}). Kept in the digest window index
 * ({@link StaffDigests#WINDOWS}) until its end has passed.
 */
public record DigestWindow(String staffId, AlertCadence cadence, Instant start, Instant end) {

    /** The window of {@code cadence} that {@code at} falls in, for {@code staff}. */
    static DigestWindow of(StaffMember staff, AlertCadence cadence, Instant at) {
        ZoneId zone = staff.timeZone();
        ZonedDateTime local = at.atZone(zone);
        LocalDateTime start;
        LocalDateTime end;
        switch (cadence) {
            case EVERY_3_HOURS -> {
                start = local.toLocalDate().atTime(local.getHour() / 3 * 3, 0);
                end = start.plusHours(3);
            }
            case DAILY_DIGEST -> {
                LocalDateTime today = local.toLocalDate().atTime(staff.digestAt());
                end = today.atZone(zone).toInstant().isAfter(at) ? today : today.plusDays(1);
                start = end.minusDays(1);
            }
            case IMMEDIATELY -> throw new IllegalArgumentException("flags taken immediately have no digest window");
            default -> throw new IllegalStateException();
        }
        return new DigestWindow(
                staff.staffId(),
                cadence,
                start.atZone(zone).toInstant(),
                end.atZone(zone).toInstant());
    }

    /** {@link DeadlineIndex#key}: the end, then the staff member and the start. */
    public String key() {
        return DeadlineIndex.key(end, staffId, start.toString());
    }
}
