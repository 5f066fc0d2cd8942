package org.aftercare.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aftercare.console.auth.Role;
import org.aftercare.console.testing.ConsoleFixture;
import org.aftercare.console.testing.StaffClient;
import org.aftercare.kit.http.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sign-in, sessions and CSRF at the HTTP level against a real OpenID provider in process: each
 * hop of the authorization-code flow is a real request; time is driven on the console's clock.
 */
class SignInIT {

    private static ConsoleFixture app;

    @BeforeAll
    static void start() {
        app = ConsoleFixture.start(false, Map.of(), (routes, web) -> {
            routes.post("/notes", web.auth().signedIn((request, staff) -> Response.text(200, "note kept")));
            routes.get(
                    "/test/records/{id}",
                    web.auth().signedIn((request, staff) -> web.pages().notFound(staff)));
            routes.get(
                    "/admin/staff",
                    web.auth().signedIn(Set.of(Role.ADMIN), (request, staff) -> Response.text(200, "staff list")));
        });
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private StaffClient clinicianSignedIn(String staffId) throws Exception {
        StaffClient client = new StaffClient(app.baseUrl());
        app.nextSignIn(staffId, "Dana Whitfield", List.of("clinician"));
        HttpResponse<String> back = client.signIn("/");
        assertThat(back.statusCode()).isEqualTo(303);
        assertThat(StaffClient.location(back)).isEqualTo("/");
        return client;
    }

    @Test
    void aClinicianSignsInThroughTheProviderAndSeesTheirName() throws Exception {
        StaffClient client = clinicianSignedIn("staff-dana");

        HttpResponse<String> home = client.get("/");

        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("Signed in as Dana Whitfield (clinician).");
        assertThat(home.headers().firstValue("Content-Security-Policy"))
                .get()
                .asString()
                .contains("default-src 'self'");
    }

    @Test
    void aMissingRecordGetsTheNotFoundPageInTheFrame() throws Exception {
        StaffClient client = clinicianSignedIn("staff-404");

        HttpResponse<String> page = client.get("/test/records/m-unknown");

        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("<h1>Not found</h1>").contains("Sign out");
    }

    @Test
    void theManagementListenerServesHealthAndMetrics() throws Exception {
        StaffClient ops = new StaffClient(app.console.managementUrl());

        assertThat(ops.get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(ops.get("/metrics").body()).contains("console_sessions_open");
        assertThat(new StaffClient(app.baseUrl()).get("/metrics").statusCode()).isEqualTo(404);
    }

    @Test
    void anUnauthenticatedPageRequestGoesToSignInAndComesBackToThatPage() throws Exception {
        StaffClient client = new StaffClient(app.baseUrl());

        HttpResponse<String> page = client.get("/admin/staff");
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(StaffClient.location(page)).isEqualTo("/sign-in?return=%2Fadmin%2Fstaff");

        app.nextSignIn("staff-ana", "Ana Admin", List.of("admin"));
        HttpResponse<String> back = client.signIn("/admin/staff");
        assertThat(StaffClient.location(back)).isEqualTo("/admin/staff");
        assertThat(client.get("/admin/staff").body()).isEqualTo("staff list");
    }

    @Test
    void aPageForAnotherRoleIsRefusedWithTheReason() throws Exception {
        StaffClient client = clinicianSignedIn("staff-cleo");

        HttpResponse<String> page = client.get("/admin/staff");

        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("This page is for admin only.");
    }

    @Test
    void theSessionIdIsRotatedAtSignIn() throws Exception {
        StaffClient client = new StaffClient(app.baseUrl());
        client.get("/sign-in?return=/");
        String before = client.sessionCookie().orElseThrow();

        app.nextSignIn("staff-rio", "Rio Park", List.of("clinician"));
        client.signIn("/");
        String after = client.sessionCookie().orElseThrow();

        assertThat(after).isNotEqualTo(before).hasSizeGreaterThanOrEqualTo(43);
        StaffClient planted = new StaffClient(app.baseUrl());
        planted.useSessionCookie(before);
        assertThat(planted.get("/").statusCode()).isEqualTo(303);
    }

    @Test
    void aSignInWithoutAConsoleRoleGetsTheForbiddenPageAndNoSession() throws Exception {
        StaffClient client = new StaffClient(app.baseUrl());
        app.nextSignIn("staff-nobody", "Noel Body", List.of("reception"));

        HttpResponse<String> back = client.signIn("/");

        assertThat(back.statusCode()).isEqualTo(403);
        assertThat(back.body()).contains("your account has no console role");
        assertThat(client.get("/").statusCode()).isEqualTo(303);
    }

    @Test
    void aCallbackWithAnotherStateIsRefused() throws Exception {
        // No sign-in is queued at the provider: the code is never exchanged.
        StaffClient client = new StaffClient(app.baseUrl());
        HttpResponse<String> start = client.get("/sign-in?return=/");
        HttpResponse<String> authorize = client.get(StaffClient.location(start));
        String callback = StaffClient.location(authorize).replaceAll("state=[^&]+", "state=forged");

        HttpResponse<String> answer = client.get(callback);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("This sign-in was not started here");
        assertThat(client.get("/").statusCode()).isEqualTo(303);
    }

    @Test
    void aPostWithoutOrWithAWrongCsrfTokenIsRefused() throws Exception {
        StaffClient client = clinicianSignedIn("staff-csrf");
        String token = StaffClient.csrfToken(client.get("/"));

        HttpResponse<String> none = client.postForm("/notes", "text=hello");
        HttpResponse<String> wrong = client.postForm("/notes", "text=hello&csrf=" + token.substring(1) + "x");
        HttpResponse<String> right = client.postForm("/notes", "text=hello&csrf=" + token);

        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(none.body()).contains("The form had no security token");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).contains("did not match your session");
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.body()).isEqualTo("note kept");
    }

    @Test
    void aPostFromAnotherSiteIsRefusedEvenWithTheToken() throws Exception {
        StaffClient client = clinicianSignedIn("staff-origin");
        String token = StaffClient.csrfToken(client.get("/"));

        HttpResponse<String> foreign = client.postForm("/notes", "csrf=" + token, "https://evil.example");
        HttpResponse<String> ours = client.postForm("/notes", "csrf=" + token, app.baseUrl());

        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("came from another site");
        assertThat(ours.statusCode()).isEqualTo(200);
    }

    @Test
    void aPostWithoutASessionDoesNothingAndGoesToSignIn() throws Exception {
        HttpResponse<String> post = new StaffClient(app.baseUrl()).postForm("/notes", "text=x");

        assertThat(post.statusCode()).isEqualTo(303);
        assertThat(StaffClient.location(post)).isEqualTo("/sign-in?return=%2F");
    }

    @Test
    void signOutNeedsTheCsrfTokenAndThenEndsTheSession() throws Exception {
        StaffClient client = clinicianSignedIn("staff-out");
        String token = StaffClient.csrfToken(client.get("/"));

        assertThat(client.postForm("/sign-out", "").statusCode()).isEqualTo(403);
        assertThat(client.get("/").statusCode()).isEqualTo(200);

        HttpResponse<String> out = client.postForm("/sign-out", "csrf=" + token);
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(StaffClient.location(out))
                .startsWith(app.issuer() + "/endsession?")
                .contains("post_logout_redirect_uri=")
                .contains("id_token_hint=");
        assertThat(out.headers().firstValue("Set-Cookie")).get().asString().contains("Max-Age=0");
        assertThat(client.get("/").statusCode()).isEqualTo(303);
    }

    @Test
    void anIdleSessionEnds() throws Exception {
        StaffClient client = clinicianSignedIn("staff-idle");

        app.clock.advance(Duration.ofMinutes(29));
        assertThat(client.get("/").statusCode())
                .as("used within the idle timeout")
                .isEqualTo(200);
        app.clock.advance(Duration.ofMinutes(29));
        assertThat(client.get("/").statusCode())
                .as("each use restarts the idle time")
                .isEqualTo(200);
        app.clock.advance(Duration.ofMinutes(30));

        HttpResponse<String> after = client.get("/");
        assertThat(after.statusCode()).isEqualTo(303);
        assertThat(StaffClient.location(after)).isEqualTo("/sign-in?return=%2F");
    }

    @Test
    void aSessionEndsAtTheAbsoluteTimeoutHoweverBusy() throws Exception {
        StaffClient client = clinicianSignedIn("staff-busy");

        for (int i = 0; i < 28; i++) {
            app.clock.advance(Duration.ofMinutes(25));
            assertThat(client.get("/").statusCode())
                    .as("after %d minutes", (i + 1) * 25)
                    .isEqualTo(200);
        }
        app.clock.advance(Duration.ofMinutes(25));

        assertThat(client.get("/").statusCode()).as("after 12 h 5 min").isEqualTo(303);
    }

    @Test
    void theWayBackAfterSignInStaysOnTheConsole() throws Exception {
        for (String evil :
                List.of("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)")) {
            StaffClient client = new StaffClient(app.baseUrl());
            app.nextSignIn("staff-redirect", "Ray", List.of("supervisor"));

            HttpResponse<String> back = client.signIn(evil);

            assertThat(StaffClient.location(back)).as(evil).isEqualTo("/");
        }
    }
}
