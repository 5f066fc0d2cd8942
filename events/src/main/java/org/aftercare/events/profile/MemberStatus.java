package org.aftercare.events.profile;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether the member receives check-ins now. */
public enum MemberStatus {
    @JsonProperty("active")
    ACTIVE,
    /** The member (or staff) paused check-ins; nothing is due, nothing escalates. */
    @JsonProperty("paused")
    PAUSED,
    /** The member has left the aftercare program; the record is kept until erased. */
    @JsonProperty("discharged")
    DISCHARGED
}
