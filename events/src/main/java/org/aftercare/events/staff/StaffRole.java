package org.aftercare.events.staff;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a staff member may do: a clinician sees their own caseload, a supervisor every member, an admin also manages staff. */
public enum StaffRole {
    @JsonProperty("clinician")
    CLINICIAN,
    @JsonProperty("supervisor")
    SUPERVISOR,
    @JsonProperty("admin")
    ADMIN
}
