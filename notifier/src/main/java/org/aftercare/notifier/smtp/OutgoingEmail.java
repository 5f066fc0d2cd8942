package org.aftercare.notifier.smtp;

/**
 * One email ready to send: the intent's notification id (it becomes the Message-ID), the
 * recipient, the rendered subject and bodies, and for non-urgent email the signed one-click
 * unsubscribe URL ({@code List-Unsubscribe}, RFC 8058; null for none). Holds member data: never
 * log it, log the id.
 */
public record OutgoingEmail(
        String notificationId, String toAddress, String subject, String text, String html, String unsubscribeUrl) {

    public OutgoingEmail(String notificationId, String toAddress, String subject, String text, String html) {
        this(notificationId, toAddress, subject, text, html, null);
    }

    @Override
    public String toString() {
        return "OutgoingEmail[" + notificationId + "]";
    }
}
