package org.aftercare.events.profile;

import java.time.LocalDate;
import org.aftercare.events.Require;

/** Inclusive dates in the member's own time zone. */
public record DateRange(LocalDate from, LocalDate to) {

    public DateRange {
        Require.present(from, "range.from");
        Require.present(to, "range.to");
        Require.check(!to.isBefore(from), "range.to must not be before range.from");
    }

    public boolean contains(LocalDate day) {
        return !day.isBefore(from) && !day.isAfter(to);
    }
}
