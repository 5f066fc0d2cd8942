package org.aftercare.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Postfix's {@code smtp-sink} on a loopback port, started with {@code -c}: it prints a running
 * {@code mesg=N} counter each time a message's final "." is received and answered, i.e. each time
 * it accepted a message. A reader thread notes the wall-clock time of every counter update, so
 * {@link #acceptedAt(long)} tells when the N-th message was accepted (the notifier's and
 * {@code smtp-source}'s alike: the same clock for both). As root it runs as {@code nobody}.
 */
final class SmtpSink implements AutoCloseable {

    final int port;
    private final Process process;
    private final Thread reader;
    private long[] counts = new long[1 << 16];
    private long[] times = new long[1 << 16];
    private int size;

    private SmtpSink(int port, Process process) {
        this.port = port;
        this.process = process;
        this.reader = new Thread(this::read, "smtp-sink-counter");
        reader.setDaemon(true);
        reader.start();
    }

    static SmtpSink start(Path binary) throws Exception {
        int port = KafkaServer.freePort();
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-c"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "nobody")); // smtp-sink refuses to run as root
        }
        command.addAll(List.of("127.0.0.1:" + port, "1000"));
        SmtpSink sink = new SmtpSink(
                port, new ProcessBuilder(command).redirectErrorStream(true).start());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return sink;
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !sink.process.isAlive()) {
                    sink.close();
                    throw new IllegalStateException("smtp-sink did not listen on port " + port, e);
                }
                Thread.sleep(50);
            }
        }
    }

    long pid() {
        return process.pid();
    }

    /** Messages accepted so far. */
    synchronized long count() {
        return size == 0 ? 0 : counts[size - 1];
    }

    /** Wall-clock milliseconds when the counter first reached {@code n}, or -1 if it has not. */
    synchronized long acceptedAt(long n) {
        int i = Arrays.binarySearch(counts, 0, size, n);
        if (i < 0) {
            i = -i - 1;
        }
        // Equal counts are possible (a session's end also prints): take the first of them.
        while (i > 0 && i < size && counts[i - 1] >= n) {
            i--;
        }
        return i < size ? times[i] : -1;
    }

    private synchronized void note(long count, long at) {
        if (size == counts.length) {
            counts = Arrays.copyOf(counts, size * 2);
            times = Arrays.copyOf(times, size * 2);
        }
        counts[size] = count;
        times[size] = at;
        size++;
    }

    /** Reads {@code sess=.. quit=.. mesg=N} updates, separated by carriage returns. */
    private void read() {
        byte[] buffer = new byte[8192];
        StringBuilder line = new StringBuilder();
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                long at = System.currentTimeMillis();
                for (int i = 0; i < n; i++) {
                    char c = (char) buffer[i];
                    if (c == '\r' || c == '\n') {
                        long count = messages(line);
                        if (count >= 0) {
                            note(count, at);
                        }
                        line.setLength(0);
                    } else {
                        line.append(c);
                    }
                }
            }
        } catch (IOException e) {
            // the sink was stopped
        }
    }

    private static final String COUNTER = "mesg=";

    /** The {@code mesg=} counter of one update, or -1 if the text holds none. */
    static long messages(CharSequence update) {
        String s = update.toString();
        int at = s.lastIndexOf(COUNTER);
        if (at < 0) {
            return -1;
        }
        int start = at + COUNTER.length();
        int end = start;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        return end == start ? -1 : Long.parseLong(s.substring(start, end));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }
}
