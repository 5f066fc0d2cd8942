package org.aftercare.notifier.smtp;

/**
 * One email ready to send: the intent's notification id (it becomes the Message-ID), the
 * recipient, and the rendered subject and bodies. Holds member data: never log it, log the id.
 */
public record OutgoingEmail(String notificationId, String toAddress, String subject, String text, String html) {

    @Override
    public String toString() {
        return "OutgoingEmail[" + notificationId + "]";
    }
}
