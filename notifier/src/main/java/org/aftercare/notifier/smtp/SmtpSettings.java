package org.aftercare.notifier.smtp;

import java.time.Duration;

/**
 * How the notifier reaches its SMTP relay and who its mail is from. {@code fromName} is the
 * neutral display name every email carries; {@code messageIdDomain} is the right-hand side of
 * {@code Message-ID: <notificationId@domain>}. The password never appears in {@link #toString()}.
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
        String messageIdDomain) {

    @Override
    public String toString() {
        return "SmtpSettings[host=" + host + ", port=" + port + ", username=" + (username == null ? "(none)" : username)
                + ", password=" + (password == null ? "(none)" : "(hidden)") + ", startTlsRequired=" + startTlsRequired
                + ", timeout=" + timeout + ", fromAddress=" + fromAddress + ", fromName=" + fromName
                + ", messageIdDomain=" + messageIdDomain + "]";
    }
}
