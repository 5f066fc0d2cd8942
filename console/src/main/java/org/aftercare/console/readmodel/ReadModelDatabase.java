package org.aftercare.console.readmodel;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The console's own database: a HikariCP pool over H2 (file, the default) or PostgreSQL, with the
 * schema brought up to date by the Flyway migrations in {@code db/console} at start (not the
 * usual {@code db/migration}: the scheduler's migrations are there, and a JVM running both, as the
 * local run and the console's tests do, would find two V1s). It holds
 * the read model and the access audit. Shaped like the scheduler's {@code db/Database}.
 */
public final class ReadModelDatabase implements AutoCloseable {

    /** Work that runs inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final HikariDataSource dataSource;
    private final boolean postgres;

    private ReadModelDatabase(HikariDataSource dataSource, boolean postgres) {
        this.dataSource = dataSource;
        this.postgres = postgres;
    }

    public static ReadModelDatabase open(ReadModelSettings settings) {
        return open(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), settings.dbPoolSize());
    }

    public static ReadModelDatabase open(String url, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("console-db");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setAutoCommit(false);
        config.setConnectionTimeout(10_000);
        boolean pg = url.startsWith("jdbc:postgresql:");
        if (pg) {
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        HikariDataSource ds = new HikariDataSource(config);
        try {
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/console")
                    // V7 is PostgreSQL's alone (expression and pattern indexes H2 lacks): in Java
                    .javaMigrations(new CaseloadSearchIndexes())
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new ReadModelDatabase(ds, pg);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public boolean isPostgres() {
        return postgres;
    }

    /** Runs ANALYZE on PostgreSQL (after a rebuild or a bulk load); no-op on H2. */
    public void analyze() {
        if (!postgres) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            st.execute("ANALYZE");
        } catch (SQLException e) {
            throw new DatabaseException("analyze", e);
        }
    }

    /** Runs the work in a transaction: committed if it returns, rolled back if it throws. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseException(caller(), e);
        }
    }

    /** Runs a read (a transaction that is rolled back: nothing to commit). */
    public <T> T read(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            try {
                return work.run(c);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new DatabaseException(caller(), e);
        }
    }

    private static String caller() {
        return StackWalker.getInstance()
                .walk(frames -> frames.filter(f -> !f.getClassName().equals(ReadModelDatabase.class.getName()))
                        .findFirst()
                        .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "."
                                + f.getMethodName())
                        .orElse("transaction"));
    }

    public boolean isReachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Exposes the pool's meters ({@code hikaricp_connections_*}, tagged {@code pool}) through HikariCP's Micrometer tracker. */
    public void bindMetrics(MeterRegistry registry) {
        dataSource.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /**
     * A database failure carrying only the SQL state, the vendor's code and the operation (drivers
     * quote values in their messages; those may be member data), and the driver's stack trace.
     */
    public static final class DatabaseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final String sqlState;

        public DatabaseException(String operation, SQLException e) {
            super("database error in " + operation + " (SQL state " + e.getSQLState() + ", code " + e.getErrorCode()
                    + ")");
            this.sqlState = e.getSQLState();
            setStackTrace(e.getStackTrace());
        }

        public String sqlState() {
            return sqlState;
        }
    }
}
