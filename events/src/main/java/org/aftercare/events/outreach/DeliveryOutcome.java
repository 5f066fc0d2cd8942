package org.aftercare.events.outreach;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What became of one intent. */
public enum DeliveryOutcome {
    /** Accepted by the SMTP server. */
    @JsonProperty("sent")
    SENT,
    /** Held (quiet hours, rate limit) or waiting for a retry after a transient failure. */
    @JsonProperty("deferred")
    DEFERRED,
    /** Gave up after retries, or could not be rendered; parked in the dead-letter topic. */
    @JsonProperty("failed")
    FAILED,
    /** Deliberately not sent: no consent, not confirmed, unsubscribed, expired, already sent. */
    @JsonProperty("suppressed")
    SUPPRESSED,
    /** The server refused the address permanently; nothing more goes to it. */
    @JsonProperty("bounced")
    BOUNCED
}
