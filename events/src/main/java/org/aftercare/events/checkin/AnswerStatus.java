package org.aftercare.events.checkin;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the member says they are doing, from the check-in form. */
public enum AnswerStatus {
    @JsonProperty("ok")
    OK,
    @JsonProperty("struggling")
    STRUGGLING,
    @JsonProperty("used")
    USED,
    @JsonProperty("need-help")
    NEED_HELP
}
