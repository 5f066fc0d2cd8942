package org.aftercare.notifier.smtp;

import java.time.Duration;

/**
 * How the notifier reaches its SMTP relay and who its mail is from. {@code fromName} is the
 * neutral display name every email carries; {@code messageIdDomain} is the right-hand side of
 * {@code Message-ID: <notificationId@domain>}; {@code envelopeFrom} is the SMTP envelope sender
 * (MAIL FROM, the Return-Path bounces go to); {@code poolSize} the number of reused connections;
 * {@code dkim}, when set, signs every message.
 * The password never appears in {@link #toString()}.
 */
public record SmtpSettings(
        String host,
        int port,
        String username,
        String password,
        boolean startTlsRequired,
        Duration timeout,
        String fromAddress,
        String fromName,
        String messageIdDomain,
        String envelopeFrom,
        int poolSize,
        DkimSigning dkim) {

    public SmtpSettings {
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1");
        }
        if (envelopeFrom == null) {
            envelopeFrom = fromAddress;
        }
    }

    /** One connection, bounces to the From address. */
    public SmtpSettings(
            String host,
            int port,
            String username,
            String password,
            boolean startTlsRequired,
            Duration timeout,
            String fromAddress,
            String fromName,
            String messageIdDomain) {
        this(
                host,
                port,
                username,
                password,
                startTlsRequired,
                timeout,
                fromAddress,
                fromName,
                messageIdDomain,
                fromAddress,
                1,
                null);
    }

    /** The same settings, signing with DKIM. */
    public SmtpSettings withDkim(DkimSigning signing) {
        return new SmtpSettings(
                host,
                port,
                username,
                password,
                startTlsRequired,
                timeout,
                fromAddress,
                fromName,
                messageIdDomain,
                envelopeFrom,
                poolSize,
                signing);
    }

    @Override
    public String toString() {
        return "SmtpSettings[host=" + host + ", port=" + port + ", username=" + (username == null ? "(none)" : username)
                + ", password=" + (password == null ? "(none)" : "(hidden)") + ", startTlsRequired=" + startTlsRequired
                + ", timeout=" + timeout + ", fromAddress=" + fromAddress + ", fromName=" + fromName
                + ", messageIdDomain=" + messageIdDomain + ", envelopeFrom=" + envelopeFrom + ", poolSize=" + poolSize
                + ", dkim=" + (dkim == null ? "(off)" : dkim) + "]";
    }
}
