package org.aftercare.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.RecipientRole;
import org.aftercare.notifier.TestFixtures;
import org.aftercare.notifier.render.EmailRenderer;
import org.aftercare.notifier.render.SignedLinks;
import org.aftercare.notifier.render.TemplateModel;
import org.aftercare.notifier.smtp.OutgoingEmail;
import org.aftercare.notifier.smtp.SmtpMailerTest;
import org.aftercare.notifier.smtp.SmtpPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WarmUpTest {

    private final Clock clock = Clock.systemUTC();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MemoryLedger ledger = new MemoryLedger();
    private final List<OutgoingEmail> mailed = new ArrayList<>();
    private ServerSocket relay;
    private SmtpPool pool;

    @BeforeEach
    void listen() throws Exception {
        // A listening socket stands in for the relay: any connection to it would be accepted below.
        relay = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        pool = new SmtpPool(SmtpMailerTest.settings(relay.getLocalPort()));
    }

    @AfterEach
    void close() throws Exception {
        pool.close();
        relay.close();
    }

    private WarmUp warmUp() {
        DeliveryPolicy policy = new DeliveryPolicy(null);
        OutreachDelivery delivery = new OutreachDelivery(
                id -> Optional.empty(), // the real table: the warm-up must not read it
                policy,
                TestFixtures.RECIPIENTS,
                new TemplateModel(
                        new SignedLinks(TestFixtures.SIGNER, TestFixtures.BASE_URL, TestFixtures.LATE_WINDOW, clock)),
                new EmailRenderer(),
                mailed::add,
                ledger,
                RetryPolicy.DEFAULT,
                new SendWindow(3),
                DeliveryHooks.NONE,
                new DeliveryMetrics(registry),
                clock,
                () -> 0.0);
        return new WarmUp(policy, delivery, TestFixtures.RECIPIENTS, pool, clock);
    }

    @Test
    void rehearsesEveryEmailAskedForWithoutConnectingSendingRecordingOrCounting() throws Exception {
        assertThat(warmUp().run(40)).isEqualTo(40);

        relay.setSoTimeout(200);
        assertThatThrownBy(relay::accept).isInstanceOf(SocketTimeoutException.class);
        assertThat(mailed).isEmpty();
        assertThat(ledger.size()).isZero();
        // The delivery metrics register their meters up front: none may have counted anything.
        assertThat(registry.getMeters()).isNotEmpty();
        assertThat(registry.find("outreach.emails.sent").counters())
                .allSatisfy(c -> assertThat(c.count()).isZero());
        assertThat(registry.getMeters()).allSatisfy(meter -> {
            if (meter instanceof Counter counter) {
                assertThat(counter.count()).as(meter.getId().getName()).isZero();
            } else if (meter instanceof Timer timer) {
                assertThat(timer.count()).as(meter.getId().getName()).isZero();
            }
        });
    }

    @Test
    void zeroRehearsesNothing() {
        assertThat(warmUp().run(0)).isZero();
    }

    @Test
    void theMadeUpIntentsArePromptsAndRemindersForTheMemberDueNow() {
        Instant now = Instant.parse("2026-03-10T16:00:00Z");
        OutreachRequest prompt = WarmUp.intent("warm-up-member", 0, now);
        OutreachRequest reminder = WarmUp.intent("warm-up-member", 3, now);

        assertThat(prompt.kind()).isEqualTo(OutreachKind.CHECK_IN_PROMPT);
        assertThat(reminder.kind()).isEqualTo(OutreachKind.LATE_REMINDER);
        assertThat(prompt.recipient().role()).isEqualTo(RecipientRole.MEMBER);
        assertThat(prompt.expiresAt()).isAfter(now);
        assertThat(prompt.notificationId())
                .isNotEqualTo(WarmUp.intent("warm-up-member", 1, now).notificationId());
    }
}
