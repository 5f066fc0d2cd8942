package org.aftercare.console.scheduler;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import org.aftercare.kit.config.Settings;

/**
 * Where the console reaches the scheduler's admin API and with which service credential.
 * Optional: with {@value #URL} unset the member page offers no member edits (and says so); when
 * it is set, {@value #TOKEN} is required.
 *
 * @param baseUrl the scheduler's management listener, e.g. {@code http://scheduler:8090} (no trailing slash); null when unset
 * @param token the bearer token the admin API takes (a secret: never shown or logged)
 * @param connectTimeout how long to wait for a connection
 * @param requestTimeout how long to wait for an answer
 */
public record SchedulerSettings(String baseUrl, String token, Duration connectTimeout, Duration requestTimeout) {

    public static final String URL = "OUTREACH_CONSOLE_SCHEDULER_URL";
    public static final String TOKEN = "OUTREACH_CONSOLE_SCHEDULER_TOKEN";
    public static final String CONNECT_TIMEOUT = "OUTREACH_CONSOLE_SCHEDULER_CONNECT_TIMEOUT";
    public static final String REQUEST_TIMEOUT = "OUTREACH_CONSOLE_SCHEDULER_TIMEOUT";

    public boolean configured() {
        return baseUrl != null;
    }

    /** Never the token. */
    @Override
    public String toString() {
        return "SchedulerSettings[" + baseUrl + ", token hidden, " + connectTimeout + ", " + requestTimeout + "]";
    }

    /** Reads and checks the settings; problems are added to {@code s} (reported by its validate). */
    public static SchedulerSettings read(Settings s) {
        String url = s.string(URL, null);
        String token = s.secret(TOKEN, null);
        Duration connect =
                s.duration(CONNECT_TIMEOUT, Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(30));
        Duration request =
                s.duration(REQUEST_TIMEOUT, Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(60));
        if (url != null) {
            String reason = urlProblem(url);
            if (reason != null) {
                s.problem(URL, reason);
            }
            url = url.replaceAll("/+$", "");
            if (token == null) {
                s.problem(TOKEN, "required when " + URL + " is set (the scheduler's admin bearer token)");
            } else if (!token.matches("[\\x21-\\x7E]{16,512}")) {
                s.problem(TOKEN, "must be 16 to 512 visible ASCII characters (a bearer token)");
            }
        } else if (token != null) {
            s.problem(TOKEN, "set, but " + URL + " is not: set both or neither");
        }
        return new SchedulerSettings(url, token, connect, request);
    }

    private static String urlProblem(String value) {
        try {
            URI uri = new URI(value);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                return "expected an http(s) URL with a host (the scheduler's management listener, e.g. http://scheduler:8090)";
            }
            if (uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
                return "must have no user info, query or fragment";
            }
            String path = uri.getPath();
            if (path != null && !path.isEmpty() && !path.equals("/")) {
                return "must be the listener's root, without a path";
            }
            return null;
        } catch (URISyntaxException e) {
            return "expected an http(s) URL";
        }
    }
}
