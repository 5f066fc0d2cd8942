package org.aftercare.console.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One staff member's user agent at the HTTP level: keeps cookies like a browser, follows no
 * redirect by itself (tests look at each hop), and walks the authorization-code flow through the
 * real provider.
 */
public final class StaffClient {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;

    public StaffClient(String base) {
        this.base = base;
    }

    public HttpResponse<String> get(String pathOrUrl) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri(pathOrUrl))
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A form POST (the body as given: application/x-www-form-urlencoded). */
    public HttpResponse<String> postForm(String path, String form) throws IOException, InterruptedException {
        return postForm(path, form, null);
    }

    /** A form POST sent as if from a page of {@code origin} (null: no Origin header). */
    public HttpResponse<String> postForm(String path, String form, String origin)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Signs in through the provider (who: whatever the fixture queued) asking to come back to
     * {@code returnPath}; answers the console's response to the provider's callback.
     */
    public HttpResponse<String> signIn(String returnPath) throws IOException, InterruptedException {
        HttpResponse<String> start = get("/sign-in?return=" + URLEncoder.encode(returnPath, StandardCharsets.UTF_8));
        check(start, 303);
        HttpResponse<String> authorize = get(location(start));
        check(authorize, 302);
        return get(location(authorize));
    }

    /** The CSRF token of the form on this page. */
    public static String csrfToken(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) {
            throw new AssertionError("no CSRF field on the page");
        }
        return m.group(1);
    }

    public static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location"));
    }

    /** The console's cookie value as this client holds it. */
    public Optional<String> sessionCookie() {
        return cookies.getCookieStore().get(URI.create(base)).stream()
                .filter(c -> c.getName().equals("console-session"))
                .map(HttpCookie::getValue)
                .findFirst();
    }

    /** Makes this client send the given session cookie (as an attacker who learnt or planted one would). */
    public void useSessionCookie(String value) {
        HttpCookie cookie = new HttpCookie("console-session", value);
        cookie.setPath("/");
        cookie.setVersion(0);
        cookies.getCookieStore().removeAll();
        cookies.getCookieStore().add(URI.create(base), cookie);
    }

    private URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl);
    }

    private static void check(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new AssertionError(
                    "expected " + status + " from " + r.uri() + ", got " + r.statusCode() + ": " + r.body());
        }
    }
}
