package org.aftercare.notifier.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.kit.health.Metrics;
import org.aftercare.notifier.render.EmailRenderer;
import org.aftercare.notifier.smtp.SendFailure;

/**
 * The notifier's meters. Labels are kinds, reason codes and failure classes, never member data.
 * {@code outreach.emails.sent} (kind), {@code outreach.emails.suppressed} (reason),
 * {@code outreach.emails.retried} (reason: smtp-451, smtp-connect ...), {@code outreach.emails.deferred}
 * (reason: retry, quiet-hours, daily-cap), {@code outreach.emails.failed} (class: transient,
 * permanent, bounced, unreadable, render, internal, invalid-intent), {@code outreach.emails.dead.lettered}
 * (reason), the histogram {@code outreach.smtp.send} (result: sent or the failure's kind) around each
 * SMTP attempt, the gauges {@code outreach.ledger.size} and {@code outreach.retry.pending}, and the
 * Kafka clients' own metrics ({@link #bindClient}).
 *
 * <p>Every series whose labels come from a closed set (kinds, policy reasons, failure classes, SMTP
 * results) is registered at zero on construction, so {@code increase()} sees the first count;
 * reasons that carry an SMTP reply code ({@code smtp-451}) appear on first use.
 */
public final class DeliveryMetrics implements AutoCloseable {

    /** SLO buckets of an SMTP attempt: a healthy relay answers in well under a second. */
    static final List<Duration> SMTP_BUCKETS = List.of(
            Duration.ofMillis(50),
            Duration.ofMillis(100),
            Duration.ofMillis(250),
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofMillis(2500),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofSeconds(60));

    /** Why an intent was not sent (DeliveryPolicy's reasons and the bounced-address check). */
    static final List<String> SUPPRESS_REASONS = List.of(
            DeliveryPolicy.UNKNOWN_MEMBER,
            DeliveryPolicy.EXPIRED,
            DeliveryPolicy.MEMBER_INACTIVE,
            DeliveryPolicy.UNSUBSCRIBED,
            DeliveryPolicy.PREFERENCE_OFF,
            DeliveryPolicy.UNKNOWN_CONTACT,
            DeliveryPolicy.NOT_CONFIRMED,
            DeliveryPolicy.NO_CONSENT,
            DeliveryPolicy.NOT_INVITED,
            DeliveryPolicy.NO_ON_CALL_ADDRESS,
            DeliveryPolicy.DUPLICATE,
            DeliveryPolicy.UNKNOWN_STAFF,
            DeliveryPolicy.STAFF_INACTIVE,
            DeliveryPolicy.EMPTY_DIGEST,
            OutreachDelivery.BOUNCED_ADDRESS);

    static final List<String> DEFER_REASONS =
            List.of(OutreachDelivery.RETRY, SendWindow.QUIET_HOURS, SendWindow.DAILY_CAP);

    static final List<String> FAILURE_CLASSES =
            List.of("transient", "permanent", "bounced", "unreadable", "render", "internal", "invalid-intent");

    static final List<String> DEAD_LETTER_REASONS =
            List.of("unreadable", "internal-error", "render-error", "invalid-intent", "retries-exhausted");

    /** Transient SMTP failures without a reply code (SmtpFailures, SmtpPool); coded ones (smtp-451) appear on first use. */
    static final List<String> RETRY_REASONS = List.of(
            "smtp-connect", "smtp-timeout", "smtp-io", "smtp-error", "smtp-starttls-unavailable", "smtp-no-reply");

    private final MeterRegistry registry;
    private final List<KafkaClientMetrics> clients = new CopyOnWriteArrayList<>();

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (OutreachKind kind : OutreachKind.values()) {
            sentCounter(kind);
        }
        SUPPRESS_REASONS.forEach(this::suppressedCounter);
        DEFER_REASONS.forEach(this::deferredCounter);
        RETRY_REASONS.forEach(this::retriedCounter);
        FAILURE_CLASSES.forEach(this::failedCounter);
        DEAD_LETTER_REASONS.forEach(this::deadLetteredCounter);
        smtpTimer("sent");
        for (SendFailure.Kind kind : SendFailure.Kind.values()) {
            smtpTimer(result(kind));
        }
    }

    /** The {@code result} label of a failed SMTP attempt. */
    static String result(SendFailure.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    public void sent(OutreachKind kind) {
        sentCounter(kind).increment();
    }

    public void suppressed(String reason) {
        suppressedCounter(reason).increment();
    }

    public void retried(String reason) {
        retriedCounter(reason).increment();
    }

    private Counter retriedCounter(String reason) {
        return Counter.builder("outreach.emails.retried")
                .description("SMTP attempts that failed transiently and were scheduled again, by reason")
                .tag("reason", reason)
                .register(registry);
    }

    public void deferred(String reason) {
        deferredCounter(reason).increment();
    }

    public void failed(String failureClass) {
        failedCounter(failureClass).increment();
    }

    public void deadLettered(String reason) {
        deadLetteredCounter(family(reason)).increment();
    }

    public void smtpAttempt(Duration took, String result) {
        smtpTimer(result).record(took);
    }

    public void gauge(String name, Supplier<Number> value) {
        Gauge.builder(name, () -> value.get()).register(registry);
    }

    /** Exposes a Kafka client's own metrics ({@code kafka_consumer_*}, {@code kafka_producer_*}) until {@link #close}. */
    public void bindClient(Object client) {
        clients.add(Metrics.kafkaClient(registry, client));
    }

    @Override
    public void close() {
        clients.forEach(KafkaClientMetrics::close);
        clients.clear();
    }

    /** Reasons are short codes; cap the label at the code's family so the series stay few. */
    private static String family(String reason) {
        return reason.startsWith("retries-exhausted") ? "retries-exhausted" : reason;
    }

    private Counter sentCounter(OutreachKind kind) {
        return Counter.builder("outreach.emails.sent")
                .description("Emails the SMTP server accepted, by kind")
                .tag("kind", EmailRenderer.templateName(kind))
                .register(registry);
    }

    private Counter suppressedCounter(String reason) {
        return Counter.builder("outreach.emails.suppressed")
                .description("Intents not sent on purpose, by reason")
                .tag("reason", reason)
                .register(registry);
    }

    private Counter deferredCounter(String reason) {
        return Counter.builder("outreach.emails.deferred")
                .description("Intents held for later (retry, quiet hours, daily cap)")
                .tag("reason", reason)
                .register(registry);
    }

    private Counter failedCounter(String failureClass) {
        return Counter.builder("outreach.emails.failed")
                .description("Intents not delivered, by failure class")
                .tag("class", failureClass)
                .register(registry);
    }

    private Counter deadLetteredCounter(String reason) {
        return Counter.builder("outreach.emails.dead.lettered")
                .description("Intents parked on outreach.dlq, by reason")
                .tag("reason", reason)
                .register(registry);
    }

    private Timer smtpTimer(String result) {
        return Timer.builder("outreach.smtp.send")
                .description("Time of one SMTP attempt, by result (sent, transient, permanent, bounced)")
                .tag("result", result)
                .serviceLevelObjectives(SMTP_BUCKETS.toArray(Duration[]::new))
                .register(registry);
    }
}
