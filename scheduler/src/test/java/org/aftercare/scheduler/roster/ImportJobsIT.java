package org.aftercare.scheduler.roster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.aftercare.events.Json;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.scheduler.testing.Databases;
import org.aftercare.scheduler.testing.SchedulerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The admin API's import jobs on a running scheduler (real broker, H2): a 100,000-row roster far
 * over the 1 MiB body limit goes through as a job with exact totals and every bad row reported at
 * its line; an unusable file is refused before any job starts; a job cut by a restart of its
 * instance is reported failed: interrupted by the next instance.
 */
class ImportJobsIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String HEADER = "externalId,firstName,email,timeZone,times,days\n";

    /** A roster of {@code rows} data rows; the bad ones (by hand-written rules below) land in {@code bad}. */
    private static String roster(String prefix, int rows, Map<Integer, Set<String>> bad) {
        StringBuilder csv = new StringBuilder(rows * 70).append(HEADER);
        for (int i = 0; i < rows; i++) {
            int line = i + 2;
            if (i % 1000 == 7) {
                csv.append(prefix).append(i).append(",Kim,not-an-email,America/Chicago,09:00,mon;thu\n");
                bad.put(line, Set.of("email"));
            } else if (i % 2500 == 13) {
                csv.append(prefix).append(i).append(",Ro,ro").append(i).append("@example.org,Mars/Base,25:00,\n");
                bad.put(line, Set.of("timeZone", "times"));
            } else if (i == 50_001) {
                csv.append(prefix).append(0).append(",Jo,jo@example.org,UTC,09:00,\n"); // the first row's id again
                bad.put(line, Set.of("externalId"));
            } else if (i == 77_777) {
                csv.append(prefix).append(i).append(",Al,al@example.org,UTC\n"); // a field short
                bad.put(line, Set.of("row"));
            } else {
                csv.append(prefix)
                        .append(i)
                        .append(",Sam,sam")
                        .append(i)
                        .append("@example.org,Europe/Paris,08:30;19:00,\n");
            }
        }
        return csv.toString();
    }

    private static HttpResponse<String> postCsv(SchedulerFixture app, String csv, String type) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.adminUrl() + "/api/members/import-jobs"))
                .header("Authorization", "Bearer " + SchedulerFixture.TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8));
        if (type != null) {
            b.header("Content-Type", type);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.reader().readTree(r.body());
    }

    private static JsonNode job(SchedulerFixture app, String jobId) throws Exception {
        HttpResponse<String> r = app.admin("GET", "/api/members/import-jobs/" + jobId, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    @Test
    void aRosterOfAHundredThousandRowsGoesThroughAsAJobWithExactTotalsAndEveryBadRowAtItsLine() throws Exception {
        try (SchedulerFixture app = SchedulerFixture.start(SchedulerFixture.env(KAFKA.bootstrapServers()))) {
            String prefix = "JOB-" + UUID.randomUUID().toString().substring(0, 8) + "-";
            Map<Integer, Set<String>> bad = new TreeMap<>();
            String csv = roster(prefix, 100_000, bad);
            assertThat(csv.getBytes(StandardCharsets.UTF_8).length)
                    .as("far over the listener's 1 MiB body limit")
                    .isGreaterThan(5 << 20);
            // 100 bad emails (i % 1000 == 7), 40 bad zones and times (i % 2500 == 13), a repeat, a short row
            assertThat(bad).hasSize(142);

            HttpResponse<String> accepted = postCsv(app, csv, "text/csv; charset=utf-8");

            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String jobId = json(accepted).get("jobId").asText();
            assertThat(accepted.headers().firstValue("Location")).contains("/api/members/import-jobs/" + jobId);
            assertThat(json(accepted).get("state").asText()).isIn("queued", "running");

            await().atMost(Duration.ofMinutes(8))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> !Set.of("queued", "running")
                            .contains(job(app, jobId).get("state").asText()));
            JsonNode done = job(app, jobId);
            assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("done");
            assertThat(done.get("rowsRead").asInt()).isEqualTo(100_000);
            assertThat(done.get("rejected").asInt()).isEqualTo(bad.size());
            assertThat(done.get("enrolled").asInt()).isEqualTo(100_000 - bad.size());
            assertThat(done.get("unchanged").asInt()).isZero();
            assertThat(done.get("startedAt").isNull()).isFalse();
            assertThat(done.get("finishedAt").isNull()).isFalse();

            Map<Integer, Set<String>> reported = new TreeMap<>();
            String after = "0";
            int pages = 0;
            while (after != null) {
                HttpResponse<String> page = app.admin(
                        "GET", "/api/members/import-jobs/" + jobId + "/rejections?limit=50&after=" + after, null);
                assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
                JsonNode body = json(page);
                for (JsonNode r : body.get("rejections")) {
                    reported.computeIfAbsent(r.get("line").asInt(), k -> new TreeSet<>())
                            .add(r.get("column").asText());
                    assertThat(r.get("reason").asText())
                            .doesNotContain("not-an-email")
                            .doesNotContain("Mars")
                            .doesNotContain("25:00");
                }
                after = body.get("next").isNull() ? null : body.get("next").asText();
                pages++;
            }
            assertThat(pages).as("paged").isGreaterThan(2);
            assertThat(reported).isEqualTo(bad);

            HttpResponse<String> one = app.admin("GET", "/api/members?externalId=" + prefix + "42", null);
            assertThat(json(one).get("members")).hasSize(1);
            assertThat(app.admin("GET", "/api/members?externalId=" + prefix + "7", null)
                            .body())
                    .as("a rejected row enrolled no one")
                    .contains("\"members\":[]");
        }
    }

    @Test
    void anUnusableFileIsRefusedBeforeAnyJobStarts() throws Exception {
        try (SchedulerFixture app = SchedulerFixture.start(SchedulerFixture.env(KAFKA.bootstrapServers()))) {
            assertThat(postCsv(app, HEADER + "A,Kim,kim@example.org,UTC,09:00,\n", "application/json")
                            .statusCode())
                    .isEqualTo(415);
            HttpResponse<String> empty = postCsv(app, "", "text/csv");
            assertThat(empty.statusCode()).isEqualTo(400);
            assertThat(json(empty).get("detail").asText()).contains("empty");
            HttpResponse<String> headerless =
                    postCsv(app, "A-1,Kim,kim@example.org,UTC,09:00\nA-2,Ro,ro@example.org,UTC,10:00\n", "text/csv");
            assertThat(headerless.statusCode()).isEqualTo(400);
            assertThat(json(headerless).get("detail").asText()).contains("unknown columns");
            HttpResponse<String> unknown = postCsv(
                    app, "externalId,firstName,email,timeZone,times,ssn\nA,K,k@example.org,UTC,09:00,1\n", "text/csv");
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(json(unknown).get("errors").get("ssn").asText()).isEqualTo("is not a roster column");
            HttpResponse<String> missing = postCsv(app, "externalId,firstName,email\nA,K,k@example.org\n", "text/csv");
            assertThat(missing.statusCode()).isEqualTo(400);
            assertThat(json(missing).get("errors").fieldNames())
                    .toIterable()
                    .containsExactlyInAnyOrder("timeZone", "times");
            HttpResponse<String> noRows = postCsv(app, HEADER, "text/csv");
            assertThat(noRows.statusCode()).isEqualTo(400);
            assertThat(json(noRows).get("detail").asText()).contains("no data rows");
            assertThat(app.send("POST", "/api/members/import-jobs", HEADER, "text/csv", null)
                            .statusCode())
                    .as("no token")
                    .isEqualTo(401);

            assertThat(app.admin("GET", "/api/members/import-jobs/" + UUID.randomUUID(), null)
                            .statusCode())
                    .isEqualTo(404);
            assertThat(app.admin("GET", "/api/members/import-jobs/not-a-job/rejections", null)
                            .statusCode())
                    .isEqualTo(404);
            int jobs = app.service().database().<Integer>inTransaction(c -> {
                try (var st = c.createStatement();
                        var rs = st.executeQuery("SELECT COUNT(*) FROM import_job")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(jobs).as("no job was created for a refused file").isZero();
        }
    }

    @Test
    void aJobCutByARestartOfItsInstanceIsReportedFailedInterruptedAfterwards() throws Exception {
        Map<String, String> env = SchedulerFixture.env(KAFKA.bootstrapServers());
        String jobId;
        try (SchedulerFixture first = SchedulerFixture.start(env)) {
            String csv =
                    roster("RESTART-" + UUID.randomUUID().toString().substring(0, 8) + "-", 100_000, new TreeMap<>());
            HttpResponse<String> accepted = postCsv(first, csv, "text/csv");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            jobId = json(accepted).get("jobId").asText();
            String id = jobId;
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> job(first, id).get("rowsRead").asInt() > 0);
        } // the instance stops while the job runs

        try (SchedulerFixture second = SchedulerFixture.start(env)) {
            JsonNode after = job(second, jobId);
            assertThat(after.get("state").asText()).isEqualTo("failed");
            assertThat(after.get("failure").asText()).isEqualTo("interrupted");
            assertThat(after.get("rowsRead").asInt())
                    .as("what it had done is kept")
                    .isBetween(1, 99_999);
            assertThat(after.get("finishedAt").isNull()).isFalse();
        }
    }

    @Test
    void aJobWhoseInstanceDiedWithoutStoppingIsReportedInterruptedOnceItsHeartbeatIsStale() throws Exception {
        try (SchedulerFixture app = SchedulerFixture.start(SchedulerFixture.env(KAFKA.bootstrapServers()))) {
            String dead = UUID.randomUUID().toString();
            String alive = UUID.randomUUID().toString();
            java.time.Instant now = java.time.Instant.now();
            app.service().database().inTransaction(c -> {
                try (var ps = c.prepareStatement("INSERT INTO import_job (job_id, state, owner, bytes_total,"
                        + " bytes_read, rows_read, enrolled, unchanged, rejected, created_at, started_at,"
                        + " heartbeat_at) VALUES (?, 'RUNNING', ?, 1000, 500, 10, 10, 0, 0, ?, ?, ?)")) {
                    for (String id : java.util.List.of(dead, alive)) {
                        java.time.Instant beat = id.equals(dead) ? now.minusSeconds(61) : now.minusSeconds(5);
                        ps.setString(1, id);
                        ps.setString(2, UUID.randomUUID().toString()); // another instance
                        ps.setTimestamp(3, java.sql.Timestamp.from(now.minusSeconds(120)));
                        ps.setTimestamp(4, java.sql.Timestamp.from(now.minusSeconds(120)));
                        ps.setTimestamp(5, java.sql.Timestamp.from(beat));
                        ps.executeUpdate();
                    }
                }
                return null;
            });

            JsonNode stale = job(app, dead);
            assertThat(stale.get("state").asText()).isEqualTo("failed");
            assertThat(stale.get("failure").asText()).isEqualTo("interrupted");
            JsonNode running = job(app, alive);
            assertThat(running.get("state").asText())
                    .as("another instance's job with a live heartbeat is left alone")
                    .isEqualTo("running");
            assertThat(running.get("secondsLeft").asLong())
                    .as("half the file read since it started two minutes ago: as long again")
                    .isGreaterThanOrEqualTo(120L);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.aftercare.scheduler.testing.Databases#both")
    void aJobRunsReportsAndIsInterruptedAlikeOnH2AndPostgresql(String name, String url) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(SchedulerFixture.env(KAFKA.bootstrapServers()));
        env.put("OUTREACH_DB_URL", url);
        env.put("OUTREACH_DB_USER", Databases.user(url));
        try (SchedulerFixture app = SchedulerFixture.start(env)) {
            Map<Integer, Set<String>> bad = new TreeMap<>();
            HttpResponse<String> accepted = postCsv(app, roster("DB-" + name + "-", 2_600, bad), "text/csv");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String jobId = json(accepted).get("jobId").asText();
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> job(app, jobId).get("state").asText().equals("done"));
            JsonNode done = job(app, jobId);
            // bad emails at i = 7, 1007, 2007; bad zones and times at i = 13, 2513
            assertThat(done.get("rejected").asInt()).isEqualTo(5);
            assertThat(done.get("enrolled").asInt()).isEqualTo(2_595);
            JsonNode report = json(app.admin("GET", "/api/members/import-jobs/" + jobId + "/rejections?limit=3", null));
            assertThat(report.get("rejections")).hasSize(3);
            assertThat(report.get("rejections").get(0).get("line").asInt()).isEqualTo(9);
            JsonNode rest = json(app.admin(
                    "GET",
                    "/api/members/import-jobs/" + jobId + "/rejections?after="
                            + report.get("next").asInt(),
                    null));
            assertThat(rest.get("rejections")).hasSize(4); // 5 rows, two of them with two columns at fault
            assertThat(rest.get("next").isNull()).isTrue();

            String dead = UUID.randomUUID().toString();
            app.service().database().inTransaction(c -> {
                try (var ps = c.prepareStatement("INSERT INTO import_job (job_id, state, owner, bytes_total,"
                        + " bytes_read, rows_read, enrolled, unchanged, rejected, created_at, heartbeat_at)"
                        + " VALUES (?, 'QUEUED', ?, 10, 0, 0, 0, 0, 0, ?, ?)")) {
                    java.sql.Timestamp old =
                            java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(300));
                    ps.setString(1, dead);
                    ps.setString(2, UUID.randomUUID().toString());
                    ps.setTimestamp(3, old);
                    ps.setTimestamp(4, old);
                    ps.executeUpdate();
                }
                return null;
            });
            assertThat(job(app, dead).get("failure").asText()).isEqualTo("interrupted");
        }
    }

    @Test
    void oneJobRunsAtATimeThreeWaitInOrderAndAFurtherOneIsRefusedWithRetryAfter() throws Exception {
        try (SchedulerFixture app = SchedulerFixture.start(SchedulerFixture.env(KAFKA.bootstrapServers()))) {
            String prefix = "Q-" + UUID.randomUUID().toString().substring(0, 8) + "-";
            HttpResponse<String> first = postCsv(app, roster(prefix + "big-", 60_000, new TreeMap<>()), "text/csv");
            assertThat(first.statusCode()).isEqualTo(202);
            String running = json(first).get("jobId").asText();
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> job(app, running).get("state").asText().equals("running"));
            java.util.List<String> waiting = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> queued = postCsv(app, roster(prefix + i + "-", 3, new TreeMap<>()), "text/csv");
                assertThat(queued.statusCode()).isEqualTo(202);
                waiting.add(json(queued).get("jobId").asText());
            }

            HttpResponse<String> refused = postCsv(app, roster(prefix + "x-", 3, new TreeMap<>()), "text/csv");

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).contains("60");
            assertThat(json(refused).get("detail").asText()).contains("3 are waiting");
            assertThat(job(app, waiting.getFirst()).get("state").asText()).isEqualTo("queued");
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() ->
                            job(app, waiting.getLast()).get("state").asText().equals("done"));
            java.time.Instant runningFinished =
                    java.time.Instant.parse(job(app, running).get("finishedAt").asText());
            for (String id : waiting) {
                JsonNode w = job(app, id);
                assertThat(w.get("enrolled").asInt()).isEqualTo(3);
                assertThat(java.time.Instant.parse(w.get("startedAt").asText()))
                        .as("a waiting job starts after the running one ends")
                        .isAfterOrEqualTo(runningFinished);
            }
        }
    }
}
