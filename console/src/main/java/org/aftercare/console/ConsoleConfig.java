package org.aftercare.console;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.aftercare.console.readmodel.ReadModelSettings;
import org.aftercare.console.scheduler.SchedulerSettings;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.http.HttpSettings;
import org.aftercare.kit.kafka.KafkaSettings;

/**
 * Everything the console's web side is configured with, read from {@code OUTREACH_CONSOLE_*}
 * variables and validated at start (one problem line per wrong variable).
 *
 * @param httpHost the public listener (the staff pages): the one a deployment exposes
 * @param managementHost the management listener (health, metrics): loopback by default
 * @param publicBaseUrl how staff browsers reach the console, e.g. {@code https://console.example.org}
 *     (no trailing slash): the OIDC redirect URI is {@code <publicBaseUrl>/auth/callback}
 * @param issuer the OpenID provider's issuer URL; its {@code /.well-known/openid-configuration} is read
 * @param clientSecret empty for a public client (PKCE only); otherwise sent with HTTP Basic
 * @param rolesClaim the ID-token claim holding the staff member's roles (a list or one string)
 * @param staffIdClaim the ID-token claim holding the staff id the console keys staff by
 * @param idleTimeout a session unused this long is over
 * @param absoluteTimeout a session this old is over, however busy
 * @param secureCookies cookies carry {@code Secure} and the {@code __Host-} prefix; only a local run
 *     or a test on http://localhost sets this false
 * @param kafka the broker ({@code OUTREACH_KAFKA_*}, shared with the other services)
 * @param readModel the console's database, consumer group and audit retention ({@code OUTREACH_CONSOLE_DB_*} ...)
 * @param scheduler the scheduler's admin API for member edits ({@code OUTREACH_CONSOLE_SCHEDULER_URL} and
 *     {@code _TOKEN}); unset, the member page offers no member edits
 * @param questionnairesDir the program's own questionnaire definitions ({@code OUTREACH_QUESTIONNAIRES_DIR}),
 *     loaded with the shipped ones at start (the member page's charts take each score's range and
 *     bands from them); null: the shipped ones only
 */
public record ConsoleConfig(
        String httpHost,
        int httpPort,
        String managementHost,
        int managementPort,
        HttpSettings http,
        String publicBaseUrl,
        String issuer,
        String clientId,
        String clientSecret,
        List<String> scopes,
        String rolesClaim,
        String staffIdClaim,
        Duration idleTimeout,
        Duration absoluteTimeout,
        boolean secureCookies,
        KafkaSettings kafka,
        ReadModelSettings readModel,
        SchedulerSettings scheduler,
        Path questionnairesDir) {

    /**
     * The program's own questionnaire folder, the same setting in every service that reads the
     * definitions; unset: the shipped instruments only.
     */
    public static final String QUESTIONNAIRES_DIR = "OUTREACH_QUESTIONNAIRES_DIR";

    public static final String HTTP_HOST = "OUTREACH_CONSOLE_HTTP_HOST";
    public static final String HTTP_PORT = "OUTREACH_CONSOLE_HTTP_PORT";
    public static final String MANAGEMENT_HOST = "OUTREACH_CONSOLE_MANAGEMENT_HOST";
    public static final String MANAGEMENT_PORT = "OUTREACH_CONSOLE_MANAGEMENT_PORT";
    public static final String PUBLIC_URL = "OUTREACH_CONSOLE_PUBLIC_URL";
    public static final String OIDC_ISSUER = "OUTREACH_CONSOLE_OIDC_ISSUER";
    public static final String OIDC_CLIENT_ID = "OUTREACH_CONSOLE_OIDC_CLIENT_ID";
    public static final String OIDC_CLIENT_SECRET = "OUTREACH_CONSOLE_OIDC_CLIENT_SECRET";
    public static final String OIDC_SCOPES = "OUTREACH_CONSOLE_OIDC_SCOPES";
    public static final String ROLES_CLAIM = "OUTREACH_CONSOLE_ROLES_CLAIM";
    public static final String STAFF_ID_CLAIM = "OUTREACH_CONSOLE_STAFF_ID_CLAIM";
    public static final String SESSION_IDLE_TIMEOUT = "OUTREACH_CONSOLE_SESSION_IDLE_TIMEOUT";
    public static final String SESSION_ABSOLUTE_TIMEOUT = "OUTREACH_CONSOLE_SESSION_ABSOLUTE_TIMEOUT";
    public static final String SECURE_COOKIES = "OUTREACH_CONSOLE_SECURE_COOKIES";
    public static final int DEFAULT_HTTP_PORT = 8083;
    public static final int DEFAULT_MANAGEMENT_PORT = 8093;

    public ConsoleConfig {
        scopes = List.copyOf(scopes);
    }

    /** Without pass-through Kafka client properties (tests). */
    public static ConsoleConfig from(Settings s) {
        return from(s, Map.of());
    }

    /**
     * @param environment where {@code OUTREACH_KAFKA_PROP_*} client properties (TLS, SASL) are read
     *     from: {@code System.getenv()} in production
     */
    public static ConsoleConfig from(Settings s, Map<String, String> environment) {
        String host = s.string(HTTP_HOST, "0.0.0.0");
        int port = s.port(HTTP_PORT, DEFAULT_HTTP_PORT);
        String managementHost = s.string(MANAGEMENT_HOST, "127.0.0.1");
        int managementPort = s.port(MANAGEMENT_PORT, DEFAULT_MANAGEMENT_PORT);
        if (port != 0 && port == managementPort) {
            s.problem(MANAGEMENT_PORT, "must differ from " + HTTP_PORT);
        }
        HttpSettings http = HttpSettings.read(s);
        boolean secure = s.flag(SECURE_COOKIES, true);
        String publicUrl = s.string(PUBLIC_URL, null);
        if (publicUrl == null) {
            s.problem(
                    PUBLIC_URL,
                    "required, not set (how staff browsers reach the console, e.g. https://console.example.org)");
        } else {
            String reason = urlProblem(publicUrl, secure);
            if (reason != null) {
                s.problem(PUBLIC_URL, reason);
            }
            publicUrl = publicUrl.replaceAll("/+$", "");
        }
        String issuer = s.string(OIDC_ISSUER, null);
        if (issuer == null) {
            s.problem(OIDC_ISSUER, "required, not set (the OpenID provider's issuer URL)");
        } else {
            String reason = urlProblem(issuer, false);
            if (reason != null) {
                s.problem(OIDC_ISSUER, reason);
            }
        }
        String clientId = s.string(OIDC_CLIENT_ID, null);
        if (clientId == null) {
            s.problem(OIDC_CLIENT_ID, "required, not set (the console's client id at the provider)");
        }
        String secret = s.secret(OIDC_CLIENT_SECRET, "");
        String scopeText = s.string(OIDC_SCOPES, "openid profile email");
        List<String> scopes = Arrays.stream(scopeText.trim().split("[\\s,]+"))
                .filter(w -> !w.isEmpty())
                .toList();
        if (!scopes.contains("openid")) {
            s.problem(OIDC_SCOPES, "must include openid");
        } else if (scopes.stream().anyMatch(w -> !w.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+"))) {
            s.problem(OIDC_SCOPES, "scopes are words separated by spaces");
        }
        String rolesClaim = claimName(s, ROLES_CLAIM, "roles");
        String staffIdClaim = claimName(s, STAFF_ID_CLAIM, "sub");
        Duration idle =
                s.duration(SESSION_IDLE_TIMEOUT, Duration.ofMinutes(30), Duration.ofMinutes(1), Duration.ofHours(24));
        Duration absolute =
                s.duration(SESSION_ABSOLUTE_TIMEOUT, Duration.ofHours(12), Duration.ofMinutes(5), Duration.ofDays(7));
        if (absolute.compareTo(idle) < 0) {
            s.problem(SESSION_ABSOLUTE_TIMEOUT, "must be at least " + SESSION_IDLE_TIMEOUT);
        }
        KafkaSettings kafka = KafkaSettings.read(s, environment);
        ReadModelSettings readModel = ReadModelSettings.read(s);
        SchedulerSettings scheduler = SchedulerSettings.read(s);
        Path questionnairesDir = questionnairesDir(s);
        s.validate();
        return new ConsoleConfig(
                host,
                port,
                managementHost,
                managementPort,
                http,
                publicUrl,
                issuer,
                clientId,
                secret,
                scopes,
                rolesClaim,
                staffIdClaim,
                idle,
                absolute,
                secure,
                kafka,
                readModel,
                scheduler,
                questionnairesDir);
    }

    /** The same configuration with other listener ports (tests use 0 for free ones). */
    public ConsoleConfig withPorts(int publicPort, int adminPort) {
        return new ConsoleConfig(
                httpHost,
                publicPort,
                managementHost,
                adminPort,
                http,
                publicBaseUrl,
                issuer,
                clientId,
                clientSecret,
                scopes,
                rolesClaim,
                staffIdClaim,
                idleTimeout,
                absoluteTimeout,
                secureCookies,
                kafka,
                readModel,
                scheduler,
                questionnairesDir);
    }

    /** The same configuration reached at another public URL (a test learns its port after binding). */
    public ConsoleConfig withPublicBaseUrl(String url) {
        return new ConsoleConfig(
                httpHost,
                httpPort,
                managementHost,
                managementPort,
                http,
                url.replaceAll("/+$", ""),
                issuer,
                clientId,
                clientSecret,
                scopes,
                rolesClaim,
                staffIdClaim,
                idleTimeout,
                absoluteTimeout,
                secureCookies,
                kafka,
                readModel,
                scheduler,
                questionnairesDir);
    }

    /** Where the provider sends the browser back with the authorization code. */
    public URI redirectUri() {
        return URI.create(publicBaseUrl + "/auth/callback");
    }

    /**
     * The program's questionnaire folder, which must be a readable folder. Its definitions are read
     * when the service starts ({@code ConsoleService}): a broken one stops it there with one line per
     * problem. (Not read here: the deploy checks build every service's configuration on a classpath
     * without the definitions' schema validator.)
     */
    static Path questionnairesDir(Settings s) {
        String folder = s.string(QUESTIONNAIRES_DIR, null);
        if (folder == null) {
            return null;
        }
        try {
            Path dir = Path.of(folder);
            if (!Files.isDirectory(dir) || !Files.isReadable(dir)) {
                s.problem(QUESTIONNAIRES_DIR, "not a readable folder: " + folder);
                return null;
            }
            return dir;
        } catch (InvalidPathException e) {
            s.problem(QUESTIONNAIRES_DIR, "not a folder path: " + folder);
            return null;
        }
    }

    private static String claimName(Settings s, String name, String fallback) {
        String value = s.string(name, fallback);
        if (!value.matches("[A-Za-z0-9_:./-]{1,100}")) {
            s.problem(name, "must be a claim name (letters, digits, '_', ':', '.', '/', '-')");
        }
        return value;
    }

    private static String urlProblem(String value, boolean mustBeHttps) {
        try {
            URI uri = new URI(value);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                return "expected an http(s) URL with a host";
            }
            if (uri.getQuery() != null || uri.getFragment() != null) {
                return "must have no query or fragment";
            }
            if (mustBeHttps && !"https".equals(uri.getScheme())) {
                return "must be https while " + SECURE_COOKIES + " is true (secure cookies need https)";
            }
            return null;
        } catch (URISyntaxException e) {
            return "expected an http(s) URL";
        }
    }
}
