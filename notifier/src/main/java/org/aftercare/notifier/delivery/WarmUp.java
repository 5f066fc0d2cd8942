package org.aftercare.notifier.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.aftercare.events.Topics;
import org.aftercare.events.outreach.DeliveryOutcome;
import org.aftercare.events.outreach.DeliveryReport;
import org.aftercare.events.outreach.OutreachEvent;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.notifier.profile.ProfileTable;
import org.aftercare.notifier.smtp.OutgoingEmail;
import org.aftercare.notifier.smtp.SendFailure;
import org.aftercare.notifier.smtp.SmtpPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rehearses the delivery path on made-up check-in prompts before the first real intent, so that
 * the peak after a deployment (prompts fall due together at the top of a minute) meets compiled
 * code instead of the interpreter and a JIT compiler competing with it for the cores: in the
 * whole-pipeline benchmark the first peak after a start cost the notifier half as much CPU again
 * as the next ones, a fifth of it the JIT compiler's (docs/benchmarks.md).
 *
 * <p>Each rehearsal does what a send does up to the connection: read the intent's JSON, decide
 * against a profile read from its JSON (a table of its own, with one made-up member whose address
 * is in the reserved {@code .invalid} domain), hash the address, build the template model with
 * sealed links, render both parts, build the MIME message both ways (8-bit and not) and write it
 * to nowhere, and write the report's JSON. Nothing is sent, written to Kafka, put in the ledger,
 * counted in the metrics or logged per email; only progress and the total are logged.
 */
public final class WarmUp {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);
    private static final String PROFILE = "notifier/warm-up/member.profile.json";
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    /** The kinds rehearsed, in turn: the peak's prompt most. */
    private static final OutreachKind[] KINDS = {
        OutreachKind.CHECK_IN_PROMPT,
        OutreachKind.CHECK_IN_PROMPT,
        OutreachKind.CHECK_IN_PROMPT,
        OutreachKind.LATE_REMINDER
    };

    private final DeliveryPolicy policy;
    private final OutreachDelivery delivery;
    private final Recipients recipients;
    private final SmtpPool smtp;
    private final Clock clock;

    /** The production instances, so that their caches (compiled words, per-thread ciphers) are filled too. */
    public WarmUp(DeliveryPolicy policy, OutreachDelivery delivery, Recipients recipients, SmtpPool smtp, Clock clock) {
        this.policy = policy;
        this.delivery = delivery;
        this.recipients = recipients;
        this.smtp = smtp;
        this.clock = clock;
    }

    /**
     * Rehearses {@code emails} emails (0: none) on the calling thread. A rehearsal that cannot be
     * completed stops the warm-up with a warning naming only the exception's class: the service
     * starts anyway, and a real email that fails the same way is reported and dead-lettered.
     *
     * @return the number rehearsed
     */
    public int run(int emails) {
        if (emails <= 0) {
            return 0;
        }
        var intents = Topics.OUTREACH_REQUESTS.valueSerde();
        var reports = Topics.OUTREACH_DELIVERIES.valueSerde();
        long started = System.nanoTime();
        long nextProgress = started + PROGRESS_EVERY.toNanos();
        log.info("warm-up: rehearsing {} emails (nothing is sent)", emails);
        int done = 0;
        try {
            ProfileTable profiles = new ProfileTable();
            MemberProfile profile = profile();
            profiles.apply(profile.memberId(), profile);
            for (; done < emails; done++) {
                Instant now = clock.instant();
                byte[] json = intents.serializer()
                        .serialize(Topics.OUTREACH_REQUESTS.name(), intent(profile.memberId(), done, now));
                OutreachEvent read = intents.deserializer().deserialize(Topics.OUTREACH_REQUESTS.name(), json);
                OutreachRequest request = (OutreachRequest) read;
                if (!(policy.decide(request, profiles::latest, now) instanceof Decision.Send send)) {
                    throw new IllegalStateException("the made-up intent was not decided a send");
                }
                recipients.key(send.address());
                OutgoingEmail email = delivery.compose(request, send);
                smtp.rehearse(email);
                reports.serializer()
                        .serialize(
                                Topics.OUTREACH_DELIVERIES.name(),
                                DeliveryReport.of(request, DeliveryOutcome.SENT, null, 1, clock.instant()));
                if (System.nanoTime() >= nextProgress) {
                    log.info("warm-up: {} of {} emails rehearsed", done + 1, emails);
                    nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
                }
            }
        } catch (SendFailure | RuntimeException e) {
            log.warn(
                    "warm-up stopped after {} of {} emails: {}",
                    done,
                    emails,
                    e.getClass().getName());
            return done;
        }
        log.info(
                "warm-up: {} emails rehearsed in {} ms",
                done,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        return done;
    }

    /** A prompt or reminder for a check-in due now, as streams writes it. */
    static OutreachRequest intent(String memberId, int n, Instant now) {
        OutreachKind kind = KINDS[n % KINDS.length];
        Instant respondBy = now.plus(Duration.ofHours(2));
        String checkInId = "ci-warm-up-" + n;
        return OutreachRequest.builder(memberId, "warm-up-" + kind.name().toLowerCase() + "-" + n, kind)
                .to(Recipient.MEMBER)
                .urgency(Urgency.SCHEDULED)
                .checkInId(checkInId)
                .expiresAt(respondBy)
                .data(Map.of("respondBy", respondBy.toString()))
                .build(now);
    }

    private static MemberProfile profile() {
        try (InputStream in = WarmUp.class.getClassLoader().getResourceAsStream(PROFILE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + PROFILE);
            }
            return (MemberProfile) Topics.MEMBER_PROFILE
                    .valueSerde()
                    .deserializer()
                    .deserialize(Topics.MEMBER_PROFILE.name(), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
