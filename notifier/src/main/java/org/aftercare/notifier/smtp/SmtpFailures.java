package org.aftercare.notifier.smtp;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;

/**
 * Turns what Angus Mail throws into a {@link SendFailure}: the SMTP reply code decides (RFC 5321:
 * 4xx transient, 5xx permanent; a 5xx on RCPT is a bounce); connection errors and timeouts are
 * transient. Angus reports a refused recipient as a {@code SendFailedException} whose chain of
 * next exceptions holds the {@link SMTPAddressFailedException}, so the whole chain is searched.
 */
public final class SmtpFailures {

    /** SMTP "service not available, closing transmission channel": reconnect before trying again. */
    public static final int SERVICE_CLOSING = 421;

    private SmtpFailures() {}

    public static SendFailure classify(MessagingException e) {
        for (Exception x = e; x != null; x = next(x)) {
            if (x instanceof SMTPAddressFailedException a) {
                return byCode(a.getReturnCode(), true, e);
            }
            if (x instanceof SMTPSendFailedException s) {
                return byCode(s.getReturnCode(), false, e);
            }
            if (x instanceof SMTPSenderFailedException s) {
                return byCode(s.getReturnCode(), false, e);
            }
        }
        if (e instanceof AuthenticationFailedException) {
            return new SendFailure(SendFailure.Kind.PERMANENT, "smtp-auth", e);
        }
        if (e.getMessage() != null && e.getMessage().contains("STARTTLS")) {
            // Required STARTTLS not offered: nothing is sent in clear; held for the relay to be fixed.
            return new SendFailure(SendFailure.Kind.TRANSIENT, "smtp-starttls-unavailable", e);
        }
        if (e instanceof MailConnectException) {
            return new SendFailure(SendFailure.Kind.TRANSIENT, "smtp-connect", e);
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return new SendFailure(SendFailure.Kind.TRANSIENT, "smtp-timeout", e);
            }
            if (t instanceof IOException) {
                return new SendFailure(SendFailure.Kind.TRANSIENT, "smtp-io", e);
            }
        }
        // Unknown: retrying a few times is cheaper than losing a message that a second try would send.
        return new SendFailure(SendFailure.Kind.TRANSIENT, "smtp-error", e);
    }

    /** The classification of one reply code (the table the tests pin down). */
    public static SendFailure.Kind kindOf(int replyCode, boolean onRecipient) {
        if (replyCode >= 400 && replyCode < 500) {
            return SendFailure.Kind.TRANSIENT;
        }
        if (replyCode >= 500 && replyCode < 600) {
            return onRecipient ? SendFailure.Kind.BOUNCED : SendFailure.Kind.PERMANENT;
        }
        // -1 (no reply) or a code out of range: the connection broke mid-command.
        return SendFailure.Kind.TRANSIENT;
    }

    private static SendFailure byCode(int code, boolean onRecipient, MessagingException e) {
        String reason = code > 0 ? "smtp-" + code : "smtp-no-reply";
        return new SendFailure(kindOf(code, onRecipient), reason, e);
    }

    private static Exception next(Exception x) {
        return x instanceof MessagingException m && m.getNextException() != x ? m.getNextException() : null;
    }
}
