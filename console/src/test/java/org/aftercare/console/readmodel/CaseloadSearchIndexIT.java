package org.aftercare.console.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import org.aftercare.infra.postgres.PostgresExtension;
import org.aftercare.infra.time.MutableClock;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL the caseload's searches (a program id, a first-name prefix) read members through
 * the V7 indexes, not by reading all of them: the table's sequential-scan counter does not move
 * while the real {@link Caseload} answers the searches, and the new indexes' counters do. (The
 * console benchmark found a program-id search at 100,000 members walking the whole need index.)
 */
class CaseloadSearchIndexIT {

    private static final int MEMBERS = 20_000;
    private static final PostgresExtension POSTGRES = new PostgresExtension();

    @Test
    void searchesByProgramIdAndFirstNameUseTheIndexesNotAScanOfAllMembers() throws Exception {
        String url = POSTGRES.newDatabase();
        try (ReadModelDatabase db = ReadModelDatabase.open(url, PostgresExtension.USER, "", 2)) {
            load(db);
            db.analyze();
        }
        long[] before = counters(url);
        assertThat(before[1]).as("V7 made rm_member_external_id_prefix").isGreaterThanOrEqualTo(0);

        Instant now = Instant.parse("2026-03-15T12:00:00Z");
        try (ReadModelDatabase db = ReadModelDatabase.open(url, PostgresExtension.USER, "", 2)) {
            Caseload caseload = new Caseload(db, new MutableClock(now));
            CaseloadPage byId = caseload.page(CaseloadQuery.all("sup").withSearch("p0012345"));
            assertThat(byId.rows()).extracting(CaseloadRow::externalId).containsExactly("P0012345");
            CaseloadPage byName = caseload.page(CaseloadQuery.all("sup").withSearch("Name1234"));
            assertThat(byName.total()).isEqualTo(11); // Name1234 and Name12340..Name12349
        } // the pool's backends exit, which flushes their statistics

        // (an exiting backend flushes its statistics as it goes; a moment may pass)
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            long[] now2 = counters(url);
            return now2[1] > before[1] && now2[2] > before[2];
        });
        long[] after = counters(url);
        assertThat(after[0]).as("sequential scans of rm_member").isEqualTo(before[0]);
        assertThat(after[1]).as("scans of rm_member_external_id_prefix").isGreaterThan(before[1]);
        assertThat(after[2]).as("scans of rm_member_first_name_prefix").isGreaterThan(before[2]);
    }

    /** rm_member's sequential scans, then the scans of the two search indexes (-1 when missing). */
    private static long[] counters(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, PostgresExtension.USER, "")) {
            long[] out = new long[3];
            try (PreparedStatement ps =
                            c.prepareStatement("SELECT seq_scan FROM pg_stat_user_tables WHERE relname = 'rm_member'");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                out[0] = rs.getLong(1);
            }
            out[1] = indexScans(c, "rm_member_external_id_prefix");
            out[2] = indexScans(c, "rm_member_first_name_prefix");
            return out;
        }
    }

    private static long indexScans(Connection c, String index) throws Exception {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = ?")) {
            ps.setString(1, index);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    private static void load(ReadModelDatabase db) {
        db.inTransaction(c -> {
            try (PreparedStatement m = c.prepareStatement("""
                    INSERT INTO rm_member (member_id, revision, external_id, first_name, first_name_lower, time_zone,
                      status, tier, tier_rank)
                    VALUES (?, 1, ?, ?, ?, 'UTC', 'active', 'standard', 2)""")) {
                for (int i = 0; i < MEMBERS; i++) {
                    m.setString(1, "member-%07d".formatted(i));
                    m.setString(2, "P%07d".formatted(i * 7 % 10_000_000));
                    m.setString(3, "Name" + i);
                    m.setString(4, "name" + i);
                    m.addBatch();
                    if (i % 5000 == 4999) {
                        m.executeBatch();
                    }
                }
                m.executeBatch();
            }
            // the member the program-id search looks for
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE rm_member SET external_id = 'P0012345' WHERE member_id = 'member-0000001'")) {
                p.executeUpdate();
            }
            return null;
        });
    }
}
