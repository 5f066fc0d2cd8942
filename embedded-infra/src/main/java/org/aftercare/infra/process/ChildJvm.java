package org.aftercare.infra.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service's {@code main} in a JVM of its own, for fault tests that need a real process to kill.
 *
 * <p>In: the main class, its environment (the only {@code OUTREACH_*} variables it sees; the
 * caller's own are removed) and a log file for its output. The child runs with this JVM's class
 * path and the container image's flags (a fixed heap instead of a share of the container's
 * memory). {@link #kill()} is {@link Process#destroyForcibly()}, a SIGKILL on Linux: no shutdown
 * hook runs, nothing is flushed or closed, exactly as with {@code kill -9}.
 */
public final class ChildJvm implements AutoCloseable {

    private static final List<String> FLAGS =
            List.of("-Xmx384m", "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED");

    private final Process process;
    private final Path log;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code mainClass} with this environment; its stdout and stderr are appended to {@code log}. */
    public static ChildJvm start(Class<?> mainClass, Map<String, String> environment, Path log) {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(FLAGS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("OUTREACH_"));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            return new ChildJvm(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass.getSimpleName(), e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Where its output goes. */
    public Path log() {
        return log;
    }

    /**
     * SIGKILL, then waits until the process is gone (at most {@code wait}), so that whatever
     * happens afterwards is not its doing.
     *
     * @throws IllegalStateException when it is still there after {@code wait}
     */
    public void kill(Duration wait) throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("process " + process.pid() + " survived SIGKILL for " + wait);
        }
    }

    /** Kills it if it still runs. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill(Duration.ofSeconds(30));
        }
    }
}
