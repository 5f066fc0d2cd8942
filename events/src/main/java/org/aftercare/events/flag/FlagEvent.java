package org.aftercare.events.flag;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.aftercare.events.Event;

/** Values of {@code case.flags} (keyed by memberId, written by streams only). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(CaseFlag.class)})
public sealed interface FlagEvent extends Event permits CaseFlag {}
