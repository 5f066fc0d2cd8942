package org.aftercare.console;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.aftercare.console.audit.AccessAudit;
import org.aftercare.console.auth.OidcSignIn;
import org.aftercare.console.auth.SessionStore;
import org.aftercare.console.pages.ConsolePages;
import org.aftercare.console.pages.StaffActionPublisher;
import org.aftercare.console.readmodel.MemberRecords;
import org.aftercare.console.readmodel.ReadModelDatabase;
import org.aftercare.console.readmodel.ReadModelFeed;
import org.aftercare.console.readmodel.ReadModelWriter;
import org.aftercare.console.scheduler.SchedulerClient;
import org.aftercare.console.staff.StaffAdmin;
import org.aftercare.console.staff.StaffAdoption;
import org.aftercare.console.staff.StaffPages;
import org.aftercare.console.staff.StaffPublisher;
import org.aftercare.console.web.ConsoleWeb;
import org.aftercare.events.Topic;
import org.aftercare.events.Topics;
import org.aftercare.kit.health.Health;
import org.aftercare.kit.health.MetricFamilies;
import org.aftercare.kit.health.Metrics;
import org.aftercare.kit.http.HttpService;
import org.aftercare.kit.http.Routes;
import org.aftercare.kit.kafka.KafkaStartup;
import org.aftercare.kit.kafka.TopicSetup;
import org.aftercare.kit.lifecycle.ServiceMain;
import org.aftercare.measures.DefinitionProblem;
import org.aftercare.measures.Definitions;
import org.aftercare.measures.Instruments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The staff console running: the public listener (sign-in, sessions, pages) and the management
 * listener (health and Prometheus metrics, kept off the internet); the read model's database and
 * the feed that follows the topics into it; the producer of {@code staff.actions}; a daily purge of
 * the access audit past its retention; the staff records and care teams the console owns ({@link
 * StaffAdmin}, taken over from the topics on a first start by {@link StaffAdoption}) and the
 * publisher of their outbox to {@code staff.directory} and {@code care.assignments}. Ready when the HTTP listener is up and the feed is alive and
 * caught up. Sessions are held in memory in this process (see {@link SessionStore}). The local run and the tests start it in process with
 * {@link #start(ConsoleConfig, Clock, PageWiring)} and stop it with {@link #close()}.
 */
public final class ConsoleService implements AutoCloseable {

    /**
     * The families on the management listener's {@code /metrics} that the dashboard and alerts may
     * use (ConsoleMetricsIT compares them with a real scrape right after start).
     */
    public static final MetricFamilies METRICS = MetricFamilies.declare()
            .counter(
                    "outreach_console_records_skipped_total",
                    "outreach_console_staff_published_total",
                    "outreach_console_staff_publish_failures_total",
                    "hikaricp_connections_timeout_total",
                    "kafka_consumer_fetch_manager_records_consumed_total",
                    "kafka_producer_record_send_total",
                    "kafka_producer_record_error_total")
            .gauge(
                    "outreach_console_readmodel_lag",
                    "outreach_console_staff_outbox_pending",
                    "hikaricp_connections_active",
                    "hikaricp_connections_pending",
                    "hikaricp_connections_max",
                    "kafka_consumer_fetch_manager_records_lag_max",
                    "kafka_producer_request_latency_avg")
            .build();

    /** Adds further pages to the public routes, with the sign-in helper and renderer at hand. */
    @FunctionalInterface
    public interface PageWiring {
        void wire(Routes routes, ConsoleWeb web);
    }

    private static final Logger log = LoggerFactory.getLogger(ConsoleService.class);
    private static final Duration ADOPTION_TIMEOUT = Duration.ofSeconds(60);

    /** How long a member's row may wait for its profile before it is taken for an erased member's. */
    static final Duration ORPHAN_GRACE = Duration.ofHours(24);

    private final HttpService pages;
    private final HttpService management;
    private final ReadModelDatabase db;
    private final ReadModelFeed feed;
    private final StaffActionPublisher actions;
    private final AccessAudit audit;
    private final StaffAdmin staffAdmin;
    private final StaffPublisher staffPublisher;
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
            List<String> publicRoutes,
            ReadModelDatabase db,
            ReadModelFeed feed,
            StaffActionPublisher actions,
            AccessAudit audit,
            StaffAdmin staffAdmin,
            StaffPublisher staffPublisher) {
        this.staffAdmin = staffAdmin;
        this.staffPublisher = staffPublisher;
        this.db = db;
        this.feed = feed;
        this.actions = actions;
        this.audit = audit;
        this.pages = pages;
        this.management = management;
        this.health = health;
        this.config = config;
        this.sessions = sessions;
        this.sweeper = sweeper;
        this.publicRoutes = publicRoutes;
    }

    /**
     * The shipped questionnaire definitions and the program's own ({@link ConsoleConfig#QUESTIONNAIRES_DIR}).
     *
     * @throws DefinitionProblem one line per problem in the program's files
     */
    public static Instruments instruments(ConsoleConfig config) {
        return config.questionnairesDir() == null
                ? Definitions.shipped()
                : Definitions.loadWith(config.questionnairesDir());
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
        // A broken questionnaire definition stops the console here, before anything is opened.
        Instruments instruments = instruments(config);
        KafkaStartup.awaitCluster(
                "console", config.kafka(), config.managementHost(), config.managementPort(), config.http());
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
        Health health = new Health();
        HttpService management = null;
        ReadModelDatabase db = null;
        ReadModelFeed feed = null;
        StaffActionPublisher actions = null;
        StaffPublisher staffPublisher = null;
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "console-housekeeping");
            t.setDaemon(true);
            return t;
        });
        try {
            db = ReadModelDatabase.open(config.readModel());
            db.bindMetrics(registry);
            List<Topic<?>> topics = new ArrayList<>(ReadModelFeed.TOPICS);
            topics.add(Topics.STAFF_ACTIONS);
            TopicSetup.ensure(config.kafka(), topics);
            // the console owns staff: on a first start, take over what the stop-gap published
            StaffAdoption.adoptIfEmpty(config.kafka(), db, ADOPTION_TIMEOUT);
            staffPublisher = new StaffPublisher(config.kafka(), db, registry).start();
            feed = ReadModelFeed.start(config.kafka(), config.readModel(), db, registry, clock);
            actions = new StaffActionPublisher(config.kafka(), registry);
            AccessAudit audit = new AccessAudit(db, clock, config.readModel().auditRetention());
            StaffAdmin staffAdmin = new StaffAdmin(db, clock, audit, sessions, staffPublisher::poke);
            ConsoleWeb web = new ConsoleWeb(
                    sessions,
                    oidc,
                    URI.create(config.publicBaseUrl()),
                    URI.create(config.issuer()),
                    config.secureCookies(),
                    staffAdmin);
            Routes routes = web.register(new Routes());
            SchedulerClient scheduler =
                    config.scheduler().configured() ? new SchedulerClient(config.scheduler()) : null;
            new ConsolePages(db, clock, audit, actions, scheduler, instruments, web).register(routes);
            new StaffPages(staffAdmin, new MemberRecords(db, clock), audit, web).register(routes);
            wiring.wire(routes, web);
            management =
                    health.serveManagement(config.managementHost(), config.managementPort(), registry, config.http());
            HttpService pages =
                    HttpService.start("public", config.httpHost(), config.httpPort(), routes, registry, config.http());
            ReadModelFeed running = feed;
            ReadModelDatabase database = db;
            health.live("http", () -> true)
                    .ready("http", () -> true)
                    .live("read-model", running::isAlive)
                    .ready("read-model", () -> running.isAlive() && running.caughtUp())
                    .ready("database", database::isReachable);
            sweeper.scheduleWithFixedDelay(() -> sessions.sweep(clock.instant()), 1, 1, TimeUnit.MINUTES);
            sweeper.scheduleWithFixedDelay(() -> purge(audit), 1, 24 * 60, TimeUnit.MINUTES);
            sweeper.scheduleWithFixedDelay(() -> eraseOrphans(running, database), 5, 60, TimeUnit.MINUTES);
            return new ConsoleService(
                    pages,
                    management,
                    health,
                    config,
                    sessions,
                    sweeper,
                    routes.list(),
                    db,
                    feed,
                    actions,
                    audit,
                    staffAdmin,
                    staffPublisher);
        } catch (RuntimeException e) {
            sweeper.shutdownNow();
            ServiceMain.closeQuietly("management http", management);
            ServiceMain.closeQuietly("staff actions producer", actions);
            ServiceMain.closeQuietly("staff outbox publisher", staffPublisher);
            ServiceMain.closeQuietly("read-model feed", feed);
            ServiceMain.closeQuietly("read-model database", db);
            throw e;
        }
    }

    private static void purge(AccessAudit audit) {
        try {
            int purged = audit.purge();
            log.info("access audit: {} rows past the retention of {} purged", purged, audit.retention());
        } catch (RuntimeException e) {
            log.warn("access audit purge failed (tried again tomorrow): {}", e.getMessage());
        }
    }

    /**
     * Stubs older than {@link #ORPHAN_GRACE} whose profile never came are members erased before the
     * read model was rebuilt ({@link ReadModelWriter#eraseOrphans}); only once the feed has caught up,
     * so a profile still to be read is not mistaken for a missing one.
     */
    private static void eraseOrphans(ReadModelFeed feed, ReadModelDatabase db) {
        if (!feed.caughtUp()) {
            return;
        }
        try {
            ReadModelWriter writer = new ReadModelWriter();
            int erased =
                    db.inTransaction(c -> writer.eraseOrphans(c, Instant.now().minus(ORPHAN_GRACE)));
            if (erased > 0) {
                log.info("read model: {} member rows without a profile for {} erased", erased, ORPHAN_GRACE);
            }
        } catch (RuntimeException e) {
            log.warn("read model: erasing rows without a profile failed (tried again in an hour): {}", e.getMessage());
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

    /** The read model's feed (tests wait for it to catch up). */
    public ReadModelFeed feed() {
        return feed;
    }

    /** The console's database (read model and access audit). */
    public ReadModelDatabase database() {
        return db;
    }

    public AccessAudit audit() {
        return audit;
    }

    /**
     * Staff records and care teams, changed in process (the local run seeds demo staff with it):
     * the same rules, audit and publishing as the staff pages.
     */
    public StaffAdmin staffAdmin() {
        return staffAdmin;
    }

    /** The publisher of the staff outbox (tests wait for it to drain). */
    public StaffPublisher staffPublisher() {
        return staffPublisher;
    }

    /** Stops taking requests, then the housekeeping, the producer, the feed and the database, in that order. */
    @Override
    public void close() {
        try {
            HttpService.drainAndClose(health::drain, config.http(), pages, management);
        } finally {
            sweeper.shutdownNow();
            ServiceMain.closeQuietly("staff actions producer", actions);
            ServiceMain.closeQuietly("staff outbox publisher", staffPublisher);
            feed.close(Duration.ofSeconds(10));
            ServiceMain.closeQuietly("read-model database", db);
        }
    }
}
