package org.aftercare.notifier;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.aftercare.events.Topic;
import org.aftercare.events.Topics;
import org.aftercare.kit.health.Health;
import org.aftercare.kit.health.MetricFamilies;
import org.aftercare.kit.health.Metrics;
import org.aftercare.kit.http.HttpService;
import org.aftercare.kit.kafka.KafkaStartup;
import org.aftercare.kit.kafka.TopicSetup;
import org.aftercare.kit.lifecycle.ServiceMain;
import org.aftercare.notifier.delivery.DeliveryHooks;
import org.aftercare.notifier.delivery.DeliveryLoop;
import org.aftercare.notifier.delivery.DeliveryMetrics;
import org.aftercare.notifier.delivery.DeliveryPolicy;
import org.aftercare.notifier.delivery.KafkaLedger;
import org.aftercare.notifier.delivery.OutreachDelivery;
import org.aftercare.notifier.delivery.SendWindow;
import org.aftercare.notifier.delivery.WarmUp;
import org.aftercare.notifier.profile.ProfileReader;
import org.aftercare.notifier.profile.ProfileTable;
import org.aftercare.notifier.render.EmailRenderer;
import org.aftercare.notifier.render.SignedLinks;
import org.aftercare.notifier.render.TemplateModel;
import org.aftercare.notifier.smtp.SmtpPool;
import org.aftercare.notifier.staff.StaffReader;
import org.aftercare.notifier.staff.StaffTable;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running notifier: wiring and lifecycle only. Creates the topics if missing, starts the
 * profile reader, the staff directory reader, the delivery ledger and the delivery loop, and
 * serves {@code /health/live}, {@code /health/ready} (Kafka reachable, SMTP relay reachable within
 * its timeout, profiles, staff directory and ledger loaded; Kafka and SMTP answers cached for a few seconds) and {@code /metrics}.
 */
public final class NotifierService implements AutoCloseable {

    /**
     * The families on {@code /metrics} that the dashboard and alerts may use (NotifierMetricsIT
     * compares them with a real scrape right after start).
     */
    public static final MetricFamilies METRICS = MetricFamilies.declare()
            .counter(
                    "outreach_emails_sent_total",
                    "outreach_emails_suppressed_total",
                    "outreach_emails_retried_total",
                    "outreach_emails_deferred_total",
                    "outreach_emails_failed_total",
                    "outreach_emails_dead_lettered_total",
                    "kafka_consumer_fetch_manager_records_consumed_total",
                    "kafka_consumer_coordinator_rebalance_total",
                    "kafka_consumer_coordinator_failed_rebalance_total",
                    "kafka_producer_record_send_total",
                    "kafka_producer_record_error_total")
            .histogram("outreach_smtp_send_seconds")
            .gauge(
                    "outreach_smtp_send_seconds_max",
                    "outreach_ledger_size",
                    "outreach_retry_pending",
                    "kafka_consumer_fetch_manager_records_lag_max",
                    "kafka_producer_request_latency_avg")
            .build();

    private static final Logger log = LoggerFactory.getLogger(NotifierService.class);
    static final Duration HEALTH_CACHE = Duration.ofSeconds(5);

    private final ProfileReader profiles;
    private final StaffReader staff;
    private final KafkaLedger ledger;
    private final DeliveryLoop delivery;
    private final SmtpPool mailer;
    private final Admin admin;
    private final HttpService http;
    private final PrometheusMeterRegistry registry;
    private final DeliveryMetrics metrics;
    private final Health health;

    private NotifierService(
            ProfileReader profiles,
            StaffReader staff,
            KafkaLedger ledger,
            DeliveryLoop delivery,
            SmtpPool mailer,
            Admin admin,
            HttpService http,
            PrometheusMeterRegistry registry,
            DeliveryMetrics metrics,
            Health health) {
        this.profiles = profiles;
        this.staff = staff;
        this.ledger = ledger;
        this.delivery = delivery;
        this.mailer = mailer;
        this.admin = admin;
        this.http = http;
        this.registry = registry;
        this.metrics = metrics;
        this.health = health;
    }

    public static NotifierService start(NotifierConfig config) {
        return start(config, DeliveryHooks.NONE, Clock.systemUTC());
    }

    /** As {@link #start(NotifierConfig)}, with test hooks (fault injection) and a chosen clock. */
    public static NotifierService start(NotifierConfig config, DeliveryHooks hooks, Clock clock) {
        KafkaStartup.awaitCluster("notifier", config.kafka(), config.httpHost(), config.httpPort(), config.http());
        ensureTopics(config);
        PrometheusMeterRegistry registry = Metrics.registry("notifier");
        DeliveryMetrics metrics = new DeliveryMetrics(registry);

        ProfileReader profiles = null;
        StaffReader staff = null;
        KafkaLedger ledger = null;
        SmtpPool mailer = null;
        DeliveryLoop delivery = null;
        Admin admin = null;
        try {
            profiles = ProfileReader.start(config.kafka(), new ProfileTable());
            staff = StaffReader.start(config.kafka(), new StaffTable());
            ledger = KafkaLedger.start(config.kafka(), config.ledgerRetention(), clock);
            mailer = new SmtpPool(config.smtp());
            ProfileTable table = profiles.table();
            TemplateModel models = new TemplateModel(
                    new SignedLinks(config.linkSigner(), config.linkBaseUrl(), config.lateAnswerWindow(), clock));
            DeliveryPolicy policy = new DeliveryPolicy(config.onCallEmail(), staff.table()::latest);
            OutreachDelivery outreach = new OutreachDelivery(
                    table::latest,
                    policy,
                    config.recipients(),
                    models,
                    new EmailRenderer(),
                    mailer,
                    ledger,
                    config.retry(),
                    new SendWindow(config.dailyCap()),
                    hooks,
                    metrics,
                    clock,
                    () -> ThreadLocalRandom.current().nextDouble());
            ledger.bindMetrics(metrics);
            profiles.bindMetrics(registry);
            staff.bindMetrics(registry);
            KafkaLedger sent = ledger;
            metrics.gauge("outreach.ledger.size", sent::size);
            // While the profile table, the staff directory and the ledger load from their topics.
            new WarmUp(policy, outreach, config.recipients(), mailer, clock).run(config.warmUpEmails());
            delivery = DeliveryLoop.start(
                    config.kafka(),
                    config.groupId(),
                    profiles,
                    staff,
                    ledger,
                    outreach,
                    workers(config.smtp().poolSize()),
                    config.maxPollRecords(),
                    hooks,
                    clock,
                    metrics);
            admin = Admin.create(config.kafka().clientConfig("outreach-notifier-health"));

            ProfileReader reader = profiles;
            StaffReader staffReader = staff;
            DeliveryLoop loop = delivery;
            Admin kafkaAdmin = admin;
            SmtpPool smtp = mailer;
            Health health = new Health()
                    .live("profile-reader", reader::isAlive)
                    .live("staff-reader", staffReader::isAlive)
                    .live("ledger", sent::isAlive)
                    .live("delivery-loop", loop::isAlive)
                    .ready("kafka", new CachedCheck(() -> kafkaReachable(kafkaAdmin), HEALTH_CACHE))
                    .ready("smtp", new CachedCheck(smtp::reachable, HEALTH_CACHE))
                    .ready("profiles-caught-up", reader::isCaughtUp)
                    .ready("staff-caught-up", staffReader::isCaughtUp)
                    .ready("ledger-loaded", sent::isCaughtUp);
            HttpService http = health.serveManagement(config.httpHost(), config.httpPort(), registry, config.http());
            log.info(
                    "notifier started: health and metrics on port {}, group {}, {} SMTP connections",
                    http.port(),
                    config.groupId(),
                    config.smtp().poolSize());
            return new NotifierService(
                    profiles, staff, ledger, delivery, mailer, admin, http, registry, metrics, health);
        } catch (RuntimeException e) {
            ServiceMain.closeQuietly("delivery loop", delivery);
            ServiceMain.closeQuietly("ledger", ledger);
            ServiceMain.closeQuietly("profile reader", profiles);
            ServiceMain.closeQuietly("staff reader", staff);
            ServiceMain.closeQuietly("smtp", mailer);
            ServiceMain.closeQuietly("kafka admin", admin);
            metrics.close();
            throw e;
        }
    }

    /**
     * Delivery workers for {@code connections} SMTP connections: more than the connections, so while
     * each connection is in its SMTP round trips other workers decide, render and build the next
     * emails (one member's intents still run in order on one worker).
     */
    static int workers(int connections) {
        return Math.max(connections * 2, connections + 2);
    }

    /** The pipeline's topics and the notifier's own; a fresh topic may not be described at once, so a second try. */
    private static void ensureTopics(NotifierConfig config) {
        List<Topic<?>> topics = new ArrayList<>(Topics.ALL);
        topics.addAll(Topics.NOTIFIER_INTERNAL);
        for (int attempt = 1; ; attempt++) {
            try {
                TopicSetup.ensure(config.kafka(), topics);
                return;
            } catch (IllegalStateException e) {
                if (attempt >= 3) {
                    throw e;
                }
                log.warn("topic setup not complete yet ({}), trying again", e.getMessage());
            }
        }
    }

    private static boolean kafkaReachable(Admin admin) {
        try {
            admin.describeCluster().clusterId().get(2, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    /** The bound HTTP port (useful when started on port 0). */
    public int httpPort() {
        return http.port();
    }

    public boolean isReady() {
        return profiles.isCaughtUp() && staff.isCaughtUp() && ledger.isCaughtUp() && delivery.isAlive();
    }

    /** False once the delivery loop stopped (for example a test's simulated crash). */
    public boolean isDelivering() {
        return delivery.isAlive();
    }

    public boolean isLive() {
        return health.isLive();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Reports not ready, stops the delivery loop (no send after this returns), then the rest, within
     * {@code timeout}; the management listener goes last, so health and metrics answer while it stops.
     */
    public void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        health.drain();
        delivery.close(remaining(deadline));
        ledger.close(remaining(deadline));
        profiles.close(remaining(deadline));
        staff.close(remaining(deadline));
        mailer.close();
        admin.close(remaining(deadline));
        http.close();
        metrics.close();
        registry.close();
        log.info("notifier stopped");
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    @Override
    public void close() {
        close(ServiceMain.DEFAULT_CLOSE_TIMEOUT);
    }
}
