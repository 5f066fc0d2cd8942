package org.aftercare.events.checkin;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import org.aftercare.events.Event;

/** Values of {@code checkin.status}: the audit trail of check-in outcomes, written by streams. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(CheckInCompleted.class),
    @JsonSubTypes.Type(CheckInLate.class),
    @JsonSubTypes.Type(CheckInMissed.class),
    @JsonSubTypes.Type(QuestionnaireMissed.class)
})
public sealed interface CheckInStatusEvent extends Event
        permits CheckInCompleted, CheckInLate, CheckInMissed, QuestionnaireMissed {

    String checkInId();

    Instant dueAt();
}
