package org.aftercare.events.checkin;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.aftercare.events.Event;

/**
 * Values of {@code checkin.responses}, written by the scheduler's member pages: answers, requests
 * for help, and finished questionnaires.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(CheckInAnswered.class),
    @JsonSubTypes.Type(HelpRequested.class),
    @JsonSubTypes.Type(MeasureCompleted.class)
})
public sealed interface CheckInResponseEvent extends Event permits CheckInAnswered, HelpRequested, MeasureCompleted {}
