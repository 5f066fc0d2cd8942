package org.aftercare.scheduler;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.aftercare.kit.health.Health;
import org.aftercare.kit.health.Metrics;
import org.aftercare.kit.http.HttpService;
import org.aftercare.kit.http.Routes;
import org.aftercare.kit.kafka.TopicSetup;
import org.aftercare.kit.lifecycle.ServiceMain;
import org.aftercare.kit.links.LinkSigner;
import org.aftercare.scheduler.checkin.CheckInLog;
import org.aftercare.scheduler.checkin.CheckInPage;
import org.aftercare.scheduler.contact.ContactPages;
import org.aftercare.scheduler.help.HelpPage;
import org.aftercare.scheduler.roster.RosterImport;
import org.aftercare.scheduler.web.PreferencePages;
import org.aftercare.scheduler.checkin.DueSweep;
import org.aftercare.scheduler.checkin.SweepJob;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.api.MemberApi;
import org.aftercare.scheduler.member.MemberService;
import org.aftercare.scheduler.member.MemberStore;
import org.aftercare.scheduler.member.OutboxJob;
import org.aftercare.scheduler.api.AdminAuth;
import org.aftercare.scheduler.web.TokenGate;
import org.apache.kafka.clients.admin.Admin;
import org.aftercare.scheduler.quartz.QuartzSetup;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the scheduler: database, Kafka publisher, Quartz time-slot jobs, and the HTTP front door
 * (admin API, member and contact pages, health, metrics). Closing stops them in reverse order.
 */
public final class SchedulerService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchedulerService.class);

    private final Database db;
    private final EventPublisher publisher;
    private final Scheduler quartz;
    private final HttpService http;
    private final MemberService members;
    private final Admin admin;
    private final java.util.List<String> routes;

    private SchedulerService(Database db, EventPublisher publisher, Scheduler quartz, HttpService http, MemberService members,
            Admin admin, java.util.List<String> routes) {
        this.routes = routes;
        this.db = db;
        this.publisher = publisher;
        this.quartz = quartz;
        this.http = http;
        this.members = members;
        this.admin = admin;
    }

    public static SchedulerService start(SchedulerConfig config) throws SchedulerException {
        PrometheusMeterRegistry registry = Metrics.registry("scheduler");
        TopicSetup.ensureAll(config.kafka());
        Database db = Database.open(config.dbUrl(), config.dbUser(), config.dbPassword());
        EventPublisher publisher = null;
        Scheduler quartz = null;
        Admin admin = null;
        try {
            publisher = new EventPublisher(config.kafka());
            MemberStore store = new MemberStore();
            MemberService members = new MemberService(db, store, publisher, config, config.clock(), registry);
            DueSweep sweep = new DueSweep(db, publisher, config, config.clock(), registry);
            TokenGate gate = new TokenGate(LinkSigner.fromSpec(config.linkKeys(), config.clock()), db, config.clock());

            quartz = startQuartz(config, db, sweep, members);

            admin = Admin.create(config.kafka().clientConfig("outreach-scheduler-health"));
            Admin kafkaAdmin = admin;
            Scheduler jobs = quartz;
            Health health = new Health()
                    .live("quartz", () -> isRunning(jobs))
                    .ready("quartz", () -> isRunning(jobs))
                    .ready("database", db::isReachable)
                    .ready("kafka", () -> isReachable(kafkaAdmin));
            Routes routes = new Routes();
            health.register(routes, registry);
            RosterImport roster = new RosterImport(members, config.clock(), registry);
            new MemberApi(members, new CheckInLog(db, config.checkInCadence()), roster, new AdminAuth(config.adminToken()),
                    config.clock()).register(routes);
            new CheckInPage(gate, db, store, publisher, config.clock(), registry).register(routes);
            new ContactPages(gate, db, store, members, publisher, config.clock(), registry).register(routes);
            new PreferencePages(gate, members, publisher, config.clock(), registry).register(routes);
            new HelpPage(gate, db, store, publisher, config.helpRequestInterval(), config.clock(), registry).register(routes);
            HttpService http = HttpService.start(config.httpHost(), config.httpPort(), routes, registry);
            log.info("scheduler listening on {}", http.baseUrl());
            return new SchedulerService(db, publisher, quartz, http, members, admin, routes.list());
        } catch (RuntimeException | SchedulerException e) {
            if (quartz != null) {
                quartz.shutdown(false);
            }
            ServiceMain.closeQuietly("kafka admin", admin);
            ServiceMain.closeQuietly("publisher", publisher);
            db.close();
            throw e;
        }
    }

    private static boolean isReachable(Admin admin) {
        try {
            admin.describeCluster().clusterId().get(3, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    private static boolean isRunning(Scheduler quartz) {
        try {
            return quartz.isStarted() && !quartz.isShutdown() && !quartz.isInStandbyMode();
        } catch (SchedulerException e) {
            return false;
        }
    }

    /** Two repeating time-slot jobs on the JDBC job store: the due sweep and the profile outbox. */
    private static Scheduler startQuartz(SchedulerConfig config, Database db, DueSweep sweep, MemberService members)
            throws SchedulerException {
        Scheduler quartz = QuartzSetup.create(db, config.quartzClusterName(),
                Map.of(SweepJob.SWEEP, sweep, OutboxJob.MEMBERS, members));
        try {
            QuartzSetup.ensureRepeating(quartz, SweepJob.class, JobKey.jobKey("due-sweep", "checkins"),
                    TriggerKey.triggerKey("due-sweep-every-interval", "checkins"), config.sweepInterval());
            QuartzSetup.ensureRepeating(quartz, OutboxJob.class, JobKey.jobKey("profile-outbox", "members"),
                    TriggerKey.triggerKey("profile-outbox-every-5s", "members"), Duration.ofSeconds(5));
            quartz.start();
        } catch (SchedulerException | RuntimeException e) {
            quartz.shutdown(false);
            throw e;
        }
        return quartz;
    }

    public int port() {
        return http.port();
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    public MemberService members() {
        return members;
    }

    public Database database() {
        return db;
    }

    /** Every route the HTTP front door serves, as {@code "METHOD pattern"}. */
    public java.util.List<String> routes() {
        return routes;
    }

    @Override
    public void close() {
        ServiceMain.closeQuietly("http", http);
        try {
            quartz.shutdown(true);
        } catch (SchedulerException e) {
            log.warn("quartz did not stop cleanly: {}", e.toString());
        }
        ServiceMain.closeQuietly("publisher", publisher);
        admin.close(Duration.ofSeconds(5));
        db.close();
    }
}
