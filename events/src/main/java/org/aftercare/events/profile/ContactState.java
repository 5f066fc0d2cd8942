package org.aftercare.events.profile;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a support contact stands; only {@link #CONFIRMED} contacts are ever alerted. */
public enum ContactState {
    /** Added by the member or staff; the contact has not answered the invitation yet. */
    @JsonProperty("invited")
    INVITED,
    @JsonProperty("confirmed")
    CONFIRMED,
    @JsonProperty("declined")
    DECLINED,
    /** The contact asked for no more email. */
    @JsonProperty("unsubscribed")
    UNSUBSCRIBED
}
