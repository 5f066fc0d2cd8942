package org.aftercare.notifier.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.notifier.render.EmailRenderer;

/**
 * The notifier's meters. Labels are kinds, reason codes and failure classes, never member data.
 * {@code outreach.emails.sent} (kind), {@code outreach.emails.suppressed} (reason),
 * {@code outreach.emails.retried} (reason: smtp-451, smtp-connect ...), {@code outreach.emails.deferred}
 * (reason: retry, quiet-hours, daily-cap), {@code outreach.emails.failed} (class: transient,
 * permanent, bounced, unreadable, render, internal), {@code outreach.emails.dead.lettered} (reason),
 * the timer {@code outreach.smtp.send} (result) around each SMTP attempt, the gauges
 * {@code outreach.ledger.size} and {@code outreach.retry.pending}.
 */
public final class DeliveryMetrics {

    private final MeterRegistry registry;

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void sent(OutreachKind kind) {
        Counter.builder("outreach.emails.sent")
                .tag("kind", EmailRenderer.templateName(kind))
                .register(registry)
                .increment();
    }

    public void suppressed(String reason) {
        Counter.builder("outreach.emails.suppressed")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    public void retried(String reason) {
        Counter.builder("outreach.emails.retried")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    public void deferred(String reason) {
        Counter.builder("outreach.emails.deferred")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    public void failed(String failureClass) {
        Counter.builder("outreach.emails.failed")
                .tag("class", failureClass)
                .register(registry)
                .increment();
    }

    public void deadLettered(String reason) {
        // Reasons are short codes; cap the label at the code's family so the series stay few.
        String family = reason.startsWith("retries-exhausted") ? "retries-exhausted" : reason;
        Counter.builder("outreach.emails.dead.lettered")
                .tag("reason", family)
                .register(registry)
                .increment();
    }

    public void smtpAttempt(Duration took, String result) {
        Timer.builder("outreach.smtp.send")
                .tag("result", result)
                .register(registry)
                .record(took);
    }

    public void gauge(String name, Supplier<Number> value) {
        Gauge.builder(name, () -> value.get()).register(registry);
    }
}
