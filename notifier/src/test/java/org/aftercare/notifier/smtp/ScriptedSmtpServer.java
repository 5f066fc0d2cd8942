package org.aftercare.notifier.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw SMTP server on a {@link ServerSocket} that misbehaves on purpose: silent after connect,
 * silent after the message data, a 550 on RCPT, a 421 on the second MAIL of a connection, or a
 * close after each message. Counts connections and accepted messages.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

    public enum Behaviour {
        NORMAL,
        SILENT_AFTER_CONNECT,
        SILENT_AFTER_DATA,
        REJECT_RECIPIENT,
        CLOSING_421_ON_SECOND_MAIL,
        CLOSE_AFTER_EACH_MESSAGE
    }

    private final ServerSocket server;
    private final Behaviour behaviour;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public ScriptedSmtpServer(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofPlatform().daemon().name("scripted-smtp").start(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    public int connections() {
        return connections.get();
    }

    public int accepted() {
        return accepted.get();
    }

    /** Connections the server side has closed. */
    public int closed() {
        return closed.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                connections.incrementAndGet();
                Thread.ofPlatform().daemon().start(() -> converse(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void converse(Socket socket) {
        try (socket) {
            if (behaviour == Behaviour.SILENT_AFTER_CONNECT) {
                socket.getInputStream().read(); // hold the connection, say nothing
                return;
            }
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            say(out, "220 scripted ESMTP");
            int mails = 0;
            String line;
            while ((line = in.readLine()) != null) {
                String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (cmd) {
                    case "EHLO", "HELO" -> say(out, "250 scripted");
                    case "MAIL" -> {
                        mails++;
                        if (behaviour == Behaviour.CLOSING_421_ON_SECOND_MAIL && mails == 2) {
                            say(out, "421 closing, try again");
                            return;
                        }
                        say(out, "250 OK");
                    }
                    case "RCPT" ->
                        say(out, behaviour == Behaviour.REJECT_RECIPIENT ? "550 5.1.1 no such user" : "250 OK");
                    case "DATA" -> {
                        say(out, "354 go ahead");
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            // message content
                        }
                        if (behaviour == Behaviour.SILENT_AFTER_DATA) {
                            socket.getInputStream().read();
                            return;
                        }
                        accepted.incrementAndGet();
                        say(out, "250 accepted");
                        if (behaviour == Behaviour.CLOSE_AFTER_EACH_MESSAGE) {
                            return; // the server drops the idle connection
                        }
                    }
                    case "QUIT" -> {
                        say(out, "221 bye");
                        return;
                    }
                    default -> say(out, "250 OK"); // NOOP, RSET
                }
            }
        } catch (IOException e) {
            // client went away
        } finally {
            closed.incrementAndGet();
        }
    }

    private static void say(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
