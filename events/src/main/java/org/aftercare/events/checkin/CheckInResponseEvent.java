package org.aftercare.events.checkin;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.aftercare.events.Event;

/** Values of {@code checkin.responses}, written by the scheduler's check-in page. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(CheckInAnswered.class)})
public sealed interface CheckInResponseEvent extends Event permits CheckInAnswered {}
