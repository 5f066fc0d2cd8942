package org.aftercare.events.outreach;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.aftercare.events.Event;

/** Values of {@code outreach.requests}: intents decided by streams, delivered by the notifier. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(OutreachRequest.class)})
public sealed interface OutreachEvent extends Event permits OutreachRequest {}
