package org.aftercare.infra.smtp;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real SMTP server inside this JVM (GreenMail), bound to 127.0.0.1, that accepts mail for any
 * recipient without authentication and keeps every message in memory.
 *
 * <p>In: SMTP from the notifier (or a test). Out: the received messages, once per SMTP transaction
 * however many recipients it had, in arrival order, each with a stable id that the local inbox page
 * shows. Used by the local run and by every test that asserts on an email that arrived.
 */
public final class EmbeddedSmtp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSmtp.class);
    private static final String HOST = "127.0.0.1";

    private final GreenMail greenMail;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final List<ReceivedMessage> messages = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile int port;

    private EmbeddedSmtp(GreenMail greenMail, Clock clock) {
        this.greenMail = greenMail;
        this.clock = clock;
    }

    /**
     * Starts a server on 127.0.0.1.
     *
     * @param port the SMTP port, or 0 for a random free port
     * @throws IllegalStateException if the server cannot bind the port
     */
    public static EmbeddedSmtp start(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        GreenMail greenMail = new GreenMail(new ServerSetup(port, HOST, ServerSetup.PROTOCOL_SMTP));
        greenMail.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        EmbeddedSmtp smtp = new EmbeddedSmtp(greenMail, Clock.systemUTC());
        try {
            greenMail.start();
        } catch (RuntimeException e) {
            greenMail.stop();
            throw new IllegalStateException(
                    "SMTP server could not start on " + HOST + ":" + port + ": " + e.getMessage(), e);
        }
        smtp.port = greenMail.getSmtp().getPort();
        // Every RCPT of a transaction reaches this handler with the same MovingMessage; we keep one copy.
        greenMail.getUserManager().setMessageDeliveryHandler(smtp.new Recorder());
        LOG.info("SMTP server listening on {}:{}", HOST, smtp.port());
        return smtp;
    }

    /** The host clients connect to: {@code 127.0.0.1}. */
    public String host() {
        return HOST;
    }

    /** The bound SMTP port. */
    public int port() {
        return port;
    }

    /** Every message received so far, oldest first; the instances are shared, do not modify them. */
    public List<MimeMessage> received() {
        return messages().stream().map(ReceivedMessage::mime).toList();
    }

    /** Every message received so far with its id and envelope, oldest first. */
    public List<ReceivedMessage> messages() {
        lock.lock();
        try {
            return List.copyOf(messages);
        } finally {
            lock.unlock();
        }
    }

    /** The message with this id, if it was received and not deleted since. */
    public Optional<ReceivedMessage> message(String id) {
        lock.lock();
        try {
            return messages.stream().filter(m -> m.id().equals(id)).findFirst();
        } finally {
            lock.unlock();
        }
    }

    /** How many messages are held now. */
    public int count() {
        lock.lock();
        try {
            return messages.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until at least {@code count} messages are held and returns them, oldest first.
     *
     * @throws IllegalStateException if fewer arrived within {@code timeout}, or the wait was interrupted
     */
    public List<MimeMessage> awaitMessages(int count, Duration timeout) {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (messages.size() < count) {
                if (remaining <= 0) {
                    throw new IllegalStateException(
                            "Expected at least " + count + " messages within " + timeout + ", got " + messages.size());
                }
                remaining = arrived.awaitNanos(remaining);
            }
            return messages.stream().map(ReceivedMessage::mime).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + count + " messages", e);
        } finally {
            lock.unlock();
        }
    }

    /** Forgets every message held; ids keep counting up, so an old id never points at a new message. */
    public void deleteAll() {
        lock.lock();
        try {
            messages.clear();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the server. Safe to call more than once. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            greenMail.stop();
            LOG.info("SMTP server on {}:{} stopped", HOST, port());
        }
    }

    private void record(MovingMessage moving) throws MessagingException {
        byte[] raw;
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            moving.getMessage().writeTo(out);
            raw = out.toByteArray();
        } catch (IOException e) {
            throw new MessagingException("Cannot read the received message", e);
        }
        MailAddress returnPath = moving.getReturnPath();
        List<String> recipients =
                moving.getToAddresses().stream().map(MailAddress::getEmail).toList();
        ReceivedMessage message = ReceivedMessage.of(
                Long.toString(sequence.incrementAndGet()),
                clock.instant(),
                returnPath == null ? "" : returnPath.getEmail(),
                recipients,
                raw);
        lock.lock();
        try {
            messages.add(message);
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Replaces GreenMail's per-recipient mailbox delivery: records each SMTP transaction once and
     * stores nothing in GreenMail's mailboxes, so thousands of messages are held only once.
     */
    private final class Recorder implements MessageDeliveryHandler {

        private final DiscardingUser discard = new DiscardingUser();
        private MovingMessage last;

        @Override
        public synchronized GreenMailUser handle(MovingMessage moving, MailAddress recipient)
                throws MessagingException {
            if (moving != last) {
                last = moving;
                record(moving);
            }
            return discard;
        }
    }

    /** The mailbox GreenMail delivers into after {@link Recorder} kept the message: it keeps nothing. */
    private static final class DiscardingUser implements GreenMailUser {

        @Override
        public String getEmail() {
            return "discard@localhost";
        }

        @Override
        public String getLogin() {
            return "discard";
        }

        @Override
        public void deliver(MovingMessage msg) {
            // Already recorded once by Recorder.
        }

        @Override
        public void deliver(MimeMessage msg) {
            // Already recorded once by Recorder.
        }

        @Override
        public void create() {
            // No mailbox to create.
        }

        @Override
        public void delete() {
            // No mailbox to delete.
        }

        @Override
        public String getPassword() {
            return "";
        }

        @Override
        public void setPassword(String password) {
            // Authentication is disabled.
        }

        @Override
        public void authenticate(String password) {
            // Authentication is disabled.
        }

        @Override
        public String getQualifiedMailboxName() {
            return "discard";
        }
    }
}
