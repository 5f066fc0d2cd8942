package org.aftercare.notifier.smtp;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.eclipse.angus.mail.util.MailStreamProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@link OutgoingEmail}s through one SMTP relay with Angus Mail, reusing one connected
 * {@link Transport} across messages and reconnecting when it was closed or the server answered
 * 421. Each message is multipart/alternative (plain text first, then HTML; UTF-8), from the
 * neutral sender name, with {@code Message-ID: <notificationId@domain>} so a repeat is visible
 * to anyone reading headers. Connect, read and write timeouts are always set.
 *
 * <p>Bodies go as they are, in UTF-8 ({@code Content-Transfer-Encoding: 8bit}, {@code MAIL FROM ...
 * BODY=8BITMIME}, RFC 6152), once a connection has shown that the relay announces {@code 8BITMIME}
 * (Postfix and the common relays do), when no DKIM signature is made and no line of the part is
 * longer than SMTP allows; otherwise, and before the first connection, as quoted-printable. The
 * text reaches the reader the same either way; 8-bit saves encoding every byte of every email
 * (a quarter of the notifier's CPU in the pipeline benchmark, issue 14). A DKIM-signed message
 * stays quoted-printable: a relay that must pass it on to a 7-bit hop would re-encode an 8-bit
 * body and break the signature (RFC 6376, section 5.3).
 *
 * <p>Not thread-safe: one thread at a time uses one mailer ({@link SmtpPool} lends them out).
 */
public final class SmtpMailer implements Mailer, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SmtpMailer.class);

    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    /**
     * Jakarta Mail looks up its {@code StreamProvider} for every body part and multipart it creates
     * or writes, and without this property each lookup scans the classpath with a ServiceLoader:
     * about a quarter of the delivery thread's time in the benchmark. Naming Angus' provider makes it
     * a direct class load. Set once, only if nobody chose another provider.
     */
    static {
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, MailStreamProvider.class.getName());
        }
    }

    /** The longest line SMTP carries, in octets without the CRLF (RFC 5321, section 4.5.3.1.6). */
    static final int MAX_LINE_OCTETS = 998;

    private final SmtpSettings settings;
    private final Session session;
    private final InternetAddress from;
    /** Whether the relay announced 8BITMIME on the last connection made (shared by a pool's mailers). */
    private final AtomicBoolean relayTakes8Bit;

    static final Duration IDLE_CHECK = Duration.ofMillis(250);

    private Transport transport;
    private long lastUsed = System.nanoTime() - IDLE_CHECK.toNanos();

    public SmtpMailer(SmtpSettings settings) {
        this(settings, new AtomicBoolean());
    }

    /** A mailer of a pool: what one connection learns of the relay, the others' next messages use. */
    SmtpMailer(SmtpSettings settings, AtomicBoolean relayTakes8Bit) {
        this.settings = settings;
        this.relayTakes8Bit = relayTakes8Bit;
        this.session = Session.getInstance(sessionProperties(settings));
        try {
            HeaderValues.requireSingleLine("From", settings.fromName());
            this.from = new InternetAddress(settings.fromAddress(), settings.fromName(), StandardCharsets.UTF_8.name());
        } catch (UnsupportedEncodingException | SendFailure e) {
            throw new IllegalArgumentException("invalid sender name", e);
        }
    }

    /** The session properties; every timeout is set so a stuck relay can never hang the delivery loop. */
    static Properties sessionProperties(SmtpSettings s) {
        String timeoutMillis = Long.toString(s.timeout().toMillis());
        Properties p = new Properties();
        p.put("mail.transport.protocol", "smtp");
        p.put("mail.smtp.host", s.host());
        p.put("mail.smtp.port", Integer.toString(s.port()));
        p.put("mail.smtp.connectiontimeout", timeoutMillis);
        p.put("mail.smtp.timeout", timeoutMillis);
        p.put("mail.smtp.writetimeout", timeoutMillis);
        p.put("mail.smtp.from", s.envelopeFrom());
        p.put("mail.smtp.localhost", s.messageIdDomain());
        p.put("mail.mime.charset", StandardCharsets.UTF_8.name());
        if (s.username() != null) {
            p.put("mail.smtp.auth", "true");
        }
        if (s.startTlsRequired()) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
            p.put("mail.smtp.ssl.checkserveridentity", "true");
        }
        return p;
    }

    /**
     * Sends on the reused connection. A 421 ("closing") on a reused connection means the server
     * dropped the session and accepted nothing: it is tried once more at once on a fresh
     * connection. Any other failure is classified and thrown, and a transient one closes the
     * connection so the next send starts fresh.
     */
    @Override
    public void send(OutgoingEmail email) throws SendFailure {
        send(build(email));
    }

    /** Sends a message {@link #build} made (by this mailer or another with the same settings). */
    void send(MimeMessage message) throws SendFailure {
        boolean reused = transport != null;
        try {
            sendOnce(message);
        } catch (MessagingException e) {
            if (reused && closing(e)) {
                disconnect();
                log.debug("SMTP relay closed a reused connection (421): reconnecting");
                try {
                    sendOnce(message);
                    return;
                } catch (MessagingException again) {
                    throw failure(again);
                }
            }
            throw failure(e);
        }
    }

    private void sendOnce(MimeMessage message) throws MessagingException {
        Transport t = connected();
        MimeMessage outgoing =
                settings.dkim() == null ? message : settings.dkim().sign(message);
        if (outgoing instanceof EightBitMessage eightBit && !takes8Bit(t)) {
            // Built while the relay announced 8BITMIME, and this connection's relay does not.
            outgoing = encode(eightBit.email, false);
        }
        t.sendMessage(outgoing, message.getAllRecipients());
    }

    private SendFailure failure(MessagingException e) {
        SendFailure failure = SmtpFailures.classify(e);
        if (failure.isTransient() || closing(e)) {
            // The connection may be half-dead (timeout, 421, reset): start the next try on a fresh one.
            disconnect();
        }
        return failure;
    }

    /** True if a connection is open now (tests of reuse). */
    boolean isConnected() {
        return transport != null && transport.isConnected();
    }

    /**
     * Builds the MIME message, encoded to its final bytes; rejects header values with line breaks
     * before anything is sent. Uses no connection and changes nothing in the mailer: safe to call
     * from any thread.
     */
    MimeMessage build(OutgoingEmail email) throws SendFailure {
        return build(email, settings.dkim() == null && relayTakes8Bit.get());
    }

    /** As {@link #build(OutgoingEmail)}, with the 8-bit encoding allowed or not. */
    MimeMessage build(OutgoingEmail email, boolean eightBitAllowed) throws SendFailure {
        HeaderValues.requireSingleLine("To", email.toAddress());
        HeaderValues.requireSingleLine("Subject", email.subject());
        HeaderValues.requireSingleLine("Message-ID", email.notificationId());
        if (email.unsubscribeUrl() != null) {
            HeaderValues.requireSingleLine("List-Unsubscribe", email.unsubscribeUrl());
        }
        try {
            return encode(email, eightBitAllowed);
        } catch (AddressException e) {
            throw new SendFailure(
                    SendFailure.Kind.BOUNCED,
                    "invalid-address",
                    new IllegalArgumentException("invalid recipient address"));
        } catch (MessagingException e) {
            throw new SendFailure(SendFailure.Kind.PERMANENT, "invalid-message", e);
        }
    }

    /** The finished message, its bodies 8-bit where allowed and needed (see the class comment). */
    private MimeMessage encode(OutgoingEmail email, boolean eightBitAllowed) throws MessagingException {
        String messageId = "<" + email.notificationId() + "@" + settings.messageIdDomain() + ">";
        byte[] text8Bit = eightBitAllowed ? eightBitBody(email.text()) : null;
        byte[] html8Bit = eightBitAllowed ? eightBitBody(email.html()) : null;
        boolean eightBit = text8Bit != null || html8Bit != null;
        MimeMessage message =
                eightBit ? new EightBitMessage(session, messageId, email) : new FixedIdMessage(session, messageId);
        message.setFrom(from);
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(email.toAddress(), true));
        message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
        if (email.unsubscribeUrl() != null) {
            // RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" to the signed URL.
            message.setHeader("List-Unsubscribe", "<" + email.unsubscribeUrl() + ">");
            message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        // RFC 2046: alternatives in increasing order of preference, so plain text comes first.
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(
                text8Bit != null ? eightBitPart(text8Bit, "plain") : encodedPart(email.text(), "plain"));
        alternative.addBodyPart(html8Bit != null ? eightBitPart(html8Bit, "html") : encodedPart(email.html(), "html"));
        message.setContent(alternative);
        message.setHeader("Date", DateHeader.now()); // what saveChanges would set, formatted once a second
        message.saveChanges();
        if (eightBit) {
            // Its bodies are already their final bytes: written out as they are, in blocks.
            return message;
        }
        // Encoded once, here, before a connection is borrowed: the copy holds the finished bytes
        // (headers, quoted-printable bodies) and is written out as they are, so the connection only
        // copies bytes instead of encoding them byte by byte onto the socket.
        return new MimeMessage(message);
    }

    /** A text part Jakarta Mail encodes itself: 7bit for ASCII, else quoted-printable or base64. */
    private static MimeBodyPart encodedPart(String body, String subtype) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setText(body, StandardCharsets.UTF_8.name(), subtype);
        return part;
    }

    /**
     * A text part whose content is its UTF-8 bytes, marked 8bit. Made from the bytes, not the
     * text: Jakarta Mail then copies them out in blocks, where its text handler would write them
     * one byte at a time through a filter stream.
     */
    private static MimeBodyPart eightBitPart(byte[] utf8, String subtype) throws MessagingException {
        InternetHeaders headers = new InternetHeaders();
        headers.addHeader("Content-Type", "text/" + subtype + "; charset=UTF-8");
        headers.addHeader("Content-Transfer-Encoding", "8bit");
        return new MimeBodyPart(headers, utf8);
    }

    /**
     * The part's UTF-8 bytes if it is not plain ASCII (which goes as 7bit anyway) and can go as
     * 8-bit: no NUL, no CR that does not begin a line break, and no line longer than
     * {@link #MAX_LINE_OCTETS} octets (RFC 6152 and RFC 5321); otherwise null. Line breaks become
     * CRLF on the wire. One pass over the bytes the part is then made from.
     */
    static byte[] eightBitBody(String body) {
        byte[] utf8 = body.getBytes(StandardCharsets.UTF_8);
        boolean ascii = true;
        int lineStart = 0;
        for (int i = 0; i < utf8.length; i++) {
            byte b = utf8[i];
            if (b == '\n') {
                lineStart = i + 1;
            } else if (b == '\r') {
                if (i + 1 >= utf8.length || utf8[i + 1] != '\n') {
                    return null;
                }
            } else if (b == 0) {
                return null;
            } else {
                ascii &= b > 0;
                if (i - lineStart >= MAX_LINE_OCTETS) {
                    return null;
                }
            }
        }
        return ascii ? null : utf8;
    }

    /** True if the connected relay announced 8BITMIME; remembered for the next messages built. */
    private boolean takes8Bit(Transport t) {
        boolean takes = t instanceof SMTPTransport smtp && smtp.supportsExtension("8BITMIME");
        relayTakes8Bit.set(takes);
        return takes;
    }

    /**
     * The open connection, checked with a NOOP ({@link Transport#isConnected()}) only after it sat
     * idle for {@link #IDLE_CHECK}: a connection in steady use is not probed before every message
     * (that would double the round trips), and one the server may have dropped while idle is.
     */
    private Transport connected() throws MessagingException {
        long now = System.nanoTime();
        boolean recentlyUsed = now - lastUsed < IDLE_CHECK.toNanos();
        lastUsed = now;
        if (transport != null && (recentlyUsed || transport.isConnected())) {
            return transport;
        }
        disconnect();
        Transport t = session.getTransport("smtp");
        t.connect(settings.host(), settings.port(), settings.username(), settings.password());
        takes8Bit(t);
        transport = t;
        log.debug("connected to SMTP relay {}:{}", settings.host(), settings.port());
        return t;
    }

    private static boolean closing(MessagingException e) {
        return ("smtp-" + SmtpFailures.SERVICE_CLOSING)
                .equals(SmtpFailures.classify(e).reason());
    }

    private void disconnect() {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException e) {
                log.debug("closing the SMTP connection failed: {}", e.getClass().getSimpleName());
            }
            transport = null;
        }
    }

    @Override
    public void close() {
        disconnect();
    }

    /**
     * A message with at least one 8-bit body: it asks for {@code BODY=8BITMIME}, carries our
     * Message-ID, and keeps the email, to be built again as quoted-printable for a relay that does
     * not take 8-bit.
     */
    private static final class EightBitMessage extends SMTPMessage {
        private final String messageId;
        private final OutgoingEmail email;

        EightBitMessage(Session session, String messageId, OutgoingEmail email) {
            super(session);
            this.messageId = messageId;
            this.email = email;
            setMailExtension("BODY=8BITMIME");
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }

    /** A message whose Message-ID is ours (from the notification id), not a random one. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
