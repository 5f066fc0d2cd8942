package org.aftercare.streams.summary;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Objects;

/**
 * When the weekly summary goes to a member who asked for it: on this day of the week at this time,
 * in the member's own time zone. Default Sunday 18:00.
 */
public record SummaryPolicy(DayOfWeek day, LocalTime time) {

    public static final SummaryPolicy DEFAULTS = new SummaryPolicy(DayOfWeek.SUNDAY, LocalTime.of(18, 0));

    public SummaryPolicy {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(time, "time");
    }
}
