package org.aftercare.events.checkin;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.aftercare.events.Event;

/** Values of {@code checkin.due}, written by the scheduler: check-ins and questionnaires that opened. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(CheckInDue.class), @JsonSubTypes.Type(QuestionnaireDue.class)})
public sealed interface CheckInDueEvent extends Event permits CheckInDue, QuestionnaireDue {}
