package org.aftercare.console;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.aftercare.console.auth.OidcSignIn;
import org.aftercare.console.auth.SessionStore;
import org.aftercare.console.web.ConsoleWeb;
import org.aftercare.kit.health.Health;
import org.aftercare.kit.health.Metrics;
import org.aftercare.kit.http.HttpService;
import org.aftercare.kit.http.Routes;
import org.aftercare.kit.lifecycle.ServiceMain;

/**
 * The staff console running: the public listener (sign-in, sessions, pages) and the management
 * listener (health and Prometheus metrics, kept off the internet). Sessions are held in memory in
 * this process (see {@link SessionStore}). The local run and the tests start it in process with
 * {@link #start(ConsoleConfig, Clock, PageWiring)} and stop it with {@link #close()}.
 */
public final class ConsoleService implements AutoCloseable {

    /** Adds further pages to the public routes, with the sign-in helper and renderer at hand. */
    @FunctionalInterface
    public interface PageWiring {
        void wire(Routes routes, ConsoleWeb web);
    }

    private final HttpService pages;
    private final HttpService management;
    private final Health health;
    private final ConsoleConfig config;
    private final SessionStore sessions;
    private final ScheduledExecutorService sweeper;
    private final List<String> publicRoutes;

    private ConsoleService(
            HttpService pages,
            HttpService management,
            Health health,
            ConsoleConfig config,
            SessionStore sessions,
            ScheduledExecutorService sweeper,
            List<String> publicRoutes) {
        this.pages = pages;
        this.management = management;
        this.health = health;
        this.config = config;
        this.sessions = sessions;
        this.sweeper = sweeper;
        this.publicRoutes = publicRoutes;
    }

    public static ConsoleService start(ConsoleConfig config) {
        return start(config, Clock.systemUTC(), (routes, web) -> {});
    }

    /**
     * Starts both listeners.
     *
     * @param clock the time sessions expire by (tests pass a {@code MutableClock})
     * @param wiring adds pages beyond sign-in and home (nothing, for now)
     */
    public static ConsoleService start(ConsoleConfig config, Clock clock, PageWiring wiring) {
        PrometheusMeterRegistry registry = Metrics.registry("console");
        SessionStore sessions = new SessionStore(clock, config.idleTimeout(), config.absoluteTimeout());
        Gauge.builder("console.sessions.open", sessions, SessionStore::openSessions)
                .description("staff sessions open now")
                .register(registry);
        OidcSignIn oidc = new OidcSignIn(new OidcSignIn.Client(
                config.issuer(),
                config.clientId(),
                config.clientSecret(),
                config.scopes(),
                config.redirectUri(),
                URI.create(config.publicBaseUrl() + "/signed-out"),
                config.rolesClaim(),
                config.staffIdClaim()));
        ConsoleWeb web = new ConsoleWeb(
                sessions,
                oidc,
                URI.create(config.publicBaseUrl()),
                URI.create(config.issuer()),
                config.secureCookies());
        Routes routes = web.register(new Routes());
        wiring.wire(routes, web);
        Health health = new Health();
        HttpService management = null;
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "console-session-sweep");
            t.setDaemon(true);
            return t;
        });
        try {
            management =
                    health.serveManagement(config.managementHost(), config.managementPort(), registry, config.http());
            HttpService pages =
                    HttpService.start("public", config.httpHost(), config.httpPort(), routes, registry, config.http());
            health.live("http", () -> true).ready("http", () -> true);
            sweeper.scheduleWithFixedDelay(() -> sessions.sweep(clock.instant()), 1, 1, TimeUnit.MINUTES);
            return new ConsoleService(pages, management, health, config, sessions, sweeper, routes.list());
        } catch (RuntimeException e) {
            sweeper.shutdownNow();
            ServiceMain.closeQuietly("management http", management);
            throw e;
        }
    }

    /** The public listener's port. */
    public int port() {
        return pages.port();
    }

    /** http://localhost:PORT of the public listener. */
    public String baseUrl() {
        return pages.baseUrl();
    }

    public int managementPort() {
        return management.port();
    }

    public String managementUrl() {
        return management.baseUrl();
    }

    public ConsoleConfig config() {
        return config;
    }

    /** The sessions (tests count and inspect them). */
    public SessionStore sessions() {
        return sessions;
    }

    /** Every public route as {@code "METHOD pattern"}. */
    public List<String> publicRoutes() {
        return publicRoutes;
    }

    public boolean isReady() {
        return health.isReady();
    }

    @Override
    public void close() {
        HttpService.drainAndClose(health::drain, config.http(), pages, management);
        sweeper.shutdownNow();
    }
}
