package org.aftercare.scheduler.quartz;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/**
 * Hands Quartz's JDBC job store connections from the scheduler's own pool (HikariCP), so Quartz
 * and the member tables share one database and one pool, and Quartz never builds a pool of its own.
 * The pool belongs to {@link org.aftercare.scheduler.db.Database}; shutting Quartz down leaves it open.
 */
final class PoolConnectionProvider implements ConnectionProvider {

    private final DataSource dataSource;

    PoolConnectionProvider(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void shutdown() {
        // the pool is closed by Database, after Quartz has stopped
    }

    @Override
    public void initialize() {
        // nothing to set up: the pool already runs
    }
}
