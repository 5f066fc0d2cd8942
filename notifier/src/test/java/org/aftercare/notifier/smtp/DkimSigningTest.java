package org.aftercare.notifier.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DKIM signing checked the way a receiving server would: the body hash and the RSA signature
 * over the signed headers are recomputed from the received message (relaxed/relaxed, RFC 6376
 * section 3.4) and verified with the public key.
 */
class DkimSigningTest {

    private static final KeyPair KEYS = rsaKeys();

    private GreenMail server;

    private static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem() {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(KEYS.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    @BeforeEach
    void start() {
        server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void aSignedMessageVerifiesWithThePublicKeyAsReceived() throws Exception {
        SmtpSettings settings = SmtpMailerTest.settings(server.getSmtp().getPort())
                .withDkim(DkimSigning.of("example.org", "outreach", pem()));
        try (SmtpMailer mailer = new SmtpMailer(settings)) {
            mailer.send(new OutgoingEmail(
                    "n-dkim-1",
                    "sam@example.org",
                    "Your check-in for today",
                    "Hi Sam,\r\nHow are you   doing today?  \r\n",
                    "<p>Hi Sam, how are you doing today?</p>"));
        }
        assertThat(server.waitForIncomingEmail(5000, 1)).isTrue();
        MimeMessage received = server.getReceivedMessages()[0];

        String signatureHeader = received.getHeader("DKIM-Signature")[0];
        Map<String, String> tags = tags(signatureHeader);
        assertThat(tags)
                .containsEntry("d", "example.org")
                .containsEntry("s", "outreach")
                .containsEntry("a", "rsa-sha256")
                .containsEntry("c", "relaxed/relaxed");
        assertThat(tags.get("h").toLowerCase(Locale.ROOT).split(":")).contains("from", "to", "subject", "message-id");

        byte[] body = rawBody(received);
        String bodyHash = Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256")
                        .digest(relaxedBody(body).getBytes(StandardCharsets.UTF_8)));
        assertThat(tags.get("bh")).isEqualTo(bodyHash);

        StringBuilder signed = new StringBuilder();
        List<String> lines = headerLines(received);
        for (String name : tags.get("h").split(":")) {
            String line = lastUnused(lines, name.strip());
            if (line != null) {
                signed.append(relaxedHeader(line)).append("\r\n");
            }
        }
        String ownHeader = lines.stream()
                .filter(l -> l.regionMatches(true, 0, "DKIM-Signature:", 0, 15))
                .findFirst()
                .orElseThrow();
        signed.append(
                relaxedHeader(ownHeader.replaceAll("b=[^;]*$", "b=").replaceAll("(;\\s*)b=[^;]*(;|$)", "$1b=$2")));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(KEYS.getPublic());
        rsa.update(signed.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(rsa.verify(Base64.getDecoder().decode(tags.get("b").replaceAll("\\s", ""))))
                .as("the RSA signature over the signed headers")
                .isTrue();
    }

    @Test
    void aKeyThatIsNotAnRsaPrivateKeyIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> DkimSigning.of("example.org", "outreach", "bm90LWEta2V5LXRoaXMtaXMtc2VjcmV0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the DKIM key is not an RSA private key in PKCS#8 (PEM or base64)");
        assertThatThrownBy(() -> DkimSigning.of("example.org\r\nBcc: x", "outreach", pem()))
                .hasMessageContaining("host name");
    }

    private static Map<String, String> tags(String header) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String part : header.replaceAll("\\r?\\n", "").split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                tags.put(part.substring(0, eq).strip(), part.substring(eq + 1).replaceAll("\\s", ""));
            }
        }
        return tags;
    }

    private static List<String> headerLines(MimeMessage message) throws Exception {
        return Collections.list(message.getAllHeaderLines());
    }

    /** RFC 6376 5.4.2: the bottom-most instance of a header not used yet. */
    private static String lastUnused(List<String> lines, String name) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            if (line != null && line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                lines.set(i, null);
                return line;
            }
        }
        return null;
    }

    /** RFC 6376 3.4.2: lower-case name, unfolded, runs of white space as one space, none at the ends. */
    private static String relaxedHeader(String line) {
        int colon = line.indexOf(':');
        String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1)
                .replaceAll("\\r?\\n", "")
                .replaceAll("[ \\t]+", " ")
                .strip();
        return name + ":" + value;
    }

    /** RFC 6376 3.4.4: runs of white space as one space, none at line ends, no empty lines at the end. */
    private static String relaxedBody(byte[] raw) {
        String[] lines = new String(raw, StandardCharsets.UTF_8).split("\r\n", -1);
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            out.add(line.replaceAll("[ \\t]+", " ").replaceAll(" $", ""));
        }
        while (!out.isEmpty() && out.getLast().isEmpty()) {
            out.removeLast();
        }
        return out.isEmpty() ? "" : String.join("\r\n", out) + "\r\n";
    }

    private static byte[] rawBody(MimeMessage message) throws Exception {
        try (InputStream in = message.getRawInputStream();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
