package org.aftercare.infra.postgres;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A throwaway PostgreSQL server for tests: one {@link PostgresServer} per JVM with the
 * {@link PostgresServer#FAST_UNSAFE} settings, started on first use, stopped and deleted when the
 * JVM exits. Each {@link #newDatabase()} is a fresh database.
 *
 * <p>When the binaries are missing the tests <em>fail</em> with a clear message rather than skip:
 * {@code .ci/run} installs them ({@code apt-get install postgresql}).
 */
public final class PostgresExtension implements BeforeAllCallback {

    public static final String USER = PostgresServer.USER;

    private static PostgresServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server();
    }

    /** A JDBC URL of a new, empty database on the shared server. */
    public String newDatabase() {
        return server().newDatabase();
    }

    private static synchronized PostgresServer server() {
        if (server == null) {
            server = PostgresServer.start(PostgresServer.FAST_UNSAFE);
            PostgresServer started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "postgres-test-server-stop"));
        }
        return server;
    }
}
