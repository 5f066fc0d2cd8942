package org.aftercare.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.aftercare.events.Samples;
import org.aftercare.events.outreach.DeliveryOutcome;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.notifier.TestFixtures;
import org.aftercare.notifier.render.EmailRenderer;
import org.aftercare.notifier.smtp.Mailer;
import org.aftercare.notifier.smtp.OutgoingEmail;
import org.aftercare.notifier.smtp.SendFailure;
import org.junit.jupiter.api.Test;

class OutreachDeliveryTest {

    /** Fails with the queued failures first, then accepts; records what it accepted. */
    static final class ScriptedMailer implements Mailer {
        final Deque<SendFailure> failures = new ArrayDeque<>();
        final List<OutgoingEmail> sent = new ArrayList<>();
        int attempts;

        @Override
        public void send(OutgoingEmail email) throws SendFailure {
            attempts++;
            SendFailure next = failures.poll();
            if (next != null) {
                throw next;
            }
            sent.add(email);
        }
    }

    private final ScriptedMailer mailer = new ScriptedMailer();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Duration> waits = new ArrayList<>();
    private final OutreachRequest prompt = OutreachRequest.builder(Samples.MEMBER_ID, "n-p",
            Samples.outreachRequest().kind()).checkInId(Samples.CHECK_IN_ID).urgency(Samples.outreachRequest().urgency())
            .build(Samples.NOW);

    private OutreachDelivery delivery() {
        return new OutreachDelivery(id -> Optional.of(Samples.memberProfile()), new DeliveryPolicy(null),
                TestFixtures.models(), new EmailRenderer(), mailer, new InMemorySentLedger(10),
                new RetryPolicy(3, Duration.ofMillis(100)), waits::add, new DeliveryMetrics(registry),
                TestFixtures.CLOCK);
    }

    @Test
    void sendsOnceAndSuppressesTheSameIntentAsADuplicate() throws Exception {
        OutreachDelivery delivery = delivery();
        OutreachDelivery.Result first = delivery.deliver(prompt);
        OutreachDelivery.Result again = delivery.deliver(prompt);

        assertThat(first.report().outcome()).isEqualTo(DeliveryOutcome.SENT);
        assertThat(first.report().attempt()).isEqualTo(1);
        assertThat(mailer.sent).hasSize(1);
        assertThat(mailer.sent.get(0).toAddress()).isEqualTo("sam@example.org");
        assertThat(again.report().outcome()).isEqualTo(DeliveryOutcome.SUPPRESSED);
        assertThat(again.report().reason()).isEqualTo(DeliveryPolicy.DUPLICATE);
        assertThat(registry.get("outreach.emails.sent").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("outreach.emails.suppressed").tag("reason", "duplicate").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void retriesATransientFailureInPlaceWithGrowingWaits() throws Exception {
        mailer.failures.add(new SendFailure(SendFailure.Kind.TRANSIENT, "smtp-451", null));
        mailer.failures.add(new SendFailure(SendFailure.Kind.TRANSIENT, "smtp-connect", null));

        OutreachDelivery.Result result = delivery().deliver(prompt);

        assertThat(result.report().outcome()).isEqualTo(DeliveryOutcome.SENT);
        assertThat(result.report().attempt()).isEqualTo(3);
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void givesUpAfterTheLastTransientFailureAndParksTheIntent() throws Exception {
        for (int i = 0; i < 3; i++) {
            mailer.failures.add(new SendFailure(SendFailure.Kind.TRANSIENT, "smtp-451", null));
        }
        OutreachDelivery.Result result = delivery().deliver(prompt);

        assertThat(result.report().outcome()).isEqualTo(DeliveryOutcome.FAILED);
        assertThat(result.report().reason()).isEqualTo("smtp-451");
        assertThat(result.deadLetterReason()).isEqualTo("smtp-451");
        assertThat(mailer.attempts).isEqualTo(3);
    }

    @Test
    void aPermanentFailureIsNotRetriedAndIsParked() throws Exception {
        mailer.failures.add(new SendFailure(SendFailure.Kind.PERMANENT, "smtp-554", null));
        OutreachDelivery delivery = delivery();
        OutreachDelivery.Result result = delivery.deliver(prompt);

        assertThat(result.report().outcome()).isEqualTo(DeliveryOutcome.FAILED);
        assertThat(result.deadLetterReason()).isEqualTo("smtp-554");
        assertThat(mailer.attempts).isEqualTo(1);
        assertThat(registry.get("outreach.emails.failed").tag("class", "permanent").counter().count()).isEqualTo(1.0);
        // Not recorded as sent: a replay from the dead-letter topic is delivered.
        assertThat(delivery.deliver(prompt).report().outcome()).isEqualTo(DeliveryOutcome.SENT);
    }

    @Test
    void aRefusedAddressIsReportedAsBouncedWithoutADeadLetter() throws Exception {
        mailer.failures.add(new SendFailure(SendFailure.Kind.BOUNCED, "smtp-550", null));
        OutreachDelivery.Result result = delivery().deliver(prompt);

        assertThat(result.report().outcome()).isEqualTo(DeliveryOutcome.BOUNCED);
        assertThat(result.deadLetterReason()).isNull();
    }
}
