package org.aftercare.notifier.smtp;

/** Sends one email or says why not; the delivery loop depends on this, not on SMTP. */
@FunctionalInterface
public interface Mailer {

    /** Returns once the server accepted the message. */
    void send(OutgoingEmail email) throws SendFailure;
}
