package org.aftercare.infra.postgres;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server from Debian's {@code postgresql} package: a fresh cluster made
 * with {@code initdb} in a temp directory, started with {@code pg_ctl} on a free loopback port,
 * stopped and deleted by {@link #close()}. No system service is needed or touched. As root
 * (initdb refuses root) the cluster belongs to the {@code postgres} user and the tools run through
 * {@code runuser}. Each {@link #newDatabase()} is a fresh database, user {@link #USER} without a
 * password.
 *
 * <p>In: the server settings ({@code -c name=value}) on top of the listen address and socket
 * directory, e.g. {@link #FAST_UNSAFE} for tests, or none for PostgreSQL's own durable defaults
 * (the pipeline benchmark). Out: JDBC URLs and the postmaster's process id (for CPU accounting).
 * Used by the tests' {@link PostgresExtension} and by the benchmarks.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "outreach";

    /** No fsync, no synchronous commit: for tests, where a crash of the machine loses nothing of value. */
    public static final Map<String, String> FAST_UNSAFE = Map.of(
            "fsync", "off",
            "synchronous_commit", "off",
            "full_page_writes", "off",
            "max_connections", "100");

    private final Path dir;
    private final Path bin;
    private final int port;
    private final boolean asPostgresUser;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PostgresServer(Path dir, Path bin, int port, boolean asPostgresUser) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /**
     * Makes and starts a new cluster with the given settings.
     *
     * @throws IllegalStateException when the binaries are missing (with what to install) or the
     *     server does not start
     */
    public static PostgresServer start(Map<String, String> settings) {
        Path bin = findBin();
        if (bin == null) {
            throw new IllegalStateException("PostgreSQL needs Debian's postgresql package "
                    + "(/usr/lib/postgresql/<version>/bin/initdb and pg_ctl were not found): "
                    + "apt-get install postgresql, as .ci/run does");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path dir = Files.createTempDirectory("outreach-pg-");
            Path data = dir.resolve("data");
            if (root) {
                run(List.of("chown", "-R", "postgres:postgres", dir.toString()), Duration.ofSeconds(10));
            }
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            PostgresServer server = new PostgresServer(dir, bin, port, root);
            server.tool(
                    List.of(
                            bin.resolve("initdb").toString(),
                            "-D",
                            data.toString(),
                            "-U",
                            USER,
                            "-A",
                            "trust",
                            "-E",
                            "UTF8",
                            "--no-sync",
                            "--locale=C"),
                    Duration.ofSeconds(60));
            StringBuilder options = new StringBuilder("-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1");
            settings.forEach((name, value) ->
                    options.append(" -c ").append(name).append('=').append(value));
            server.tool(
                    List.of(
                            bin.resolve("pg_ctl").toString(),
                            "-D",
                            data.toString(),
                            "-l",
                            dir.resolve("log").toString(),
                            "-w",
                            "-t",
                            "60",
                            "-o",
                            options.toString(),
                            "start"),
                    Duration.ofSeconds(90));
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a throwaway PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** A JDBC URL of {@code database} on this server. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A JDBC URL of a new, empty database. */
    public String newDatabase() {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, "");
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a database: " + e.getMessage(), e);
        }
        return url(name);
    }

    /** The postmaster's process id (the first line of {@code postmaster.pid}). */
    public long pid() {
        try {
            return Long.parseLong(Files.readAllLines(dir.resolve("data").resolve("postmaster.pid"))
                    .getFirst()
                    .strip());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the postmaster's pid: " + e.getMessage(), e);
        }
    }

    /** Stops the server ({@code immediate}) and deletes its files. Safe to call more than once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            tool(
                    List.of(
                            bin.resolve("pg_ctl").toString(),
                            "-D",
                            dir.resolve("data").toString(),
                            "-m",
                            "immediate",
                            "-w",
                            "stop"),
                    Duration.ofSeconds(30));
        } catch (IOException e) {
            System.err.println("throwaway PostgreSQL did not stop cleanly: " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            System.err.println("throwaway PostgreSQL files not deleted: " + e.getMessage());
        }
    }

    private static Path findBin() {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                return versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparing(Path::toString))
                        .orElse(null);
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    private void tool(List<String> command, Duration timeout) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full, timeout);
    }

    private static void run(List<String> command, Duration timeout) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            // pg_ctl start leaves the server holding the pipe; read to our own buffer with a bound.
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.getFirst() + " did not finish within " + timeout);
            }
            String out = new String(p.getInputStream().readNBytes(8192));
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
