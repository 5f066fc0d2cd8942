package org.aftercare.notifier.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A small pool of reused SMTP connections ({@link SmtpMailer}s, {@link SmtpSettings#poolSize()}
 * of them): a sender borrows one, sends, and gives it back. Each connection reconnects by itself
 * after the server closed it or answered 421. Thread-safe. Senders may outnumber connections: the
 * delivery loop runs more workers than connections, so rendering and building the next emails go
 * on while every connection is busy.
 */
public final class SmtpPool implements Mailer, AutoCloseable {

    private final SmtpSettings settings;
    private final List<SmtpMailer> all = new ArrayList<>();
    private final BlockingQueue<SmtpMailer> idle;

    public SmtpPool(SmtpSettings settings) {
        this.settings = settings;
        this.idle = new ArrayBlockingQueue<>(settings.poolSize());
        AtomicBoolean relayTakes8Bit = new AtomicBoolean();
        for (int i = 0; i < settings.poolSize(); i++) {
            SmtpMailer mailer = new SmtpMailer(settings, relayTakes8Bit);
            all.add(mailer);
            idle.add(mailer);
        }
    }

    public int size() {
        return all.size();
    }

    /**
     * Builds the message first, without a connection (the CPU work of one sender overlaps another's
     * SMTP round trips), then borrows a connection to send it.
     */
    @Override
    public void send(OutgoingEmail email) throws SendFailure {
        MimeMessage message = all.get(0).build(email);
        SmtpMailer mailer;
        try {
            mailer = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SendFailure(SendFailure.Kind.TRANSIENT, "interrupted", e);
        }
        try {
            mailer.send(message);
        } finally {
            idle.add(mailer);
        }
    }

    /**
     * Builds the email's message as a send would, once 8-bit and once as for a relay without
     * {@code 8BITMIME}, and writes both out to nowhere: no connection is used or opened (the
     * {@code WarmUp}'s rehearsal of the sending path).
     */
    public void rehearse(OutgoingEmail email) throws SendFailure {
        SmtpMailer builder = all.get(0);
        try {
            builder.build(email, true).writeTo(OutputStream.nullOutputStream());
            builder.build(email, false).writeTo(OutputStream.nullOutputStream());
        } catch (IOException | MessagingException e) {
            throw new SendFailure(SendFailure.Kind.PERMANENT, "invalid-message", e);
        }
    }

    /**
     * True if the relay answers its 220 greeting within the timeout (the readiness probe: a TCP
     * connect and one line, no SMTP session, nothing sent).
     */
    public boolean reachable() {
        int timeout = (int) settings.timeout().toMillis();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(settings.host(), settings.port()), timeout);
            socket.setSoTimeout(timeout);
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String greeting = in.readLine();
            if (greeting != null) {
                socket.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
            }
            return greeting != null && greeting.startsWith("220");
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        all.forEach(SmtpMailer::close);
    }
}
