package org.aftercare.infra.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * One message as the SMTP server received it in one SMTP transaction: its raw RFC 822 source,
 * the envelope (MAIL FROM / RCPT TO) and when it arrived.
 *
 * @param id                 stable identifier within one server: a sequence number, "1" for the first message
 * @param receivedAt         when the message was accepted
 * @param envelopeFrom       the MAIL FROM address (empty for a null sender)
 * @param envelopeRecipients the RCPT TO addresses, in order, including Bcc recipients
 * @param raw                the message source as stored (with the server's Return-Path and Received headers)
 * @param mime               the parsed message; shared, so callers must not modify it
 */
public record ReceivedMessage(
        String id,
        Instant receivedAt,
        String envelopeFrom,
        List<String> envelopeRecipients,
        byte[] raw,
        MimeMessage mime) {

    private static final Session PARSING_SESSION = Session.getInstance(new Properties());

    public ReceivedMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(envelopeFrom, "envelopeFrom");
        envelopeRecipients = List.copyOf(envelopeRecipients);
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(mime, "mime");
    }

    /** Parses {@code raw} into a message that owns its own copy of the bytes. */
    static ReceivedMessage of(
            String id, Instant receivedAt, String envelopeFrom, List<String> envelopeRecipients, byte[] raw)
            throws MessagingException {
        MimeMessage mime = new MimeMessage(PARSING_SESSION, new ByteArrayInputStream(raw));
        return new ReceivedMessage(id, receivedAt, envelopeFrom, envelopeRecipients, raw, mime);
    }

    /** Size of the raw source in bytes. */
    public int size() {
        return raw.length;
    }
}
