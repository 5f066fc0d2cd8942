package org.aftercare.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aftercare.console.staff.StaffAdmin;
import org.aftercare.events.staff.StaffRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The staff console in the local run: it answers on its own listeners next to the other services,
 * and a demo clinician signs in through the local OpenID provider's login page (each hop of the
 * authorization-code flow a real HTTP request; the browser-level test is the console's own).
 */
class ConsoleLocalRunIT {

    private static LocalPipeline pipeline;
    private static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("console-local-");
        pipeline = LocalPipeline.start(new LocalPipeline.Options(
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                "console-local-admin-token-" + UUID.randomUUID(),
                Duration.ofMinutes(5),
                Duration.ofSeconds(8),
                Duration.ofSeconds(16),
                dataDir));
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        LocalPipeline.wipe(dataDir);
    }

    /** A browser at the HTTP level: keeps cookies, follows no redirect by itself. */
    private static HttpClient browser() {
        return HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String location(HttpResponse<?> r, String base) {
        String to =
                r.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location from " + r.uri()));
        return to.startsWith("http") ? to : base + to;
    }

    @Test
    void theConsoleAnswersOnItsListenersAndIsReady() throws Exception {
        HttpClient http = browser();
        assertThat(pipeline.consoleUrl()).startsWith("http://localhost:");
        // Ready once its read model has caught up with the topics (the demo roster's among them).
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(get(http, pipeline.consoleManagementUrl() + "/health/ready")
                                .statusCode())
                        .isEqualTo(200));
        assertThat(pipeline.console().isReady()).isTrue();

        HttpResponse<String> home = get(http, pipeline.consoleUrl() + "/");
        assertThat(home.statusCode())
                .as("a browser without a session is not shown the caseload")
                .isNotEqualTo(200);
        assertThat(home.body()).doesNotContain("Signed in as");
    }

    @Test
    void aNewcomerSeesTheDemoPlansWeeklyReflectionWithinTheFirstMinuteAndItsLinkOpensTheQuestions() throws Exception {
        DemoRoster.enroll(
                pipeline.schedulerManagementUrl(),
                pipeline.adminToken(),
                DemoStaff.console(pipeline.console().staffAdmin()));

        // The demo cadence brings a plan's questionnaires 30 s after enrollment.
        Pattern link = Pattern.compile("http://localhost:\\d+/q/[A-Za-z0-9_.-]+");
        String[] found = new String[1];
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    for (MimeMessage m : pipeline.smtp().received()) {
                        if ("A few questions for you".equals(m.getSubject())) {
                            Matcher matcher = link.matcher(text(m));
                            if (matcher.find()) {
                                found[0] = matcher.group();
                                return true;
                            }
                        }
                    }
                    return false;
                });
        HttpResponse<String> page = browser()
                .send(
                        HttpRequest.newBuilder(URI.create(found[0]))
                                .timeout(Duration.ofSeconds(10))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<fieldset").contains("<legend");
    }

    private static String text(MimeMessage m) throws Exception {
        Multipart parts = (Multipart) m.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            if (parts.getBodyPart(i).isMimeType("text/plain")) {
                return parts.getBodyPart(i).getContent().toString();
            }
        }
        return "";
    }

    @Test
    void theDemoStaffAndCareTeamsAreSeededThroughTheConsoleAndReachTheScheduler() throws Exception {
        StaffAdmin admin = pipeline.console().staffAdmin();
        DemoStaff seeding = DemoStaff.console(admin);

        DemoRoster.Enrolled roster =
                DemoRoster.enroll(pipeline.schedulerManagementUrl(), pipeline.adminToken(), seeding);

        assertThat(roster).isEqualTo(new DemoRoster.Enrolled(3, 3, 3));
        assertThat(admin.find("dana").orElseThrow().workEmail()).isEqualTo("dana.reyes@outreach.local");
        assertThat(admin.find("priya").orElseThrow().roles()).containsExactly(StaffRole.SUPERVISOR);
        long danaRevision = admin.find("dana").orElseThrow().revision();
        // The console publishes them; the scheduler's copy follows the topic.
        HttpClient http = browser();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> held = http.send(
                    HttpRequest.newBuilder(URI.create(pipeline.schedulerManagementUrl() + "/api/staff/dana"))
                            .header("Authorization", "Bearer " + pipeline.adminToken())
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(held.statusCode()).as(held.body()).isEqualTo(200);
            assertThat(held.body()).contains("\"revision\":" + danaRevision);
        });

        assertThat(DemoRoster.enroll(pipeline.schedulerManagementUrl(), pipeline.adminToken(), seeding))
                .as("seeding again is accepted")
                .isEqualTo(roster);
        assertThat(admin.find("dana").orElseThrow().revision())
                .as("and changes nothing")
                .isEqualTo(danaRevision);
        assertThat(admin.activeStaff()).extracting(m -> m.staffId()).contains("dana", "lee", "priya");
    }

    @Test
    void aDemoClinicianSignsInThroughTheLocalProvidersLoginPage() throws Exception {
        HttpClient http = browser();
        String base = pipeline.consoleUrl();
        DemoRoster.SignIn dana = DemoRoster.signIns().get(0);
        assertThat(dana.username()).isEqualTo("dana");

        HttpResponse<String> start = get(http, base + "/sign-in?return=%2F");
        assertThat(start.statusCode()).isEqualTo(303);
        String authorize = location(start, base);
        assertThat(authorize).startsWith(pipeline.oidcIssuer());

        HttpResponse<String> login = get(http, authorize);
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body())
                .contains("Local identity provider")
                .contains("Dana Reyes (clinician)")
                .contains("Lee Okafor (clinician)")
                .contains("Priya Shah (supervisor)")
                .as("the login page loads nothing from outside")
                .doesNotContain("https://")
                .doesNotContain("src=");

        // What the page's "Dana Reyes (clinician)" button posts (the same as typing it in).
        String form = "username=" + URLEncoder.encode(dana.username(), StandardCharsets.UTF_8) + "&claims="
                + URLEncoder.encode(dana.claims(), StandardCharsets.UTF_8);
        HttpResponse<String> signedIn = http.send(
                HttpRequest.newBuilder(URI.create(authorize))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        String callback = location(signedIn, base);
        assertThat(callback).startsWith(base + "/auth/callback?");

        HttpResponse<String> back = get(http, callback);
        assertThat(back.statusCode()).isEqualTo(303);
        assertThat(location(back, base)).isEqualTo(base + "/");

        HttpResponse<String> home = get(http, base + "/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("Signed in as Dana Reyes (clinician).");
        assertThat(home.headers().firstValue("Set-Cookie").orElse("")).doesNotContain("Secure");
    }
}
