package org.aftercare.notifier.delivery;

import java.time.Instant;
import java.util.Optional;
import org.aftercare.events.outreach.Urgency;

/**
 * What the notifier has done that must never be done twice: the notification ids it sent, and the
 * addresses a server refused for good. Recipients are named by {@link Recipients#key} (a hash),
 * never by address. Consulted before a send and written after it; the durable one
 * ({@link KafkaLedger}) survives restarts and partition moves.
 */
public interface DeliveryLedger {

    /**
     * A send the SMTP server accepted: when, and on which attempt ({@code 0} when not known: an
     * entry written before attempts were kept).
     */
    record Sent(Instant at, int attempt) {}

    /** The send of this notification, if there was one. */
    Optional<Sent> sent(String notificationId);

    default boolean wasSent(String notificationId) {
        return sent(notificationId).isPresent();
    }

    /** Remembers a send the SMTP server accepted on this attempt (1 for the first). */
    void recordSent(String notificationId, String recipientKey, Urgency urgency, Instant at, int attempt);

    boolean isBounced(String recipientKey);

    /** Remembers an address refused for good; nothing more goes to it. */
    void recordBounce(String recipientKey, String reason, Instant at);

    /** How many routine emails went to this recipient at or after {@code since} (the daily cap). */
    int routineSentSince(String recipientKey, Instant since);

    /** Sent notification ids held (the ledger-size gauge). */
    int size();
}
