package org.aftercare.scheduler.member;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.aftercare.infra.postgres.PostgresExtension;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.testing.Databases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The profile outbox's query on PostgreSQL with many members, all published but a few: it reads
 * the partial index of the members owed a snapshot, not the whole member table (which the
 * 1,000,000-member pipeline benchmark found scanned and sorted on every batch and every 5 s), and
 * it still finds exactly those members, oldest change first.
 */
class MemberOutboxIndexIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = Databases.POSTGRES;

    private static final String OUTBOX_QUERY = """
            SELECT member_id FROM member WHERE published_revision < revision
            ORDER BY updated_at FETCH FIRST 1000 ROWS ONLY FOR UPDATE SKIP LOCKED""";

    @Test
    void theOutboxReadsOnlyTheMembersOwedASnapshot() throws Exception {
        String url = POSTGRES.newDatabase();
        try (Database db = Database.open(url, Databases.user(url), "")) {
            try (Connection c = db.dataSource().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("""
                        INSERT INTO member (member_id, external_id, first_name, email, time_zone, locale, status,
                            plan_json, coping_plan_json, preferences_json, revision, published_revision,
                            created_at, updated_at)
                        SELECT 'm-' || i, 'x-' || i, 'Sam', 'm' || i || '@example.org', 'UTC', 'en', 'ACTIVE',
                            '{}', '{}', '{}', 2,
                            CASE WHEN i % 10000 = 0 THEN 1 ELSE 2 END,
                            now(), now() - (i || ' seconds')::interval
                        FROM generate_series(1, 50000) AS i""");
                s.execute("ANALYZE member");
                List<String> plan = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("EXPLAIN " + OUTBOX_QUERY)) {
                    while (rs.next()) {
                        plan.add(rs.getString(1));
                    }
                }
                assertThat(String.join("\n", plan))
                        .contains("member_unpublished_pending")
                        .doesNotContain("Seq Scan");
                c.setAutoCommit(false);
                assertThat(new MemberStore().lockUnpublished(c, 1000))
                        .containsExactly("m-50000", "m-40000", "m-30000", "m-20000", "m-10000");
                c.rollback();
            }
        }
    }
}
