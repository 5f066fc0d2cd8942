package org.aftercare.notifier.smtp;

/**
 * Why an email was not accepted, classified for the retry decision. {@code reason} is a short
 * code safe for reports, logs and metric labels ({@code smtp-451}, {@code smtp-connect},
 * {@code invalid-header}); the message never carries an address or content.
 */
public final class SendFailure extends Exception {

    private static final long serialVersionUID = 1L;

    /** What a retry can do about it. */
    public enum Kind {
        /** Try again later: 4xx replies, connection errors, timeouts. */
        TRANSIENT,
        /** The message or the server setup is refused for good: 5xx replies, bad headers. */
        PERMANENT,
        /** The recipient address was refused for good (5xx on RCPT). */
        BOUNCED
    }

    private final Kind kind;
    private final String reason;

    public SendFailure(Kind kind, String reason, Throwable cause) {
        super(kind.name().toLowerCase() + " send failure: " + reason, cause, false, false);
        this.kind = kind;
        this.reason = reason;
    }

    public Kind kind() {
        return kind;
    }

    public String reason() {
        return reason;
    }

    public boolean isTransient() {
        return kind == Kind.TRANSIENT;
    }
}
