package org.aftercare.streams.milestone;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * A member's next day milestone, with what it was computed from ({@code recoveryStart}, zone and
 * time of day), so a changed profile is recognised and the milestone recomputed.
 */
public record MilestoneDue(String memberId, String code, LocalDate date, Instant dueAt, LocalDate recoveryStart,
        ZoneId timeZone, LocalTime timeOfDay) {

    /** Zero-padded epoch millis, then the member: byte order is time order. */
    public String key() {
        return String.format("%019d", Math.max(0, dueAt.toEpochMilli())) + "|" + memberId;
    }

    public static String upTo(long nowMs) {
        return String.format("%019d", Math.max(0, nowMs)) + "~";
    }

    boolean sameBasis(LocalDate start, ZoneId zone, LocalTime time) {
        return recoveryStart.equals(start) && timeZone.equals(zone) && timeOfDay.equals(time);
    }
}
