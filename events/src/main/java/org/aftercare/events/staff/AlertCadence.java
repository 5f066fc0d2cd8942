package org.aftercare.events.staff;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a staff member wants to hear of flags of one severity. Critical flags always come at once. */
public enum AlertCadence {
    /** One email per flag, as it is raised. */
    @JsonProperty("immediately")
    IMMEDIATELY,
    /** One digest every three hours (00:00, 03:00, ... staff-local) listing every open item. */
    @JsonProperty("every-3-hours")
    EVERY_3_HOURS,
    /** One digest a day at the staff member's chosen local time. */
    @JsonProperty("daily-digest")
    DAILY_DIGEST
}
