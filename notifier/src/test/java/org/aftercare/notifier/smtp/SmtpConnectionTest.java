package org.aftercare.notifier.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.ServerSocket;
import java.time.Duration;
import org.aftercare.notifier.smtp.ScriptedSmtpServer.Behaviour;
import org.junit.jupiter.api.Test;

/**
 * The SMTP connection under stress: stalled servers fail within the timeout, a dropped or 421'd
 * reused connection is replaced, a refused recipient is a bounce, STARTTLS is required when
 * configured, authentication works, and the pool reuses its connections.
 */
class SmtpConnectionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private static SmtpSettings settings(int port, boolean startTls, String user, String password, int pool) {
        return new SmtpSettings(
                "127.0.0.1",
                port,
                user,
                password,
                startTls,
                TIMEOUT,
                "checkins@example.org",
                "Check-in",
                "mail.example.org",
                "bounces@example.org",
                pool,
                null);
    }

    private static OutgoingEmail email(String id) {
        return new OutgoingEmail(id, "sam@example.org", "Hello", "text", "<p>html</p>");
    }

    @Test
    void aServerSilentAfterConnectFailsWithinTheTimeoutAsTransient() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Behaviour.SILENT_AFTER_CONNECT);
                SmtpMailer mailer = new SmtpMailer(settings(server.port(), false, null, null, 1))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> mailer.send(email("n-1")))
                    .isInstanceOfSatisfying(
                            SendFailure.class, f -> assertThat(f.isTransient()).isTrue());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.multipliedBy(4));
        }
    }

    @Test
    void aServerSilentAfterTheMessageDataFailsWithinTheTimeoutAsTransient() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Behaviour.SILENT_AFTER_DATA);
                SmtpMailer mailer = new SmtpMailer(settings(server.port(), false, null, null, 1))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> mailer.send(email("n-1"))).isInstanceOfSatisfying(SendFailure.class, f -> {
                assertThat(f.isTransient()).isTrue();
                assertThat(f.reason()).isIn("smtp-timeout", "smtp-io", "smtp-no-reply", "smtp-error");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.multipliedBy(4));
            assertThat(server.accepted()).isZero();
        }
    }

    @Test
    void a421OnAReusedConnectionReconnectsAndSends() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Behaviour.CLOSING_421_ON_SECOND_MAIL);
                SmtpMailer mailer = new SmtpMailer(settings(server.port(), false, null, null, 1))) {
            mailer.send(email("n-1"));
            mailer.send(email("n-2")); // 421 on the reused connection, then a fresh one

            assertThat(server.accepted()).isEqualTo(2);
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsReplaced() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Behaviour.CLOSE_AFTER_EACH_MESSAGE);
                SmtpMailer mailer = new SmtpMailer(settings(server.port(), false, null, null, 1))) {
            for (int i = 1; i <= 3; i++) {
                mailer.send(email("n-" + i));
                int closedSoFar = i;
                // The server drops the connection; the client finds out when it next uses it after an idle pause.
                await().pollDelay(SmtpMailer.IDLE_CHECK.plusMillis(50))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> server.closed() == closedSoFar);
            }

            assertThat(server.accepted()).isEqualTo(3);
            assertThat(server.connections()).isEqualTo(3);
        }
    }

    @Test
    void aRefusedRecipientIsABounce() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Behaviour.REJECT_RECIPIENT);
                SmtpMailer mailer = new SmtpMailer(settings(server.port(), false, null, null, 1))) {
            assertThatThrownBy(() -> mailer.send(email("n-1"))).isInstanceOfSatisfying(SendFailure.class, f -> {
                assertThat(f.kind()).isEqualTo(SendFailure.Kind.BOUNCED);
                assertThat(f.reason()).isEqualTo("smtp-550");
            });
        }
    }

    @Test
    void requiredStartTlsRefusesAServerThatDoesNotOfferItAndSendsNothing() throws Exception {
        GreenMail plain = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        plain.start();
        try (SmtpMailer mailer = new SmtpMailer(settings(plain.getSmtp().getPort(), true, null, null, 1))) {
            assertThatThrownBy(() -> mailer.send(email("n-1")))
                    .isInstanceOfSatisfying(
                            SendFailure.class, f -> assertThat(f.reason()).isEqualTo("smtp-starttls-unavailable"));
            assertThat(plain.getReceivedMessages()).isEmpty();
        } finally {
            plain.stop();
        }
    }

    @Test
    void authenticatesAndAWrongPasswordIsPermanent() throws Exception {
        GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.setUser("checkins@example.org", "relay-user", "s3cret-pass");
        server.start();
        try (SmtpMailer good =
                        new SmtpMailer(settings(server.getSmtp().getPort(), false, "relay-user", "s3cret-pass", 1));
                SmtpMailer bad =
                        new SmtpMailer(settings(server.getSmtp().getPort(), false, "relay-user", "wrong", 1))) {
            good.send(email("n-1"));
            assertThat(server.waitForIncomingEmail(5000, 1)).isTrue();
            assertThatThrownBy(() -> bad.send(email("n-2")))
                    .isInstanceOfSatisfying(
                            SendFailure.class, f -> assertThat(f.reason()).isEqualTo("smtp-auth"));
        } finally {
            server.stop();
        }
    }

    @Test
    void thePoolReusesItsConnectionsAndUsesTheEnvelopeSender() throws Exception {
        GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        try (SmtpPool pool = new SmtpPool(settings(server.getSmtp().getPort(), false, null, null, 2))) {
            for (int i = 0; i < 6; i++) {
                pool.send(email("n-" + i));
            }
            assertThat(server.waitForIncomingEmail(5000, 6)).isTrue();
            assertThat(pool.size()).isEqualTo(2);
            assertThat(pool.reachable()).isTrue();
            assertThat(server.getReceivedMessages()[0].getHeader("Return-Path")[0])
                    .contains("bounces@example.org");
        } finally {
            server.stop();
        }
    }

    @Test
    void thePoolKeepsAtMostItsSizeOfConnectionsOpen() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Behaviour.NORMAL);
                SmtpPool pool = new SmtpPool(settings(server.port(), false, null, null, 2))) {
            for (int i = 0; i < 10; i++) {
                pool.send(email("n-" + i));
            }
            assertThat(server.accepted()).isEqualTo(10);
            assertThat(server.connections()).isBetween(1, 2); // reused: never more than the pool size
        }
    }

    @Test
    void nonUrgentEmailCarriesOneClickUnsubscribeHeadersAndALineBreakInTheUrlIsRejected() throws Exception {
        GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        try (SmtpMailer mailer = new SmtpMailer(settings(server.getSmtp().getPort(), false, null, null, 1))) {
            mailer.send(new OutgoingEmail(
                    "n-1", "sam@example.org", "Hello", "t", "<p>h</p>", "https://checkin.example.org/u/tok"));
            assertThat(server.waitForIncomingEmail(5000, 1)).isTrue();
            var received = server.getReceivedMessages()[0];
            assertThat(received.getHeader("List-Unsubscribe")).containsExactly("<https://checkin.example.org/u/tok>");
            assertThat(received.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");

            assertThatThrownBy(() -> mailer.send(new OutgoingEmail(
                            "n-2",
                            "sam@example.org",
                            "Hello",
                            "t",
                            "h",
                            "https://x.example.org/u/a\r\nBcc: x@example.org")))
                    .isInstanceOf(SendFailure.class);
            mailer.send(new OutgoingEmail("n-3", "sam@example.org", "Hello", "t", "<p>h</p>"));
            assertThat(server.waitForIncomingEmail(5000, 2)).isTrue();
            assertThat(server.getReceivedMessages()[1].getHeader("List-Unsubscribe"))
                    .isNull();
        } finally {
            server.stop();
        }
    }

    @Test
    void anUnreachableRelayIsReportedNotReady() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (SmtpPool pool = new SmtpPool(settings(port, false, null, null, 1))) {
            assertThat(pool.reachable()).isFalse();
        }
    }
}
