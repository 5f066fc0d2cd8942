package org.aftercare.scheduler.db;

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
 * The scheduler's own database: a HikariCP pool over H2 (file, the default) or PostgreSQL, with
 * the schema brought up to date by Flyway migrations at start: {@code db/migration} holds the
 * portable tables, {@code db/vendor/h2} and {@code db/vendor/postgresql} what differs per vendor
 * (Quartz's JDBC job store).
 */
public final class Database implements AutoCloseable {

    /** Work that runs inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final int LOCK_TIMEOUT_MILLIS = 60_000;

    private final HikariDataSource dataSource;
    private final boolean postgres;

    private Database(HikariDataSource dataSource, boolean postgres) {
        this.dataSource = dataSource;
        this.postgres = postgres;
    }

    public static Database open(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("scheduler-db");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(8);
        config.setAutoCommit(false);
        config.setConnectionTimeout(10_000);
        if (url.startsWith("jdbc:h2:")) {
            // H2 gives up on a row lock after 2 s; a member's row stays locked while its snapshot waits
            // for Kafka (up to 40 s, see EventPublisher), and an erasure must wait for that, not fail.
            // PostgreSQL waits without a limit.
            config.setConnectionInitSql("SET LOCK_TIMEOUT " + LOCK_TIMEOUT_MILLIS);
        }
        if (url.startsWith("jdbc:postgresql:")) {
            // one multi-row INSERT per statement batch (bulk import, due sweep)
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        HikariDataSource ds = new HikariDataSource(config);
        try {
            boolean pg = url.startsWith("jdbc:postgresql:");
            // Common tables, then the vendor's own (Quartz's job store differs in types).
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration", "classpath:db/vendor/" + (pg ? "postgresql" : "h2"))
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds, url.startsWith("jdbc:postgresql:"));
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Runs ANALYZE on PostgreSQL (after bulk loads, or the planner may pick a bad index); no-op on H2. */
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

    public boolean isPostgres() {
        return postgres;
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

    /** The method that asked for the transaction (class and method name: code, never data). */
    private static String caller() {
        return StackWalker.getInstance()
                .walk(frames -> frames.filter(f -> !f.getClassName().equals(Database.class.getName()))
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
     * A database failure. Drivers quote the offending values in their messages (H2 and PostgreSQL
     * both do for a unique violation), and whatever logs this exception logs its cause chain, so it
     * carries only the SQL state, the vendor's error code and the operation that failed; the
     * driver's exception is not kept as the cause, only its stack trace (where it failed).
     */
    public static final class DatabaseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final String sqlState;
        private final int errorCode;

        public DatabaseException(String operation, SQLException e) {
            super("database error in " + operation + " (SQL state " + e.getSQLState() + ", code " + e.getErrorCode()
                    + ")");
            this.sqlState = e.getSQLState();
            this.errorCode = e.getErrorCode();
            setStackTrace(e.getStackTrace());
        }

        public String sqlState() {
            return sqlState;
        }

        public int errorCode() {
            return errorCode;
        }

        /** A unique constraint refused the row (SQL state 23505 on H2 and PostgreSQL alike). */
        public boolean isUniqueViolation() {
            return "23505".equals(sqlState);
        }
    }
}
