package org.aftercare.events.outreach;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import org.aftercare.events.Require;

/**
 * The outcome of one delivery attempt. {@code reason} is a short code or class of error (for
 * example {@code no-consent}, {@code smtp-451}), never an address or message content.
 */
@JsonTypeName("delivery.report")
public record DeliveryReport(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String memberId,
        String notificationId,
        OutreachKind kind,
        Recipient recipient,
        DeliveryOutcome outcome,
        String reason,
        int attempt)
        implements DeliveryEvent {

    public static final int SCHEMA_VERSION = 1;

    public DeliveryReport {
        Require.envelope(eventId, schemaVersion, occurredAt, memberId);
        Require.text(notificationId, "notificationId");
        Require.present(kind, "kind");
        Require.present(recipient, "recipient");
        Require.present(outcome, "outcome");
        Require.atLeast(attempt, "attempt", 0);
    }

    public static DeliveryReport of(
            OutreachRequest request, DeliveryOutcome outcome, String reason, int attempt, Instant now) {
        // The reason is part of the id: one attempt may be suppressed for one reason and later for another.
        String eventId = request.notificationId() + ":" + outcome.name().toLowerCase() + ":" + attempt
                + (reason == null ? "" : ":" + reason);
        return new DeliveryReport(
                eventId,
                SCHEMA_VERSION,
                now,
                request.memberId(),
                request.notificationId(),
                request.kind(),
                request.recipient(),
                outcome,
                reason,
                attempt);
    }
}
