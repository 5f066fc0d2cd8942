package org.aftercare.scheduler;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.aftercare.kit.health.Health;
import org.aftercare.kit.health.MetricFamilies;
import org.aftercare.kit.health.Metrics;
import org.aftercare.kit.http.HttpService;
import org.aftercare.kit.http.HttpSettings;
import org.aftercare.kit.http.Routes;
import org.aftercare.kit.kafka.BrokerReachability;
import org.aftercare.kit.kafka.KafkaStartup;
import org.aftercare.kit.kafka.TopicSetup;
import org.aftercare.kit.lifecycle.ServiceMain;
import org.aftercare.kit.links.LinkSigner;
import org.aftercare.scheduler.api.AdminAuth;
import org.aftercare.scheduler.api.ImportJobApi;
import org.aftercare.scheduler.api.MemberApi;
import org.aftercare.scheduler.api.MemberListApi;
import org.aftercare.scheduler.api.QuestionnaireApi;
import org.aftercare.scheduler.api.StaffApi;
import org.aftercare.scheduler.checkin.CheckInAnswers;
import org.aftercare.scheduler.checkin.CheckInLog;
import org.aftercare.scheduler.checkin.CheckInPage;
import org.aftercare.scheduler.checkin.DueSweep;
import org.aftercare.scheduler.checkin.SweepJob;
import org.aftercare.scheduler.contact.ContactPages;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.help.HelpPage;
import org.aftercare.scheduler.help.HelpRequests;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.member.AbsenceJob;
import org.aftercare.scheduler.member.MemberStore;
import org.aftercare.scheduler.member.Members;
import org.aftercare.scheduler.member.OutboxJob;
import org.aftercare.scheduler.plan.CheckInTimes;
import org.aftercare.scheduler.progress.CheckInRecords;
import org.aftercare.scheduler.progress.ProgressPage;
import org.aftercare.scheduler.quartz.QuartzSetup;
import org.aftercare.scheduler.questionnaire.QuestionnairePage;
import org.aftercare.scheduler.questionnaire.QuestionnaireSweep;
import org.aftercare.scheduler.questionnaire.Questionnaires;
import org.aftercare.scheduler.roster.ImportJobs;
import org.aftercare.scheduler.roster.RosterImport;
import org.aftercare.scheduler.staff.CoverageJob;
import org.aftercare.scheduler.staff.Staff;
import org.aftercare.scheduler.staff.StaffFollower;
import org.aftercare.scheduler.web.AwayPage;
import org.aftercare.scheduler.web.PreferencePages;
import org.aftercare.scheduler.web.StaffFlagPage;
import org.aftercare.scheduler.web.TokenGate;
import org.apache.kafka.clients.admin.Admin;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the scheduler: database, Kafka publisher, Quartz time-slot jobs, and two HTTP listeners:
 * the public one serves only the member and contact pages reached from links in emails; the
 * management one serves the admin API, health and metrics and is kept off the internet. Closing
 * reports not ready, drains both listeners, then stops the rest in reverse order.
 */
public final class SchedulerService implements AutoCloseable {

    /**
     * The families on the management listener's {@code /metrics} that the dashboard and alerts may
     * use (SchedulerMetricsIT compares them with a real scrape right after start).
     */
    public static final MetricFamilies METRICS = MetricFamilies.declare()
            .counter(
                    "outreach_checkins_due_emitted_total",
                    "outreach_checkins_due_released_total",
                    "outreach_checkins_catchup_total",
                    "outreach_checkins_skipped_total",
                    "outreach_checkins_emitted_late_total",
                    "outreach_checkins_answered_total",
                    "outreach_contacts_acknowledged_total",
                    "outreach_contacts_answered_total",
                    "outreach_escalations_reach_reported_total",
                    "outreach_help_pressed_total",
                    "outreach_import_jobs_total",
                    "outreach_import_rows_total",
                    "outreach_members_paused_total",
                    "outreach_profiles_published_total",
                    "outreach_questionnaires_completed_total",
                    "outreach_questionnaires_due_emitted_total",
                    "outreach_questionnaires_opened_total",
                    "outreach_questionnaires_skipped_total",
                    "outreach_staff_records_applied_total",
                    "outreach_staff_records_unreadable_total",
                    "outreach_unsubscribed_total",
                    "hikaricp_connections_timeout_total",
                    "kafka_producer_record_send_total",
                    "kafka_producer_record_error_total",
                    "kafka_consumer_fetch_manager_records_consumed_total")
            .histogram("outreach_checkins_emit_lag_seconds")
            .gauge(
                    "outreach_checkins_emit_lag_seconds_max",
                    "outreach_members_without_care_team",
                    "outreach_care_team_inactive_staff",
                    "hikaricp_connections_active",
                    "hikaricp_connections_idle",
                    "hikaricp_connections_pending",
                    "hikaricp_connections_max",
                    "kafka_producer_request_latency_avg",
                    "kafka_consumer_fetch_manager_records_lag_max")
            .summary("hikaricp_connections_acquire_seconds")
            .build();

    private static final Logger log = LoggerFactory.getLogger(SchedulerService.class);

    /**
     * How often passed absences are ended: an absence ends at midnight in the member's zone, so at
     * most this late; the query need not run with every due sweep.
     */
    static final Duration PASSED_ABSENCES_INTERVAL = Duration.ofMinutes(5);

    /** The staff outbox's job of issue 11, which a job store from before issue 12 still holds. */
    static final JobKey RETIRED_STAFF_OUTBOX = JobKey.jobKey("staff-outbox", "staff");

    private final Database db;
    private final EventPublisher publisher;
    private final Scheduler quartz;
    private final HttpService pages;
    private final HttpService management;
    private final Health health;
    private final HttpSettings httpSettings;
    private final Members members;
    private final Staff staff;
    private final BrokerReachability broker;
    private final ImportJobs importJobs;
    private final Questionnaires questionnaires;
    private final DueSweep sweep;
    private final List<String> pageRoutes;
    private final List<String> managementRoutes;

    private SchedulerService(
            Database db,
            EventPublisher publisher,
            Scheduler quartz,
            HttpService pages,
            HttpService management,
            Health health,
            HttpSettings httpSettings,
            Members members,
            Staff staff,
            BrokerReachability broker,
            ImportJobs importJobs,
            Questionnaires questionnaires,
            DueSweep sweep,
            List<String> pageRoutes,
            List<String> managementRoutes) {
        this.db = db;
        this.publisher = publisher;
        this.quartz = quartz;
        this.pages = pages;
        this.management = management;
        this.health = health;
        this.httpSettings = httpSettings;
        this.members = members;
        this.staff = staff;
        this.broker = broker;
        this.importJobs = importJobs;
        this.questionnaires = questionnaires;
        this.sweep = sweep;
        this.pageRoutes = pageRoutes;
        this.managementRoutes = managementRoutes;
    }

    public static SchedulerService start(SchedulerConfig config) throws SchedulerException {
        KafkaStartup.awaitCluster(
                "scheduler", config.kafka(), config.managementHost(), config.managementPort(), config.http());
        PrometheusMeterRegistry registry = Metrics.registry("scheduler");
        TopicSetup.ensureAll(config.kafka());
        Database db = Database.open(config.dbUrl(), config.dbUser(), config.dbPassword());
        EventPublisher publisher = null;
        Scheduler quartz = null;
        Admin admin = null;
        BrokerReachability broker = null;
        Staff staff = null;
        HttpService management = null;
        ImportJobs importJobs = null;
        db.bindMetrics(registry);
        try {
            publisher = new EventPublisher(config.kafka());
            publisher.bindMetrics(registry);
            MemberStore store = new MemberStore();
            Members members = Members.create(db, store, publisher, config, config.clock(), registry);
            staff = Staff.start(db, store, members, publisher, config.kafka(), config.clock(), registry);
            DueSweep sweep = new DueSweep(db, publisher, config, config.clock(), registry);
            Questionnaires questionnaires =
                    new Questionnaires(db, store, config.instruments(), publisher, config.clock(), registry);
            QuestionnaireSweep questionnaireSweep = new QuestionnaireSweep(
                    db,
                    questionnaires,
                    publisher,
                    new CheckInTimes(config.checkInCadence()),
                    config.catchUpWindow(),
                    config.clock(),
                    registry);
            TokenGate gate = new TokenGate(LinkSigner.fromSpec(config.linkKeys(), config.clock()), db, config.clock());

            quartz = startQuartz(config, db, sweep, questionnaireSweep, members, staff);

            admin = Admin.create(config.kafka().clientConfig("outreach-scheduler-health"));
            broker = BrokerReachability.start(admin);
            BrokerReachability kafka = broker;
            Scheduler jobs = quartz;
            StaffFollower follower = staff.follower();
            // Not a readiness check: check-ins and the member pages do not need staff, and a flag action
            // asked before the copy is read answers "try again shortly" (StaffActions).
            Health health = new Health()
                    .live("quartz", () -> isRunning(jobs))
                    .live("staff-follower", follower::isAlive)
                    .ready("quartz", () -> isRunning(jobs))
                    .ready("database", db::isReachable)
                    .ready("kafka", kafka::isReachable);
            Routes managementRoutes = new Routes();
            health.register(managementRoutes, registry);
            RosterImport roster = new RosterImport(members.lifecycle(), config.clock(), registry);
            AdminAuth adminAuth = new AdminAuth(config.adminToken());
            importJobs = new ImportJobs(db, roster, registry);
            // before the member routes: /api/members/import-jobs/{jobId} is not a member
            new ImportJobApi(importJobs, adminAuth).register(managementRoutes);
            new MemberApi(members, new CheckInLog(db, config.checkInCadence()), roster, adminAuth, config.clock())
                    .register(managementRoutes);
            new MemberListApi(members.list(), adminAuth).register(managementRoutes);
            new StaffApi(staff, adminAuth).register(managementRoutes);
            new QuestionnaireApi(questionnaires, adminAuth, config.clock()).register(managementRoutes);
            Routes pageRoutes = new Routes();
            new CheckInPage(gate, new CheckInAnswers(gate, db, store, publisher, config.clock(), registry))
                    .register(pageRoutes);
            new ContactPages(gate, db, store, members.changes(), publisher, config.clock(), registry)
                    .register(pageRoutes);
            new PreferencePages(gate, members.lifecycle(), members.changes(), publisher, config.clock(), registry)
                    .register(pageRoutes);
            new AwayPage(gate, members.lifecycle(), members.changes(), config.clock()).register(pageRoutes);
            new QuestionnairePage(gate, questionnaires, config.clock()).register(pageRoutes);
            new StaffFlagPage(gate, members.changes(), staff.actions()).register(pageRoutes);
            new ProgressPage(gate, members.changes(), members.lifecycle(), new CheckInRecords(db), config.clock())
                    .register(pageRoutes);
            new HelpPage(
                            gate,
                            new HelpRequests(
                                    db, store, publisher, config.helpRequestInterval(), config.clock(), registry))
                    .register(pageRoutes);
            management = HttpService.start(
                    "management",
                    config.managementHost(),
                    config.managementPort(),
                    managementRoutes,
                    registry,
                    config.http());
            HttpService pages = HttpService.start(
                    "public", config.httpHost(), config.httpPort(), pageRoutes, registry, config.http());
            log.info(
                    "scheduler pages on port {}, admin API, health and metrics on port {}",
                    pages.port(),
                    management.port());
            return new SchedulerService(
                    db,
                    publisher,
                    quartz,
                    pages,
                    management,
                    health,
                    config.http(),
                    members,
                    staff,
                    broker,
                    importJobs,
                    questionnaires,
                    sweep,
                    pageRoutes.list(),
                    managementRoutes.list());
        } catch (RuntimeException | SchedulerException e) {
            ServiceMain.closeQuietly("management http", management);
            ServiceMain.closeQuietly("import jobs", importJobs);
            if (quartz != null) {
                quartz.shutdown(false);
            }
            ServiceMain.closeQuietly("kafka reachability", broker);
            ServiceMain.closeQuietly("kafka admin", admin);
            ServiceMain.closeQuietly("staff follower", staff);
            ServiceMain.closeQuietly("publisher", publisher);
            db.close();
            throw e;
        }
    }

    private static boolean isRunning(Scheduler quartz) {
        try {
            return quartz.isStarted() && !quartz.isShutdown() && !quartz.isInStandbyMode();
        } catch (SchedulerException e) {
            return false;
        }
    }

    /**
     * Four repeating time-slot jobs on the JDBC job store: the due sweep, the end of passed absences,
     * the profile outbox and the care-team coverage gauges.
     */
    private static Scheduler startQuartz(
            SchedulerConfig config,
            Database db,
            DueSweep sweep,
            QuestionnaireSweep questionnaireSweep,
            Members members,
            Staff staff)
            throws SchedulerException {
        Scheduler quartz = QuartzSetup.create(
                db,
                config.quartzClusterName(),
                Map.of(
                        SweepJob.SWEEP,
                        sweep,
                        SweepJob.QUESTIONNAIRE_SWEEP,
                        questionnaireSweep,
                        AbsenceJob.LIFECYCLE,
                        members.lifecycle(),
                        OutboxJob.OUTBOX,
                        members.outbox(),
                        CoverageJob.STAFF,
                        staff));
        try {
            scheduleJobs(quartz, config.sweepInterval());
            quartz.start();
        } catch (SchedulerException | RuntimeException e) {
            quartz.shutdown(false);
            throw e;
        }
        return quartz;
    }

    /**
     * The repeating jobs: the due sweep every {@code sweepInterval}, passed absences every
     * {@link #PASSED_ABSENCES_INTERVAL}, the profile outbox and the coverage gauges every 5 s. The
     * staff outbox of issue 11 is removed from the job store (the scheduler no longer publishes staff).
     */
    static void scheduleJobs(Scheduler quartz, Duration sweepInterval) throws SchedulerException {
        QuartzSetup.ensureRepeating(
                quartz,
                SweepJob.class,
                JobKey.jobKey("due-sweep", "checkins"),
                TriggerKey.triggerKey("due-sweep-every-interval", "checkins"),
                sweepInterval);
        QuartzSetup.ensureRepeating(
                quartz,
                AbsenceJob.class,
                JobKey.jobKey("passed-absences", "members"),
                TriggerKey.triggerKey("passed-absences-every-5m", "members"),
                PASSED_ABSENCES_INTERVAL);
        QuartzSetup.ensureRepeating(
                quartz,
                OutboxJob.class,
                JobKey.jobKey("profile-outbox", "members"),
                TriggerKey.triggerKey("profile-outbox-every-5s", "members"),
                Duration.ofSeconds(5));
        quartz.deleteJob(RETIRED_STAFF_OUTBOX);
        QuartzSetup.ensureRepeating(
                quartz,
                CoverageJob.class,
                JobKey.jobKey("care-team-coverage", "staff"),
                TriggerKey.triggerKey("care-team-coverage-every-5s", "staff"),
                Duration.ofSeconds(5));
    }

    /** The public listener's port (pages reached from links in emails). */
    public int publicPort() {
        return pages.port();
    }

    /** http://localhost:PORT of the public pages. */
    public String publicUrl() {
        return pages.baseUrl();
    }

    /** The management listener's port (admin API, health, metrics). */
    public int managementPort() {
        return management.port();
    }

    /** http://localhost:PORT of the admin API, health and metrics. */
    public String managementUrl() {
        return management.baseUrl();
    }

    /** The member domain as the service wired it. */
    public Members members() {
        return members;
    }

    /** The staff domain as the service wired it. */
    public Staff staff() {
        return staff;
    }

    /** The roster import jobs as the service wired them. */
    public ImportJobs importJobs() {
        return importJobs;
    }

    /** The questionnaire occurrences as the service wired them (the schedule opens them through it). */
    public Questionnaires questionnaires() {
        return questionnaires;
    }

    public Database database() {
        return db;
    }

    /** Every route the public listener serves, as {@code "METHOD pattern"}. */
    public List<String> publicRoutes() {
        return pageRoutes;
    }

    /** Every route the management listener serves (admin API, health, metrics), as {@code "METHOD pattern"}. */
    public List<String> managementRoutes() {
        return managementRoutes;
    }

    @Override
    public void close() {
        HttpService.drainAndClose(health::drain, httpSettings, pages, management);
        importJobs.close();
        try {
            quartz.shutdown(true);
        } catch (SchedulerException e) {
            log.warn("quartz did not stop cleanly: {}", e.toString());
        }
        sweep.close();
        staff.close();
        ServiceMain.closeQuietly("publisher", publisher);
        broker.close();
        db.close();
    }
}
