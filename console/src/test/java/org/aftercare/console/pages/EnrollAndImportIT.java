package org.aftercare.console.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aftercare.console.audit.AuditEntry;
import org.aftercare.console.audit.AuditQuery;
import org.aftercare.console.scheduler.SchedulerSettings;
import org.aftercare.console.testing.ConsoleFixture;
import org.aftercare.console.testing.StaffClient;
import org.aftercare.events.Json;
import org.aftercare.scheduler.testing.SchedulerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Enroll and import at the HTTP level against a real scheduler and the real console (real OIDC
 * provider, broker, H2): what a browser cannot easily send. A clinician's posts are refused before
 * anything reaches the scheduler; an upload without the form's CSRF token, or with another
 * session's, starts nothing; a roster whose header the scheduler refuses is shown with a reason
 * per column; a roster over the 1 MiB body limit goes through the console to a finished job.
 */
class EnrollAndImportIT {

    private static SchedulerFixture scheduler;
    private static ConsoleFixture app;

    @BeforeAll
    static void start() throws Exception {
        scheduler = SchedulerFixture.start(SchedulerFixture.env(ConsoleFixture.KAFKA.bootstrapServers()));
        app = ConsoleFixture.start(
                false,
                Map.of(SchedulerSettings.URL, scheduler.adminUrl(), SchedulerSettings.TOKEN, SchedulerFixture.TOKEN));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
    }

    private static StaffClient signedIn(String staffId, String role) throws Exception {
        StaffClient client = new StaffClient(app.baseUrl());
        app.nextSignIn(staffId, "Staff " + staffId, List.of(role));
        assertThat(client.signIn("/").statusCode()).isEqualTo(303);
        return client;
    }

    private static String csrf(StaffClient client) throws Exception {
        return StaffClient.csrfToken(client.get("/flags"));
    }

    private static int jobsAtScheduler() {
        return scheduler.service().database().<Integer>inTransaction(c -> {
            try (var st = c.createStatement();
                    var rs = st.executeQuery("SELECT COUNT(*) FROM import_job")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** A multipart form as a browser sends it: the CSRF field (when given) first, then the file. */
    private static HttpResponse<String> upload(StaffClient client, String token, byte[] csv) throws Exception {
        String boundary = "----form" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (token != null) {
            body.writeBytes(
                    ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + token + "\r\n")
                            .getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"roster\"; filename=\"roster.csv\"\r\n"
                        + "Content-Type: text/csv\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(csv);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return http.send(
                HttpRequest.newBuilder(URI.create(app.baseUrl() + "/imports"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .header(
                                "Cookie",
                                "console-session=" + client.sessionCookie().orElseThrow())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] roster(String prefix, int rows) {
        StringBuilder csv = new StringBuilder("externalId,firstName,email,timeZone,times\n");
        for (int i = 0; i < rows; i++) {
            csv.append(prefix)
                    .append(i)
                    .append(",Sam,sam")
                    .append(i)
                    .append("@example.org,America/New_York,09:00;18:30\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<AuditEntry> audited(String staffId) {
        return app.console.audit().list(AuditQuery.byStaff(staffId, 0, 500)).entries();
    }

    @Test
    void aClinicianIsRefusedBeforeAnythingReachesTheScheduler() throws Exception {
        String staffId = "clin-" + UUID.randomUUID().toString().substring(0, 8);
        StaffClient clinician = signedIn(staffId, "clinician");
        String token = csrf(clinician);
        int jobsBefore = jobsAtScheduler();

        HttpResponse<String> form = clinician.get("/members/new");
        assertThat(form.statusCode()).isEqualTo(403);
        assertThat(form.body()).contains("Clinicians do not enroll");
        String externalId = "CLIN-ENR-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> enroll = clinician.postForm(
                "/members/new",
                "csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&externalId=" + externalId
                        + "&firstName=Kim&email=kim%40example.org&timeZone=UTC&times=09%3A00");
        assertThat(enroll.statusCode()).isEqualTo(403);
        assertThat(clinician.get("/imports").statusCode()).isEqualTo(403);
        HttpResponse<String> uploaded = upload(clinician, token, roster("CLIN-IMP-", 3));
        assertThat(uploaded.statusCode()).isEqualTo(403);
        assertThat(uploaded.body()).contains("Clinicians do not enroll or import");
        assertThat(clinician.get("/imports/" + UUID.randomUUID()).statusCode()).isEqualTo(403);

        assertThat(scheduler
                        .admin("GET", "/api/members?externalId=" + externalId, null)
                        .body())
                .contains("\"members\":[]");
        assertThat(jobsAtScheduler()).isEqualTo(jobsBefore);
    }

    @Test
    void anUploadWithoutTheFormsTokenOrWithAnotherSessionsStartsNothing() throws Exception {
        StaffClient supervisor =
                signedIn("sup-csrf-" + UUID.randomUUID().toString().substring(0, 8), "supervisor");
        StaffClient other = signedIn("sup-other-" + UUID.randomUUID().toString().substring(0, 8), "supervisor");
        int jobsBefore = jobsAtScheduler();

        HttpResponse<String> none = upload(supervisor, null, roster("CSRF-A-", 3));
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(none.body()).contains("no security token");
        HttpResponse<String> foreign = upload(supervisor, csrf(other), roster("CSRF-B-", 3));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("did not match your session");

        assertThat(jobsAtScheduler()).isEqualTo(jobsBefore);
    }

    @Test
    void aRosterWhoseHeaderTheSchedulerRefusesIsShownWithAReasonPerColumn() throws Exception {
        String staffId = "sup-hdr-" + UUID.randomUUID().toString().substring(0, 8);
        StaffClient supervisor = signedIn(staffId, "supervisor");

        HttpResponse<String> r = upload(
                supervisor,
                csrf(supervisor),
                "externalId,firstName,email,timeZone,times,ssn\nA-1,Kim,kim@example.org,UTC,09:00,123\n"
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("The import did not start").contains("<code>ssn</code>: is not a roster column");
        assertThat(audited(staffId)).anySatisfy(e -> {
            assertThat(e.what()).isEqualTo("import.start");
            assertThat(e.detail()).isEqualTo("refused-400");
        });
    }

    @Test
    void aRosterOverTheBodyLimitGoesThroughTheConsoleToAFinishedJob() throws Exception {
        String staffId = "sup-big-" + UUID.randomUUID().toString().substring(0, 8);
        StaffClient supervisor = signedIn(staffId, "supervisor");
        String prefix = "BIG-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        byte[] csv = roster(prefix, 20_000);
        assertThat(csv.length).as("over the 1 MiB body limit").isGreaterThan(1 << 20);

        HttpResponse<String> r = upload(supervisor, csrf(supervisor), csv);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        String location = StaffClient.location(r);
        assertThat(location).matches("/imports/[0-9a-f-]{36}");
        String jobId = location.substring("/imports/".length());
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    JsonNode job = Json.reader()
                            .readTree(scheduler
                                    .admin("GET", "/api/members/import-jobs/" + jobId, null)
                                    .body());
                    assertThat(job.get("state").asText()).isEqualTo("done");
                    assertThat(job.get("enrolled").asInt()).isEqualTo(20_000);
                });
        HttpResponse<String> page = supervisor.get(location);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"enrolled\">20000<").contains("No row was rejected.");
        assertThat(page.body()).doesNotContain("http-equiv=\"refresh\"");
        assertThat(audited(staffId)).anySatisfy(e -> {
            assertThat(e.what()).isEqualTo("import.start");
            assertThat(e.detail()).isEqualTo(jobId);
        });
    }
}
