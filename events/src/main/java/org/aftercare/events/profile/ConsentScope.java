package org.aftercare.events.profile;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The kinds of message a member may consent to share with one support contact (42 CFR Part 2:
 * consent per recipient, minimum necessary). A contact gets a kind only if its scope holds it.
 */
public enum ConsentScope {
    /** The member has gone quiet: consecutive missed check-ins. */
    @JsonProperty("missed-check-ins")
    MISSED_CHECK_INS,
    /** The member asked for help now. */
    @JsonProperty("help-requested")
    HELP_REQUESTED,
    /** The member reported use after a period without. */
    @JsonProperty("use-reported")
    USE_REPORTED,
    /** Good news the member wants shared. */
    @JsonProperty("milestones")
    MILESTONES
}
