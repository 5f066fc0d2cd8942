package org.aftercare.events.checkin;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.aftercare.events.Event;

/** Values of {@code checkin.due}, written by the scheduler. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(CheckInDue.class)})
public sealed interface CheckInDueEvent extends Event permits CheckInDue {}
