package org.aftercare.notifier.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies go as 8-bit to a relay that announces 8BITMIME, checked on a real one: Postfix's
 * {@code smtp-sink}, which writes every transaction it accepts, envelope arguments included, to a
 * file ({@code -d}); and as quoted-printable where 8-bit is not allowed, on GreenMail, which does not
 * announce 8BITMIME. CI installs Postfix for this ({@code .ci/run}).
 */
class EightBitBodiesTest {

    private static final String SMTP_SINK = "/usr/sbin/smtp-sink";

    @TempDir
    Path dir;

    private Process sink;
    private Path dumps;
    private int port;

    @BeforeEach
    void startSmtpSink() throws Exception {
        assertThat(Path.of(SMTP_SINK))
                .as("Postfix's smtp-sink (apt-get install postfix)")
                .isExecutable();
        dumps = Files.createDirectory(dir.resolve("dumps"));
        // smtp-sink refuses to run as root and then writes its files as nobody.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(dumps, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(SMTP_SINK));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "nobody"));
        }
        command.addAll(List.of("-d", dumps + "/m.", "127.0.0.1:" + port, "10"));
        sink = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("smtp-sink.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    assertThat(sink.isAlive()).as("smtp-sink running").isTrue();
                    return listening(port);
                });
    }

    private static boolean listening(int port) {
        try (Socket probe = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    @AfterEach
    void stop() throws Exception {
        sink.destroy();
        sink.waitFor();
    }

    private SmtpSettings settings() {
        return SmtpMailerTest.settings(port);
    }

    private static OutgoingEmail email(String id, String text, String html) {
        return new OutgoingEmail(id, "sam@example.org", "A quick note", text, html);
    }

    /** The transaction smtp-sink wrote for one message, found by its Message-ID. */
    private String dumpOf(String notificationId) {
        String messageId = "Message-ID: <" + notificationId + "@";
        return await("smtp-sink wrote " + notificationId)
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> dumped(messageId), Objects::nonNull);
    }

    private String dumped(String messageId) throws IOException {
        try (Stream<Path> listed = Files.list(dumps)) {
            for (Path f : listed.toList()) {
                String dump = Files.readString(f, StandardCharsets.UTF_8);
                if (dump.contains(messageId)) {
                    return dump;
                }
            }
        }
        return null;
    }

    private static Multipart parts(String dump) throws Exception {
        MimeMessage m = new MimeMessage(
                Session.getInstance(new Properties()), new ByteArrayInputStream(dump.getBytes(StandardCharsets.UTF_8)));
        return (Multipart) m.getContent();
    }

    @Test
    void onceTheRelayAnnouncedIt8BitBodiesGoAsTheyAreAndTheEnvelopeSaysSo() throws Exception {
        try (SmtpMailer mailer = new SmtpMailer(settings())) {
            // The first message is built before any connection: nothing is known of the relay yet.
            mailer.send(email("n-1", "Hi Sam,\nplain ✓ 7:30\u202FPM", "<p>Hi Sam, html ✓</p>"));
            mailer.send(email("n-2", "Hi Sam,\nplain ✓ 7:30\u202FPM", "<p>Hi Sam, html ✓</p>"));
        }
        String first = dumpOf("n-1");
        assertThat(first).doesNotContain("BODY=8BITMIME").contains("Content-Transfer-Encoding: quoted-printable");

        String second = dumpOf("n-2");
        assertThat(second.lines().filter(l -> l.startsWith("X-Mail-Args:")))
                .singleElement()
                .asString()
                .contains("BODY=8BITMIME");
        assertThat(second).doesNotContain("quoted-printable").contains("plain ✓ 7:30\u202FPM", "html ✓");
        Multipart parts = parts(second);
        for (int i = 0; i < 2; i++) {
            BodyPart part = parts.getBodyPart(i);
            assertThat(part.getHeader("Content-Transfer-Encoding")).containsExactly("8bit");
            assertThat(part.getContentType()).containsIgnoringCase("charset=UTF-8");
        }
        // smtp-sink writes its files with bare line feeds.
        assertThat(((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n"))
                .isEqualTo("Hi Sam,\nplain ✓ 7:30\u202FPM");
        assertThat((String) parts.getBodyPart(1).getContent()).isEqualTo("<p>Hi Sam, html ✓</p>");
    }

    @Test
    void aPartWithALineTooLongForSmtpOrPlainAsciiIsNotSentAs8Bit() throws Exception {
        String longLine = "✓".repeat(400); // 1,200 octets in UTF-8: more than one SMTP line may hold
        try (SmtpMailer mailer = new SmtpMailer(settings(), new AtomicBoolean(true))) {
            mailer.send(email("n-1", "plain ✓\n" + longLine, "<p>ascii only</p>"));
        }
        String dump = dumpOf("n-1");
        Multipart parts = parts(dump);
        // Jakarta Mail's own choice: base64 for text mostly outside ASCII, quoted-printable otherwise.
        assertThat(parts.getBodyPart(0).getHeader("Content-Transfer-Encoding"))
                .singleElement()
                .isIn("base64", "quoted-printable");
        assertThat(parts.getBodyPart(1).getHeader("Content-Transfer-Encoding")).containsExactly("7bit");
        assertThat(((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n"))
                .isEqualTo("plain ✓\n" + longLine);
        assertThat(dump).doesNotContain("BODY=8BITMIME");
    }

    @Test
    void aDkimSignedMessageStaysQuotedPrintable() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String key = Base64.getEncoder()
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
        SmtpSettings signed = settings().withDkim(DkimSigning.of("example.org", "s1", key));
        try (SmtpMailer mailer = new SmtpMailer(signed, new AtomicBoolean(true))) {
            mailer.send(email("n-1", "plain ✓", "<p>html ✓</p>"));
        }
        String dump = dumpOf("n-1");
        assertThat(dump).contains("DKIM-Signature:", "Content-Transfer-Encoding: quoted-printable");
        assertThat(dump).doesNotContain("BODY=8BITMIME", "Content-Transfer-Encoding: 8bit");
    }

    @Test
    void aMessageBuiltFor8BitGoesQuotedPrintableToARelayThatDoesNotAnnounceIt() throws Exception {
        GreenMail plain = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        plain.start();
        try {
            // As if an earlier connection had reached a relay that takes 8-bit.
            SmtpMailer mailer =
                    new SmtpMailer(SmtpMailerTest.settings(plain.getSmtp().getPort()), new AtomicBoolean(true));
            MimeMessage built = mailer.build(email("n-1", "plain ✓", "<p>html ✓</p>"));
            assertThat(built.getContent()).isInstanceOf(Multipart.class);
            assertThat(((Multipart) built.getContent()).getBodyPart(0).getHeader("Content-Transfer-Encoding"))
                    .containsExactly("8bit");
            mailer.send(built);
            mailer.close();
            assertThat(plain.waitForIncomingEmail(5000, 1)).isTrue();
            MimeMessage received = plain.getReceivedMessages()[0];
            Multipart parts = (Multipart) received.getContent();
            assertThat(parts.getBodyPart(0).getHeader("Content-Transfer-Encoding"))
                    .containsExactly("quoted-printable");
            assertThat((String) parts.getBodyPart(0).getContent()).isEqualTo("plain ✓");
            assertThat((String) parts.getBodyPart(1).getContent()).isEqualTo("<p>html ✓</p>");
        } finally {
            plain.stop();
        }
    }

    @Test
    void theEightBitCheckCountsOctetsPerLine() {
        assertThat(needs8Bit("plain ascii\nonly")).isFalse();
        assertThat(needs8Bit("é")).isTrue();
        assertThat(needs8Bit("é\r\nok")).isTrue();
        assertThat(needs8Bit("é\rbare CR")).isFalse();
        assertThat(needs8Bit("é\u0000")).isFalse();
        assertThat(needs8Bit("é".repeat(499))).isTrue(); // 998 octets
        assertThat(needs8Bit("é".repeat(499) + "x")).isFalse(); // 999
        assertThat(needs8Bit("\uD83D\uDE42".repeat(249) + "xx")).isTrue(); // 4 x 249 + 2 = 998
        assertThat(needs8Bit("\uD83D\uDE42".repeat(249) + "xxx")).isFalse();
        assertThat(needs8Bit(("é".repeat(400) + "\n").repeat(3))).isTrue();
    }

    /** True if the part would go as 8-bit. */
    private static boolean needs8Bit(String body) {
        return SmtpMailer.eightBitBody(body) != null;
    }
}
