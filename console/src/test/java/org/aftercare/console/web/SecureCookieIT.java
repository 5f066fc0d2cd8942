package org.aftercare.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.aftercare.console.testing.ConsoleFixture;
import org.aftercare.console.testing.StaffClient;
import org.junit.jupiter.api.Test;

/** With secure cookies (the default), the session cookie is {@code __Host-} prefixed, Secure, HttpOnly and SameSite=Lax. */
class SecureCookieIT {

    @Test
    void theSessionCookieIsHostOnlySecureHttpOnlyAndLax() throws Exception {
        try (ConsoleFixture app = ConsoleFixture.start(
                false,
                Map.of(
                        "OUTREACH_CONSOLE_SECURE_COOKIES", "true",
                        "OUTREACH_CONSOLE_PUBLIC_URL", "https://console.example.org"))) {
            StaffClient client = new StaffClient("http://localhost:" + app.console.port());

            HttpResponse<String> start = client.get("/sign-in?return=/");

            assertThat(start.statusCode()).isEqualTo(303);
            assertThat(StaffClient.location(start))
                    .contains("redirect_uri=https%3A%2F%2Fconsole.example.org%2Fauth%2Fcallback")
                    .contains("code_challenge_method=S256")
                    .contains("nonce=")
                    .contains("state=");
            assertThat(start.headers().firstValue("Set-Cookie"))
                    .get()
                    .asString()
                    .matches("__Host-console-session=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Lax; Secure");
        }
    }
}
