package org.aftercare.events.profile;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import org.aftercare.events.Require;

/**
 * A planned absence (a hospital stay, travel, readmission): until the end of {@code until}
 * (member-local, inclusive) nothing is counted missed, escalated or flagged for silence. With
 * {@code keepPrompts} the member still gets their prompts; without, prompts are paused. Crisis
 * information and the replies to a risky answer are unchanged. It ends by itself.
 */
public record Away(LocalDate until, boolean keepPrompts, SetBy setBy) {

    /** Who set the absence. */
    public enum SetBy {
        @JsonProperty("member")
        MEMBER,
        @JsonProperty("staff")
        STAFF
    }

    public Away {
        Require.present(until, "away.until");
        Require.present(setBy, "away.setBy");
    }

    /** Is the member away on this (member-local) date? */
    public boolean covers(LocalDate date) {
        return !date.isAfter(until);
    }
}
