package org.aftercare.notifier.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.aftercare.events.outreach.DeliveryOutcome;
import org.aftercare.events.outreach.DeliveryReport;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.notifier.render.EmailRenderer;
import org.aftercare.notifier.render.RenderedEmail;
import org.aftercare.notifier.render.TemplateModel;
import org.aftercare.notifier.smtp.Mailer;
import org.aftercare.notifier.smtp.OutgoingEmail;
import org.aftercare.notifier.smtp.SendFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one intent: drop a repeat, decide the recipient against the latest profile, render,
 * send (retrying transient failures in place), and say what happened. It knows nothing of Kafka:
 * the {@link DeliveryLoop} feeds it intents and writes what it returns.
 *
 * <p>In: an {@link OutreachRequest}. Out: a {@link Result} with the {@link DeliveryReport}
 * (sent, suppressed with a reason, bounced, failed) and, for a failure worth replaying, the reason
 * the intent belongs in the dead-letter topic.
 */
public final class OutreachDelivery {

    private static final Logger log = LoggerFactory.getLogger(OutreachDelivery.class);
    static final String SERVICE = "notifier";

    /** Waits between retries; the loop's version returns early when the service is closing. */
    @FunctionalInterface
    public interface Backoff {
        void pause(Duration duration) throws InterruptedException;
    }

    /** The outcome of one intent; {@code deadLetterReason} non-null means "park it in the DLQ". */
    public record Result(DeliveryReport report, String deadLetterReason, Throwable error) {

        static Result of(DeliveryReport report) {
            return new Result(report, null, null);
        }
    }

    private final Function<String, Optional<MemberProfile>> profiles;
    private final DeliveryPolicy policy;
    private final TemplateModel models;
    private final EmailRenderer renderer;
    private final Mailer mailer;
    private final SentLedger ledger;
    private final RetryPolicy retry;
    private final Backoff backoff;
    private final DeliveryMetrics metrics;
    private final Clock clock;

    public OutreachDelivery(Function<String, Optional<MemberProfile>> profiles, DeliveryPolicy policy,
            TemplateModel models, EmailRenderer renderer, Mailer mailer, SentLedger ledger, RetryPolicy retry,
            Backoff backoff, DeliveryMetrics metrics, Clock clock) {
        this.profiles = profiles;
        this.policy = policy;
        this.models = models;
        this.renderer = renderer;
        this.mailer = mailer;
        this.ledger = ledger;
        this.retry = retry;
        this.backoff = backoff;
        this.metrics = metrics;
        this.clock = clock;
    }

    public Result deliver(OutreachRequest request) throws InterruptedException {
        if (ledger.wasSent(request.notificationId())) {
            return suppressed(request, DeliveryPolicy.DUPLICATE);
        }
        Decision decision = policy.decide(request, profiles.apply(request.memberId()), clock.instant());
        return switch (decision) {
            case Decision.Suppress s -> suppressed(request, s.reason());
            case Decision.Send send -> send(request, send);
        };
    }

    private Result send(OutreachRequest request, Decision.Send send) throws InterruptedException {
        OutgoingEmail email;
        try {
            RenderedEmail rendered = renderer.render(request.kind(), send.role(),
                    Locale.forLanguageTag(send.profile().locale()), model(request, send));
            email = new OutgoingEmail(request.notificationId(), send.address(), rendered.subject(), rendered.text(),
                    rendered.html());
        } catch (RuntimeException e) {
            // Template and message errors name keys, not data; still, log only the class and the ids.
            log.error("cannot render {} for notification {}: {}", request.kind(), request.notificationId(),
                    e.getClass().getName());
            metrics.failed("render");
            return new Result(report(request, DeliveryOutcome.FAILED, "render-error", 0), "render-error", e);
        }

        for (int attempt = 1; ; attempt++) {
            long started = System.nanoTime();
            try {
                mailer.send(email);
                metrics.smtpAttempt(Duration.ofNanos(System.nanoTime() - started), "sent");
                ledger.recordSent(request.notificationId());
                metrics.sent(request.kind());
                log.info("sent notification {} ({}, {}) on attempt {}", request.notificationId(), request.kind(),
                        request.recipient().role(), attempt);
                return Result.of(report(request, DeliveryOutcome.SENT, null, attempt));
            } catch (SendFailure f) {
                metrics.smtpAttempt(Duration.ofNanos(System.nanoTime() - started), f.kind().name().toLowerCase());
                if (f.isTransient() && attempt < retry.maxAttempts()) {
                    log.warn("notification {}: {} on attempt {}, retrying", request.notificationId(), f.reason(),
                            attempt);
                    backoff.pause(retry.backoffAfter(attempt));
                    continue;
                }
                return failed(request, f, attempt);
            }
        }
    }

    private Result failed(OutreachRequest request, SendFailure f, int attempt) {
        metrics.failed(f.kind().name().toLowerCase());
        log.warn("notification {} not delivered: {} ({}) after {} attempt(s)", request.notificationId(), f.reason(),
                f.kind(), attempt);
        if (f.kind() == SendFailure.Kind.BOUNCED) {
            // The address is refused for good: replaying would not help, the report says it all.
            return Result.of(report(request, DeliveryOutcome.BOUNCED, f.reason(), attempt));
        }
        return new Result(report(request, DeliveryOutcome.FAILED, f.reason(), attempt), f.reason(), f);
    }

    private Map<String, Object> model(OutreachRequest request, Decision.Send send) {
        return switch (send.role()) {
            case MEMBER -> models.forMember(request, send.profile());
            case CONTACT -> models.forContact(request, send.profile(), send.contact());
            case ON_CALL -> models.forOnCall(request, send.profile());
        };
    }

    private Result suppressed(OutreachRequest request, String reason) {
        metrics.suppressed(reason);
        log.info("suppressed notification {} ({}): {}", request.notificationId(), request.kind(), reason);
        return Result.of(report(request, DeliveryOutcome.SUPPRESSED, reason, 0));
    }

    private DeliveryReport report(OutreachRequest request, DeliveryOutcome outcome, String reason, int attempt) {
        Instant now = clock.instant();
        return DeliveryReport.of(request, outcome, reason, attempt, now);
    }
}
