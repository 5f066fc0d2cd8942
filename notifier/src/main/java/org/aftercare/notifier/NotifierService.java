package org.aftercare.notifier;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.aftercare.kit.health.Health;
import org.aftercare.kit.health.Metrics;
import org.aftercare.kit.http.HttpService;
import org.aftercare.kit.http.Routes;
import org.aftercare.kit.kafka.TopicSetup;
import org.aftercare.kit.lifecycle.ServiceMain;
import org.aftercare.notifier.delivery.DeliveryLoop;
import org.aftercare.notifier.delivery.DeliveryMetrics;
import org.aftercare.notifier.delivery.DeliveryPolicy;
import org.aftercare.notifier.delivery.InMemorySentLedger;
import org.aftercare.notifier.delivery.OutreachDelivery;
import org.aftercare.notifier.delivery.RetryPolicy;
import org.aftercare.notifier.profile.ProfileReader;
import org.aftercare.notifier.profile.ProfileTable;
import org.aftercare.notifier.render.EmailRenderer;
import org.aftercare.notifier.render.SignedLinks;
import org.aftercare.notifier.render.TemplateModel;
import org.aftercare.notifier.smtp.SmtpMailer;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running notifier: wiring and lifecycle only. Creates the topics if missing, starts the
 * profile reader and the delivery loop on their own threads, and serves {@code /health/live},
 * {@code /health/ready} (Kafka reachable and the profile table caught up) and {@code /metrics}.
 */
public final class NotifierService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NotifierService.class);

    private final ProfileReader profiles;
    private final DeliveryLoop delivery;
    private final SmtpMailer mailer;
    private final Admin admin;
    private final HttpService http;
    private final PrometheusMeterRegistry registry;

    private NotifierService(ProfileReader profiles, DeliveryLoop delivery, SmtpMailer mailer, Admin admin,
            HttpService http, PrometheusMeterRegistry registry) {
        this.profiles = profiles;
        this.delivery = delivery;
        this.mailer = mailer;
        this.admin = admin;
        this.http = http;
        this.registry = registry;
    }

    public static NotifierService start(NotifierConfig config) {
        return start(config, RetryPolicy.DEFAULT);
    }

    /** As {@link #start(NotifierConfig)}, with a chosen in-place retry policy (tests use short waits). */
    public static NotifierService start(NotifierConfig config, RetryPolicy retry) {
        Clock clock = Clock.systemUTC();
        TopicSetup.ensureAll(config.kafka());
        PrometheusMeterRegistry registry = Metrics.registry("notifier");
        DeliveryMetrics metrics = new DeliveryMetrics(registry);

        ProfileReader profiles = null;
        SmtpMailer mailer = null;
        DeliveryLoop delivery = null;
        Admin admin = null;
        try {
            profiles = ProfileReader.start(config.kafka(), new ProfileTable());
            mailer = new SmtpMailer(config.smtp());
            ProfileTable table = profiles.table();
            SmtpMailer smtp = mailer;
            TemplateModel models = new TemplateModel(
                    new SignedLinks(config.linkSigner(), config.linkBaseUrl(), config.lateAnswerWindow(), clock));
            EmailRenderer renderer = new EmailRenderer();
            DeliveryPolicy policy = new DeliveryPolicy(config.onCallEmail());
            delivery = DeliveryLoop.start(config.kafka(), config.groupId(), profiles,
                    backoff -> new OutreachDelivery(table::latest, policy, models, renderer, smtp,
                            new InMemorySentLedger(InMemorySentLedger.DEFAULT_CAPACITY), retry, backoff, metrics, clock),
                    clock, metrics);
            admin = Admin.create(config.kafka().clientConfig("outreach-notifier-health"));

            ProfileReader reader = profiles;
            DeliveryLoop loop = delivery;
            Admin kafkaAdmin = admin;
            Health health = new Health()
                    .live("profile-reader", reader::isAlive)
                    .live("delivery-loop", loop::isAlive)
                    .ready("kafka", () -> kafkaReachable(kafkaAdmin))
                    .ready("profiles-caught-up", reader::isCaughtUp);
            HttpService http = HttpService.start("0.0.0.0", config.httpPort(), health.register(new Routes(), registry),
                    registry);
            log.info("notifier started: http port {}, group {}", http.port(), config.groupId());
            return new NotifierService(profiles, delivery, mailer, admin, http, registry);
        } catch (RuntimeException e) {
            ServiceMain.closeQuietly("delivery loop", delivery);
            ServiceMain.closeQuietly("profile reader", profiles);
            ServiceMain.closeQuietly("smtp", mailer);
            ServiceMain.closeQuietly("kafka admin", admin);
            throw e;
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
        return profiles.isCaughtUp() && delivery.isAlive();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Stops the delivery loop first (no send after this returns), then the rest, within {@code timeout}. */
    public void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        http.close();
        delivery.close(remaining(deadline));
        profiles.close(remaining(deadline));
        mailer.close();
        admin.close(remaining(deadline));
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
