package org.aftercare.scheduler.member;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.testing.Databases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The member list at 100,000 members on H2 and PostgreSQL: a walk through every page sees each
 * member once in member-id order, the filters and the search count right, and the search and the
 * status filter are answered from the V7/V7_1 indexes (read from the query plan; no timing is
 * asserted, the times are printed for a reader).
 */
class MemberListAtScaleIT {

    private static final int MEMBERS = 100_000;
    private static final String[] NAMES = {"Sam", "Samira", "Jo", "Kim", "Alex", "Maria", "Li", "Omar", "Zed", "Quinn"};

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.aftercare.scheduler.testing.Databases#both")
    void pagesFiltersAndSearchesAHundredThousandMembersFromIndexes(String vendor, String url) throws Exception {
        try (Database db = Database.open(url, Databases.user(url), "")) {
            insert(db);
            db.analyze();
            MemberList list = new MemberList(db);

            long started = System.nanoTime();
            List<String> walked = new ArrayList<>();
            String after = null;
            do {
                MemberList.Page page = list.page(new MemberList.Query(null, null, null, after, 200));
                page.rows().forEach(r -> walked.add(r.memberId()));
                after = page.continueAfter().orElse(null);
            } while (after != null);
            System.out.printf(
                    "member list (%s): %d members walked in pages of 200 in %d ms%n",
                    vendor, walked.size(), (System.nanoTime() - started) / 1_000_000);
            assertThat(walked).hasSize(MEMBERS).doesNotHaveDuplicates().isSorted();

            assertThat(count(list, new MemberList.Query(MemberStatus.PAUSED, null, null, null, 200)))
                    .isEqualTo(MEMBERS / 50);
            assertThat(count(list, new MemberList.Query(null, "SAMI", null, null, 200)))
                    .isEqualTo(MEMBERS / NAMES.length);
            assertThat(count(list, new MemberList.Query(null, "sam", null, null, 200)))
                    .isEqualTo(2 * MEMBERS / NAMES.length);
            assertThat(count(list, new MemberList.Query(MemberStatus.PAUSED, "sam", null, null, 200)))
                    .as("paused (every 50th) named Sam or Samira (i %% 10 in 0, 1): i %% 50 == 0")
                    .isEqualTo(MEMBERS / 50);
            assertThat(count(list, new MemberList.Query(null, "clinic-0999", null, null, 200)))
                    .isEqualTo(100);
            assertThat(count(list, new MemberList.Query(null, "zzz", null, null, 200)))
                    .isZero();
            assertThat(list.page(new MemberList.Query(null, null, "CLINIC-054321", null, 50))
                            .rows())
                    .singleElement()
                    .satisfies(r -> assertThat(r.firstName()).isEqualTo(NAMES[54321 % NAMES.length]));

            String search = plan(db, url, """
                    SELECT member_id FROM member WHERE member_id IN (
                    (SELECT member_id FROM member WHERE first_name_key LIKE 'zzz%' ORDER BY member_id FETCH FIRST 51 ROWS ONLY)
                    UNION
                    (SELECT member_id FROM member WHERE external_id_key LIKE 'zzz%' ORDER BY member_id FETCH FIRST 51 ROWS ONLY))
                    ORDER BY member_id FETCH FIRST 51 ROWS ONLY""");
            assertThat(search).contains("member_first_name_key").contains("member_external_id_key");
            String status = plan(
                    db,
                    url,
                    "SELECT member_id FROM member WHERE status = 'DISCHARGED' AND member_id > '8'"
                            + " ORDER BY member_id FETCH FIRST 51 ROWS ONLY");
            assertThat(status).contains("member_status_id");
            for (String q : new String[] {"zzz", "sam", "s", "c"}) {
                long t = System.nanoTime();
                list.page(new MemberList.Query(null, q, null, null, 50));
                System.out.printf(
                        "member list (%s): first page of q=%s in %.1f ms%n", vendor, q, (System.nanoTime() - t) / 1e6);
            }
        }
    }

    private static int count(MemberList list, MemberList.Query first) {
        Set<String> seen = new HashSet<>();
        MemberList.Query q = first;
        while (true) {
            MemberList.Page page = list.page(q);
            page.rows().forEach(r -> assertThat(seen.add(r.memberId())).isTrue());
            if (page.continueAfter().isEmpty()) {
                return seen.size();
            }
            q = new MemberList.Query(
                    q.status(), q.prefix(), q.externalId(), page.continueAfter().get(), q.limit());
        }
    }

    private static String plan(Database db, String url, String sql) {
        return db.inTransaction(c -> {
            StringBuilder out = new StringBuilder();
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.append(rs.getString(1)).append('\n');
                }
            }
            return out.toString().toLowerCase(Locale.ROOT);
        });
    }

    private static void insert(Database db) {
        Timestamp now = Timestamp.from(Instant.parse("2026-03-02T12:00:00Z"));
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO member (member_id, external_id, first_name, email, time_zone, locale, status, plan_json,
                        coping_plan_json, preferences_json, revision, published_revision, created_at, updated_at)
                    VALUES (?, ?, ?, ?, 'UTC', 'en', ?, '{}', '[]', '{}', 1, 1, ?, ?)""")) {
                for (int i = 0; i < MEMBERS; i++) {
                    ps.setString(1, UUID.randomUUID().toString());
                    ps.setString(2, "CLINIC-%06d".formatted(i));
                    ps.setString(3, NAMES[i % NAMES.length]);
                    ps.setString(4, "m" + i + "@example.org");
                    ps.setString(5, i % 50 == 0 ? "PAUSED" : i % 97 == 0 ? "DISCHARGED" : "ACTIVE");
                    ps.setTimestamp(6, now);
                    ps.setTimestamp(7, now);
                    ps.addBatch();
                    if (i % 5_000 == 4_999) {
                        ps.executeBatch();
                    }
                }
            }
            return null;
        });
    }
}
