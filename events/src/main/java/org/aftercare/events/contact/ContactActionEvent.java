package org.aftercare.events.contact;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.aftercare.events.Event;

/**
 * Values of {@code contact.actions}: what a support contact did on a page reached from a signed
 * link. The event id is derived from the single-use link, so a resubmitted form is one action.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(ContactConfirmed.class),
    @JsonSubTypes.Type(ContactDeclined.class),
    @JsonSubTypes.Type(EscalationAcknowledged.class),
    @JsonSubTypes.Type(ContactUnsubscribed.class),
    @JsonSubTypes.Type(ReachReported.class)
})
public sealed interface ContactActionEvent extends Event
        permits ContactConfirmed, ContactDeclined, EscalationAcknowledged, ContactUnsubscribed, ReachReported {

    String contactId();
}
