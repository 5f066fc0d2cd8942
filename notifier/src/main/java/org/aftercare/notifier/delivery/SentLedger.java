package org.aftercare.notifier.delivery;

/**
 * The notification ids already sent, so a redelivered intent is not sent twice. The skeleton's
 * ledger ({@link InMemorySentLedger}) lives as long as the process; a durable one can replace it.
 */
public interface SentLedger {

    boolean wasSent(String notificationId);

    void recordSent(String notificationId);
}
