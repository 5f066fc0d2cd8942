package org.aftercare.notifier.delivery;

/**
 * Fault-injection seam for tests: called at the points where a crash matters for "exactly one
 * email per intent". Production uses {@link #NONE}. A test hook may throw an {@link Error} to stop
 * the delivery loop abruptly at that point (no further report, no offset commit).
 */
public interface DeliveryHooks {

    DeliveryHooks NONE = new DeliveryHooks() {};

    /** Just before the SMTP send of this notification. */
    default void beforeSend(String notificationId) {}

    /** Just after the SMTP server accepted this notification and its ledger entry was handed to Kafka, before its report. */
    default void afterSend(String notificationId) {}

    /** After a batch's emails were accepted and its ledger entries and reports acknowledged, before the offset commit. */
    default void beforeCommit() {}
}
