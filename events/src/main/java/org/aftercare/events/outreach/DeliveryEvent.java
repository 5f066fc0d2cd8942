package org.aftercare.events.outreach;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.aftercare.events.Event;

/** Values of {@code outreach.deliveries}: one report per outcome, written by the notifier. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(DeliveryReport.class)})
public sealed interface DeliveryEvent extends Event permits DeliveryReport {}
