package org.aftercare.events.profile;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The kinds of event after which tolerance is lost and an overdose is most likely (Cousins 2015:
 * 6.4x in weeks 0-2 and 9.1x in weeks 3-4 after leaving treatment; 13-40x in the first two weeks
 * after release from custody). Recorded by staff on the member record.
 */
public enum ExitKind {
    /** Discharged from (residential or outpatient) treatment. */
    @JsonProperty("discharge")
    DISCHARGE,
    /** Stopped methadone or buprenorphine. */
    @JsonProperty("stopped-medication")
    STOPPED_MEDICATION,
    /** Completed a detoxification. */
    @JsonProperty("completed-detox")
    COMPLETED_DETOX,
    /** Released from prison or jail. */
    @JsonProperty("released-from-custody")
    RELEASED_FROM_CUSTODY
}
