package org.aftercare.events.outreach;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who an intent is for; the address itself is looked up from the latest profile at send time. */
public enum RecipientRole {
    @JsonProperty("member")
    MEMBER,
    @JsonProperty("contact")
    CONTACT,
    /** The program's on-call address (configuration), when no contact can be alerted. */
    @JsonProperty("on-call")
    ON_CALL,
    /** A staff member of the program (by staffId); the work email comes from {@code staff.directory}. */
    @JsonProperty("staff")
    STAFF
}
