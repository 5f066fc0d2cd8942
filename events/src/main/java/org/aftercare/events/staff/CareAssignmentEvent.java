package org.aftercare.events.staff;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.aftercare.events.Event;

/** Values of {@code care.assignments} (compacted, keyed by memberId; a null value is the tombstone of an erased member). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(CareTeam.class)})
public sealed interface CareAssignmentEvent extends Event permits CareTeam {}
