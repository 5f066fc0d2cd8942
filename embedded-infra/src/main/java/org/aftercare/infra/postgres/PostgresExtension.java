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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A throwaway PostgreSQL server for tests, from Debian's {@code postgresql} package: a fresh
 * cluster made with {@code initdb} in a temp directory, started with {@code pg_ctl} on a free
 * loopback port, stopped and deleted when the JVM exits. No system service is needed or touched.
 * As root (initdb refuses root) the cluster belongs to the {@code postgres} user and the tools run
 * through {@code runuser}. One server per JVM; each {@link #newDatabase()} is a fresh database.
 *
 * <p>When the binaries are missing the tests <em>fail</em> with a clear message rather than skip:
 * {@code .ci/run} installs them ({@code apt-get install postgresql}).
 */
public final class PostgresExtension implements BeforeAllCallback {

    public static final String USER = "outreach";

    @Override
    public void beforeAll(ExtensionContext context) {
        Server.get();
    }

    /** A JDBC URL of a new, empty database on the shared server. */
    public String newDatabase() {
        Server server = Server.get();
        String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(server.url("postgres"), USER, "");
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
        }
        return server.url(name);
    }

    private static final class Server {

        private static Server instance;

        private final Path dir;
        private final Path bin;
        private final int port;
        private final boolean asPostgresUser;

        private Server(Path dir, Path bin, int port, boolean asPostgresUser) {
            this.dir = dir;
            this.bin = bin;
            this.port = port;
            this.asPostgresUser = asPostgresUser;
        }

        static synchronized Server get() {
            if (instance == null) {
                instance = start();
                Server started = instance;
                Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "postgres-test-server-stop"));
            }
            return instance;
        }

        String url(String database) {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
        }

        private static Path findBin() {
            Path root = Path.of("/usr/lib/postgresql");
            if (Files.isDirectory(root)) {
                try (Stream<Path> versions = Files.list(root)) {
                    return versions.map(v -> v.resolve("bin"))
                            .filter(b ->
                                    Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                            .max(Comparator.comparing(Path::toString))
                            .orElse(null);
                } catch (IOException e) {
                    return null;
                }
            }
            return null;
        }

        private static Server start() {
            Path bin = findBin();
            if (bin == null) {
                throw new IllegalStateException("PostgreSQL tests need Debian's postgresql package "
                        + "(/usr/lib/postgresql/<version>/bin/initdb and pg_ctl were not found): "
                        + "apt-get install postgresql, as .ci/run does");
            }
            boolean root = "root".equals(System.getProperty("user.name"));
            try {
                Path dir = Files.createTempDirectory("outreach-pg-");
                Path data = dir.resolve("data");
                if (root) {
                    run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false, Duration.ofSeconds(10));
                }
                int port;
                try (ServerSocket s = new ServerSocket(0)) {
                    port = s.getLocalPort();
                }
                Server server = new Server(dir, bin, port, root);
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
                                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                                        + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=100",
                                "start"),
                        Duration.ofSeconds(90));
                return server;
            } catch (IOException e) {
                throw new IllegalStateException("cannot start a test PostgreSQL: " + e.getMessage(), e);
            }
        }

        private void tool(List<String> command, Duration timeout) throws IOException {
            List<String> full = new ArrayList<>();
            if (asPostgresUser) {
                full.addAll(List.of("runuser", "-u", "postgres", "--"));
            }
            full.addAll(command);
            run(full, true, timeout);
        }

        private static void run(List<String> command, boolean inheritNothing, Duration timeout) throws IOException {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try {
                // pg_ctl start leaves the server holding the pipe; read to our own buffer with a bound.
                String out;
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new IOException(command.getFirst() + " did not finish within " + timeout);
                }
                out = new String(p.getInputStream().readNBytes(8192));
                if (p.exitValue() != 0) {
                    throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        void stop() {
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
                System.err.println("test PostgreSQL did not stop cleanly: " + e.getMessage());
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                System.err.println("test PostgreSQL files not deleted: " + e.getMessage());
            }
        }
    }
}
