package org.aftercare.notifier.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import org.aftercare.events.outreach.DeliveryOutcome;
import org.aftercare.events.outreach.DeliveryReport;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.RecipientRole;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.notifier.render.EmailRenderer;
import org.aftercare.notifier.render.RenderedEmail;
import org.aftercare.notifier.render.TemplateModel;
import org.aftercare.notifier.smtp.Mailer;
import org.aftercare.notifier.smtp.OutgoingEmail;
import org.aftercare.notifier.smtp.SendFailure;
import org.aftercare.notifier.staff.InvalidIntentData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one intent, once: drop a repeat (the ledger), decide the recipient against the latest
 * profile, skip a bounced address, hold a routine email in quiet hours or past the daily cap,
 * render, send once, record the send in the ledger, and say what happened. It never waits: a
 * transient failure or a hold comes back as a {@link Result} with {@code retryAt}, and the
 * {@link DeliveryLoop} parks the intent in the retry topic. It knows nothing of Kafka.
 *
 * <p>Thread-safe: the loop runs several intents at once (never two of one member).
 */
public final class OutreachDelivery {

    private static final Logger log = LoggerFactory.getLogger(OutreachDelivery.class);
    static final String SERVICE = "notifier";
    public static final String BOUNCED_ADDRESS = "bounced-address";
    public static final String RETRY = "retry";

    /**
     * The outcome of one intent. {@code deadLetterReason} non-null: park the intent in the DLQ.
     * {@code retryAt} non-null: hold it in the retry topic until then, with {@code attempts}
     * SMTP tries made so far.
     */
    public record Result(
            DeliveryReport report, String deadLetterReason, Throwable error, Instant retryAt, int attempts) {

        static Result of(DeliveryReport report) {
            return new Result(report, null, null, null, report.attempt());
        }
    }

    private final Function<String, Optional<MemberProfile>> profiles;
    private final DeliveryPolicy policy;
    private final Recipients recipients;
    private final TemplateModel models;
    private final EmailRenderer renderer;
    private final Mailer mailer;
    private final DeliveryLedger ledger;
    private final RetryPolicy retry;
    private final SendWindow window;
    private final DeliveryHooks hooks;
    private final DeliveryMetrics metrics;
    private final Clock clock;
    private final DoubleSupplier random;

    public OutreachDelivery(
            Function<String, Optional<MemberProfile>> profiles,
            DeliveryPolicy policy,
            Recipients recipients,
            TemplateModel models,
            EmailRenderer renderer,
            Mailer mailer,
            DeliveryLedger ledger,
            RetryPolicy retry,
            SendWindow window,
            DeliveryHooks hooks,
            DeliveryMetrics metrics,
            Clock clock,
            DoubleSupplier random) {
        this.profiles = profiles;
        this.policy = policy;
        this.recipients = recipients;
        this.models = models;
        this.renderer = renderer;
        this.mailer = mailer;
        this.ledger = ledger;
        this.retry = retry;
        this.window = window;
        this.hooks = hooks;
        this.metrics = metrics;
        this.clock = clock;
        this.random = random;
    }

    /** A first delivery (no SMTP try made yet). */
    public Result deliver(OutreachRequest request) {
        return deliver(request, 0);
    }

    /** Delivers an intent for which {@code attemptsSoFar} SMTP tries already failed. */
    public Result deliver(OutreachRequest request, int attemptsSoFar) {
        Optional<DeliveryLedger.Sent> sent = ledger.sent(request.notificationId());
        if (sent.isPresent()) {
            return alreadySent(request, sent.get(), attemptsSoFar);
        }
        Instant now = clock.instant();
        Decision decision = policy.decide(request, profiles, now);
        return switch (decision) {
            case Decision.Suppress s -> suppressed(request, s.reason(), attemptsSoFar);
            case Decision.Invalid invalid -> invalid(request, invalid.reason(), attemptsSoFar);
            case Decision.Send send -> send(request, send, attemptsSoFar, now);
        };
    }

    private Result send(OutreachRequest request, Decision.Send send, int attemptsSoFar, Instant now) {
        String recipientKey = recipients.key(send.address());
        if (ledger.isBounced(recipientKey)) {
            return suppressed(request, BOUNCED_ADDRESS, attemptsSoFar);
        }
        Optional<SendWindow.Hold> hold = Optional.empty();
        if (SendWindow.mayHold(request)) {
            int sentToday = ledger.routineSentSince(recipientKey, SendWindow.startOfDay(send.profile(), now));
            hold = window.check(request, send.profile(), sentToday, now);
        }
        if (hold.isPresent()) {
            metrics.deferred(hold.get().reason());
            log.info(
                    "held notification {} ({}) until {}: {}",
                    request.notificationId(),
                    request.kind(),
                    hold.get().until(),
                    hold.get().reason());
            return new Result(
                    report(request, DeliveryOutcome.DEFERRED, hold.get().reason(), attemptsSoFar),
                    null,
                    null,
                    hold.get().until(),
                    attemptsSoFar);
        }

        OutgoingEmail email;
        try {
            email = compose(request, send);
        } catch (RuntimeException e) {
            // Template and message errors name keys, not data; still, log only the class and the ids.
            log.error(
                    "cannot render {} for notification {}: {}",
                    request.kind(),
                    request.notificationId(),
                    e.getClass().getName());
            metrics.failed("render");
            metrics.deadLettered("render-error");
            return new Result(
                    report(request, DeliveryOutcome.FAILED, "render-error", attemptsSoFar),
                    "render-error",
                    e,
                    null,
                    attemptsSoFar);
        }

        int attempt = attemptsSoFar + 1;
        hooks.beforeSend(request.notificationId());
        long started = System.nanoTime();
        try {
            mailer.send(email);
        } catch (SendFailure f) {
            metrics.smtpAttempt(Duration.ofNanos(System.nanoTime() - started), DeliveryMetrics.result(f.kind()));
            return failed(request, recipientKey, f, attempt);
        }
        metrics.smtpAttempt(Duration.ofNanos(System.nanoTime() - started), "sent");
        Instant sentAt = clock.instant();
        ledger.recordSent(request.notificationId(), recipientKey, request.urgency(), sentAt, attempt);
        hooks.afterSend(request.notificationId());
        metrics.sent(request.kind());
        log.info(
                "sent notification {} ({}, {}) on attempt {}",
                request.notificationId(),
                request.kind(),
                request.recipient().role(),
                attempt);
        return Result.of(DeliveryReport.of(request, DeliveryOutcome.SENT, null, attempt, sentAt));
    }

    /**
     * An intent whose email already went. Its report is said again, exactly as it was first written
     * (same event id, attempt and instant), so readers that hold it drop the repeat, and one that
     * was never written (a crash between the server's accept and the report) is written now: every
     * accepted email is reported {@code sent}. A ledger entry written before attempts were kept
     * cannot be restated; it is reported as a suppressed duplicate, as before.
     */
    private Result alreadySent(OutreachRequest request, DeliveryLedger.Sent sent, int attemptsSoFar) {
        if (sent.attempt() < 1) {
            return suppressed(request, DeliveryPolicy.DUPLICATE, attemptsSoFar);
        }
        metrics.suppressed(DeliveryPolicy.DUPLICATE); // the repeat is still counted: no second email
        log.info(
                "notification {} ({}) was already sent on attempt {}: its report is restated",
                request.notificationId(),
                request.kind(),
                sent.attempt());
        return Result.of(DeliveryReport.of(request, DeliveryOutcome.SENT, null, sent.attempt(), sent.at()));
    }

    private Result failed(OutreachRequest request, String recipientKey, SendFailure f, int attempt) {
        if (f.isTransient() && retry.mayRetryAfter(attempt)) {
            Instant at = clock.instant().plus(retry.jitteredBackoffAfter(attempt, random));
            metrics.retried(f.reason());
            metrics.deferred(RETRY);
            log.warn(
                    "notification {}: {} on attempt {}, retrying at {}",
                    request.notificationId(),
                    f.reason(),
                    attempt,
                    at);
            return new Result(report(request, DeliveryOutcome.DEFERRED, f.reason(), attempt), null, null, at, attempt);
        }
        metrics.failed(f.kind().name().toLowerCase(Locale.ROOT));
        log.warn(
                "notification {} not delivered: {} ({}) after {} attempt(s)",
                request.notificationId(),
                f.reason(),
                f.kind(),
                attempt);
        if (f.kind() == SendFailure.Kind.BOUNCED) {
            // Refused for good: remember the address (by hash) so nothing more goes to it.
            ledger.recordBounce(recipientKey, f.reason(), clock.instant());
            metrics.deadLettered(f.reason());
            return new Result(
                    report(request, DeliveryOutcome.BOUNCED, f.reason(), attempt), f.reason(), f, null, attempt);
        }
        String reason = f.isTransient() ? "retries-exhausted:" + f.reason() : f.reason();
        metrics.deadLettered(reason);
        return new Result(report(request, DeliveryOutcome.FAILED, reason, attempt), reason, f, null, attempt);
    }

    /**
     * The email for a decided send: its template model, rendered in the recipient's language. Throws
     * what rendering throws; sends nothing (the {@link WarmUp} composes made-up emails with it).
     */
    OutgoingEmail compose(OutreachRequest request, Decision.Send send) {
        Map<String, Object> model = model(request, send);
        RenderedEmail rendered = renderer.render(request.kind(), send.role(), locale(request, send), model);
        return new OutgoingEmail(
                request.notificationId(), send.address(), rendered.subject(), rendered.text(), rendered.html(), (String)
                        model.get(TemplateModel.UNSUBSCRIBE_URL));
    }

    private Map<String, Object> model(OutreachRequest request, Decision.Send send) {
        if (request.kind() == OutreachKind.STAFF_DIGEST) {
            return models.forStaffDigest(request, send.staff(), send.digest());
        }
        return switch (send.role()) {
            case MEMBER -> models.forMember(request, send.profile());
            case CONTACT -> models.forContact(request, send.profile(), send.contact());
            case ON_CALL -> models.forOnCall(request, send.profile(), send.flag());
            case STAFF -> models.forStaff(request, send.profile(), send.staff(), send.flag());
        };
    }

    /** The member's language for the member and their contacts; staff emails in the program's (English). */
    private static Locale locale(OutreachRequest request, Decision.Send send) {
        boolean staffEmail = send.role() == RecipientRole.STAFF
                || request.kind() == OutreachKind.STAFF_FLAG
                || request.kind() == OutreachKind.STAFF_DIGEST
                || send.profile() == null;
        return staffEmail
                ? Locale.ENGLISH
                : Locale.forLanguageTag(send.profile().locale());
    }

    /** Breaks its kind's data contract: reported failed and parked in the dead-letter topic with the reason. */
    private Result invalid(OutreachRequest request, String reason, int attempts) {
        log.warn("notification {} ({}) is invalid: {}", request.notificationId(), request.kind(), reason);
        metrics.failed("invalid-intent");
        metrics.deadLettered("invalid-intent");
        return new Result(
                report(request, DeliveryOutcome.FAILED, "invalid-intent", attempts),
                "invalid-intent: " + reason,
                new InvalidIntentData(reason),
                null,
                attempts);
    }

    private Result suppressed(OutreachRequest request, String reason, int attempts) {
        metrics.suppressed(reason);
        log.info("suppressed notification {} ({}): {}", request.notificationId(), request.kind(), reason);
        return Result.of(report(request, DeliveryOutcome.SUPPRESSED, reason, attempts));
    }

    private DeliveryReport report(OutreachRequest request, DeliveryOutcome outcome, String reason, int attempt) {
        return DeliveryReport.of(request, outcome, reason, attempt, clock.instant());
    }
}
