package org.aftercare.infra.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import org.aftercare.infra.TestMails;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmbeddedSmtpTest {

    private EmbeddedSmtp smtp;

    @BeforeEach
    void startServer() {
        smtp = EmbeddedSmtp.start(0);
    }

    @AfterEach
    void stopServer() {
        smtp.close();
    }

    @Test
    void multipartAlternativeMessageArrivesWithBothParts() throws Exception {
        Session session = TestMails.session(smtp);
        TestMails.send(TestMails.alternative(
                session,
                "Check-ins <checkin@aftercare.test>",
                "member@example.org",
                "Your check-in for today",
                "How are you doing today?",
                "<p>How are you <b>doing</b> today?</p>"));

        List<MimeMessage> received = smtp.awaitMessages(1, Duration.ofSeconds(10));

        assertThat(received).hasSize(1);
        MimeMessage message = received.getFirst();
        assertThat(message.getSubject()).isEqualTo("Your check-in for today");
        assertThat(((InternetAddress) message.getFrom()[0]).getAddress()).isEqualTo("checkin@aftercare.test");
        assertThat(message.getRecipients(Message.RecipientType.TO))
                .extracting(Object::toString)
                .containsExactly("member@example.org");
        assertThat(message.isMimeType("multipart/alternative")).isTrue();
        Multipart parts = (Multipart) message.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).isMimeType("text/plain")).isTrue();
        assertThat(parts.getBodyPart(0).getContent()).asString().contains("How are you doing today?");
        assertThat(parts.getBodyPart(1).isMimeType("text/html")).isTrue();
        assertThat(parts.getBodyPart(1).getContent()).asString().contains("<b>doing</b>");
    }

    @Test
    void messageToSeveralRecipientsIsHeldOnceWithItsEnvelope() throws Exception {
        Session session = TestMails.session(smtp);
        MimeMessage message = TestMails.alternative(
                session, "alerts@aftercare.test", "a@example.org, b@example.org", "Hello", "text", "<p>html</p>");
        message.addRecipient(Message.RecipientType.BCC, new InternetAddress("audit@example.org"));
        message.saveChanges();
        TestMails.send(message);

        smtp.awaitMessages(1, Duration.ofSeconds(10));

        assertThat(smtp.messages()).singleElement().satisfies(received -> {
            assertThat(received.id()).isEqualTo("1");
            assertThat(received.envelopeFrom()).isEqualTo("alerts@aftercare.test");
            assertThat(received.envelopeRecipients())
                    .containsExactlyInAnyOrder("a@example.org", "b@example.org", "audit@example.org");
            assertThat(received.size()).isPositive();
        });
    }

    @Test
    void holdsThousandsOfMessagesInArrivalOrder() throws Exception {
        Session session = TestMails.session(smtp);
        int count = 1_500;
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            for (int i = 1; i <= count; i++) {
                MimeMessage message = TestMails.alternative(
                        session,
                        "bulk@aftercare.test",
                        "member" + i + "@example.org",
                        "Message " + i,
                        "Body " + i,
                        "<p>Body " + i + "</p>");
                transport.sendMessage(message, message.getAllRecipients());
            }
        }

        List<MimeMessage> received = smtp.awaitMessages(count, Duration.ofSeconds(30));

        assertThat(received).hasSize(count);
        assertThat(received.getFirst().getSubject()).isEqualTo("Message 1");
        assertThat(received.getLast().getSubject()).isEqualTo("Message " + count);
        assertThat(smtp.message(Integer.toString(count))).isPresent();
    }

    @Test
    void waitingForMoreMessagesThanArriveFailsWithACount() {
        assertThatThrownBy(() -> smtp.awaitMessages(1, Duration.ofMillis(200)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Expected at least 1 messages")
                .hasMessageContaining("got 0");
    }

    @Test
    void deleteAllForgetsMessagesButNeverReusesIds() throws Exception {
        Session session = TestMails.session(smtp);
        TestMails.send(TestMails.alternative(session, "a@aftercare.test", "b@example.org", "first", "t", "<p>h</p>"));
        smtp.awaitMessages(1, Duration.ofSeconds(10));

        smtp.deleteAll();
        TestMails.send(TestMails.alternative(session, "a@aftercare.test", "b@example.org", "second", "t", "<p>h</p>"));
        smtp.awaitMessages(1, Duration.ofSeconds(10));

        assertThat(smtp.messages()).extracting(ReceivedMessage::id).containsExactly("2");
        assertThat(smtp.message("1")).isEmpty();
    }

    @Test
    void serverOnATakenPortFailsWithAMessageNamingThePort() {
        int taken = smtp.port();

        assertThatThrownBy(() -> EmbeddedSmtp.start(taken))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("127.0.0.1:" + taken);
    }

    @Test
    void closingTwiceIsSafe() {
        smtp.close();
        smtp.close();
    }
}
