package org.aftercare.console.readmodel;

import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration V7 of {@code db/console}, in Java because it is PostgreSQL's alone: indexes the
 * caseload's search predicates as {@link Caseload} writes them, {@code first_name_lower LIKE
 * 'prefix%'} and {@code LOWER(external_id) LIKE 'prefix%'}. Without them a program-id search reads
 * every member (a sequential scan for the count, and for the page a walk of the need index
 * filtering all 100,000 rows, since nothing tells the planner that one member matches). The
 * pattern operator classes make the prefix LIKE indexable whatever the database's collation (a
 * plain B-tree serves LIKE only under the C collation), and the expression index gives the planner
 * statistics on {@code LOWER(external_id)}. H2 (the local run) gets no index: it has neither
 * expression indexes nor operator classes, and its caseload is small.
 */
final class CaseloadSearchIndexes implements JavaMigration {

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("7");
    }

    @Override
    public String getDescription() {
        return "caseload search indexes";
    }

    @Override
    public Integer getChecksum() {
        return 7_001;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        if (!"PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
            return;
        }
        try (Statement st = c.createStatement()) {
            st.execute("CREATE INDEX rm_member_first_name_prefix ON rm_member (first_name_lower varchar_pattern_ops)");
            st.execute(
                    "CREATE INDEX rm_member_external_id_prefix ON rm_member ((LOWER(external_id)) text_pattern_ops)");
        }
    }
}
