package org.aftercare.notifier.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sends to a real in-process SMTP server (GreenMail) and reads back the MIME message it received. */
public class SmtpMailerTest {

    private GreenMail server;
    private SmtpMailer mailer;

    @BeforeEach
    void start() {
        server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        mailer = new SmtpMailer(settings(server.getSmtp().getPort()));
    }

    @AfterEach
    void stop() {
        mailer.close();
        server.stop();
    }

    /** A loopback relay's settings without TLS or login (also the warm-up's test). */
    public static SmtpSettings settings(int port) {
        return new SmtpSettings(
                "127.0.0.1",
                port,
                null,
                null,
                false,
                Duration.ofSeconds(5),
                "checkins@example.org",
                "Check-in",
                "mail.example.org");
    }

    private static OutgoingEmail email(String id, String subject) {
        return new OutgoingEmail(id, "sam@example.org", subject, "Hi Sam,\nplain ✓", "<p>Hi Sam, html ✓</p>");
    }

    @Test
    void sendsMultipartAlternativeTextFirstWithOurMessageIdAndNeutralSender() throws Exception {
        long before = System.currentTimeMillis() / 1000 * 1000;
        mailer.send(email("n-123", "Your check-in for today"));
        long after = System.currentTimeMillis();

        assertThat(server.waitForIncomingEmail(5000, 1)).isTrue();
        MimeMessage received = server.getReceivedMessages()[0];
        assertThat(received.getMessageID()).isEqualTo("<n-123@mail.example.org>");
        assertThat(received.getSubject()).isEqualTo("Your check-in for today");
        InternetAddress from = (InternetAddress) received.getFrom()[0];
        assertThat(from.getAddress()).isEqualTo("checkins@example.org");
        assertThat(from.getPersonal()).isEqualTo("Check-in");
        assertThat(received.getAllRecipients()).extracting(Object::toString).containsExactly("sam@example.org");
        assertThat(received.getContentType()).startsWith("multipart/alternative");
        assertThat(received.getHeader("Date")).hasSize(1);
        assertThat(received.getSentDate().getTime()).isBetween(before, after); // the second it was built in

        Multipart parts = (Multipart) received.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        BodyPart text = parts.getBodyPart(0);
        BodyPart html = parts.getBodyPart(1);
        assertThat(text.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(html.getContentType()).startsWith("text/html").containsIgnoringCase("charset=UTF-8");
        assertThat((String) text.getContent()).contains("plain ✓");
        assertThat((String) html.getContent()).contains("html ✓");
    }

    @Test
    void reusesOneConnectionForSeveralMessages() throws Exception {
        mailer.send(email("n-1", "A quick reminder"));
        mailer.send(email("n-2", "A quick reminder"));
        assertThat(server.waitForIncomingEmail(5000, 2)).isTrue();
        assertThat(server.getReceivedMessages())
                .extracting(MimeMessage::getMessageID)
                .containsExactly("<n-1@mail.example.org>", "<n-2@mail.example.org>");
    }

    @Test
    void reportsALostServerAsTransientAndReconnectsWhenItIsBack() throws Exception {
        int port = server.getSmtp().getPort();
        mailer.send(email("n-1", "A quick reminder"));
        server.stop();

        assertThatThrownBy(() -> mailer.send(email("n-2", "A quick reminder")))
                .isInstanceOfSatisfying(
                        SendFailure.class, f -> assertThat(f.isTransient()).isTrue());

        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        mailer.send(email("n-3", "A quick reminder"));
        assertThat(server.waitForIncomingEmail(5000, 1)).isTrue();
        assertThat(server.getReceivedMessages()[0].getMessageID()).isEqualTo("<n-3@mail.example.org>");
    }

    @Test
    void rejectsALineBreakInAnyHeaderBeforeSending() {
        assertThatThrownBy(() -> mailer.send(email("n-1", "Hello\r\nBcc: everyone@example.org")))
                .isInstanceOfSatisfying(SendFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(SendFailure.Kind.PERMANENT);
                    assertThat(f.reason()).isEqualTo("invalid-header");
                    assertThat(f.getMessage()).doesNotContain("everyone");
                });
        assertThatThrownBy(() ->
                        mailer.send(new OutgoingEmail("n-2", "sam@example.org\nBcc: x@example.org", "Hi", "t", "h")))
                .isInstanceOfSatisfying(
                        SendFailure.class, f -> assertThat(f.reason()).isEqualTo("invalid-header"));
        assertThatThrownBy(() -> mailer.send(email("n-3\r\nX-Evil: 1", "Hi")))
                .isInstanceOfSatisfying(
                        SendFailure.class, f -> assertThat(f.reason()).isEqualTo("invalid-header"));
        assertThat(server.getReceivedMessages()).isEmpty();
    }

    @Test
    void setsConnectReadAndWriteTimeouts() {
        var props = SmtpMailer.sessionProperties(settings(25));
        assertThat(props.getProperty("mail.smtp.connectiontimeout")).isEqualTo("5000");
        assertThat(props.getProperty("mail.smtp.timeout")).isEqualTo("5000");
        assertThat(props.getProperty("mail.smtp.writetimeout")).isEqualTo("5000");
    }
}
