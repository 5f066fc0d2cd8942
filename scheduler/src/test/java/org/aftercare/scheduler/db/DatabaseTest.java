package org.aftercare.scheduler.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.aftercare.scheduler.testing.Databases;
import org.junit.jupiter.api.Test;

/** What a failed transaction tells whoever logs it: where and which SQL state, never the values. */
class DatabaseTest {

    @Test
    void aUniqueViolationIsReportedByItsSqlStateAndOperationWithoutTheValueTheDriverQuotes() {
        try (Database db = Database.open(Databases.h2(), "sa", "")) {
            db.inTransaction(c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE TABLE roster_probe (external_id VARCHAR(64) PRIMARY KEY)");
                }
                return null;
            });
            Database.Work<Void> insert = c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO roster_probe (external_id) VALUES (?)")) {
                    ps.setString(1, "MRN-900-2");
                    ps.executeUpdate();
                }
                return null;
            };
            db.inTransaction(insert);

            Database.DatabaseException e =
                    catchThrowableOfType(Database.DatabaseException.class, () -> db.inTransaction(insert));

            assertThat(e.isUniqueViolation()).isTrue();
            assertThat(e.sqlState()).isEqualTo("23505");
            assertThat(e.getMessage()).contains("23505").contains("DatabaseTest");
            StringWriter logged = new StringWriter();
            e.printStackTrace(new PrintWriter(logged));
            assertThat(logged.toString())
                    .as("what a log line with the exception would show")
                    .doesNotContain("MRN-900-2")
                    .contains("DatabaseTest");
        }
    }
}
