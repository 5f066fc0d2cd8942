package org.aftercare.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One process the benchmark started (a service's JVM, the broker, a tool), its output in
 * {@code <dir>/<name>.log}. Its environment is the driver's without any {@code OUTREACH_*}
 * variable, plus the given ones. Closing sends SIGTERM (a service's graceful stop) and, after
 * 30 s, SIGKILL.
 */
final class Child implements AutoCloseable {

    final String name;
    final Path log;
    private final Process process;

    private Child(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    static Child start(String name, List<String> command, Map<String, String> env, Path dir) throws IOException {
        Path log = dir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("OUTREACH_"));
        builder.environment().putAll(env);
        return new Child(name, log, builder.start());
    }

    /** {@code java} (the driver's own), the given JVM options, then the rest of the command line. */
    static List<String> java(List<String> jvmOptions, String... rest) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of(rest));
        return command;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits for the process to end; its exit code. */
    int await(long timeout, TimeUnit unit) throws InterruptedException {
        if (!process.waitFor(timeout, unit)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not finish within " + timeout + " " + unit + "; see " + log);
        }
        return process.exitValue();
    }

    /** Fails with the end of its log when the process has ended. */
    void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    name + " exited with code " + process.exitValue() + "; the end of " + log + ":\n" + tail(20));
        }
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
