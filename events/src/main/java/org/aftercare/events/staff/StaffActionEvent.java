package org.aftercare.events.staff;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.aftercare.events.Event;

/**
 * Values of {@code staff.actions} (keyed by memberId): what a staff member did about a member's
 * flag. Written by the console, and until it exists by the scheduler (its admin API and the
 * signed flag link in staff emails). The event id is derived from the request or link, so a
 * resubmitted form is one action.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(FlagAcknowledged.class),
    @JsonSubTypes.Type(FlagContacted.class),
    @JsonSubTypes.Type(FlagResolved.class)
})
public sealed interface StaffActionEvent extends Event permits FlagAcknowledged, FlagContacted, FlagResolved {

    String staffId();

    String flagId();
}
