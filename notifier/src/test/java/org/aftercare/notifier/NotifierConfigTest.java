package org.aftercare.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aftercare.kit.config.ConfigException;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.http.HttpSettings;
import org.aftercare.kit.links.LinkSigner;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class NotifierConfigTest {

    private static final String HASH_KEY =
            Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'k');

    private static NotifierConfig read(Map<String, String> env) {
        return NotifierConfig.from(Settings.of(env), env);
    }

    /** The two secrets, valid, plus the given NAME, value pairs. */
    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("OUTREACH_LINK_KEYS", LinkSigner.randomSpec("k1"));
        env.put("OUTREACH_ADDRESS_HASH_KEY", HASH_KEY);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void theManagementListenerBindsTheConfiguredHostWithTheConfiguredLimits() {
        NotifierConfig c = read(env(NotifierConfig.HTTP_HOST, "127.0.0.1", HttpSettings.MAX_CONNECTIONS, "20"));

        assertThat(c.httpHost()).isEqualTo("127.0.0.1");
        assertThat(c.http().maxConnections()).isEqualTo(20);
    }

    @Test
    void defaultsNeedOnlyTheLinkKeysAndTheAddressHashKey() {
        NotifierConfig c = read(env());
        assertThat(c.groupId()).isEqualTo("outreach-notifier");
        assertThat(c.httpPort()).isEqualTo(8082);
        assertThat(c.httpHost()).isEqualTo("0.0.0.0");
        assertThat(c.http()).isEqualTo(HttpSettings.defaults());
        assertThat(c.smtp().host()).isEqualTo("localhost");
        assertThat(c.smtp().port()).isEqualTo(25);
        assertThat(c.smtp().startTlsRequired()).isFalse();
        assertThat(c.smtp().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.smtp().fromAddress()).isEqualTo("checkins@localhost");
        assertThat(c.smtp().fromName()).isEqualTo("Check-in");
        assertThat(c.smtp().messageIdDomain()).isEqualTo("localhost");
        assertThat(c.linkBaseUrl()).isEqualTo("http://localhost:8080");
        assertThat(c.lateAnswerWindow()).isEqualTo(Duration.ofDays(1));
        assertThat(c.onCallEmail()).isNull();
        assertThat(c.linkSigner()).isNotNull();
    }

    @Test
    void theWarmUpIsOffUnlessSetAndBounded() {
        assertThat(read(env()).warmUpEmails()).isZero();
        assertThat(read(env(NotifierConfig.WARM_UP_EMAILS, "3000")).warmUpEmails())
                .isEqualTo(3000);
        assertThatThrownBy(() -> read(env(NotifierConfig.WARM_UP_EMAILS, "-1")))
                .hasMessageContaining(NotifierConfig.WARM_UP_EMAILS);
        assertThatThrownBy(() -> read(env(NotifierConfig.WARM_UP_EMAILS, "100001")))
                .hasMessageContaining(NotifierConfig.WARM_UP_EMAILS);
    }

    @Test
    void everyWrongValueIsOneLineNamingItsVariableAndNoSecretIsShown() {
        String badKey = "k1:dG9vLXNob3J0";
        assertThatThrownBy(() -> read(env(
                        "OUTREACH_LINK_KEYS", badKey,
                        "OUTREACH_SMTP_STARTTLS", "maybe",
                        "OUTREACH_SMTP_PORT", "99999",
                        "OUTREACH_SMTP_USERNAME", "relay",
                        "OUTREACH_ONCALL_EMAIL", "not an address",
                        "OUTREACH_LATE_ANSWER_WINDOW", "forever")))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("OUTREACH_LINK_KEYS:"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("OUTREACH_SMTP_STARTTLS:"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("OUTREACH_SMTP_PORT:"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("OUTREACH_SMTP_PASSWORD:"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("OUTREACH_ONCALL_EMAIL:"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("OUTREACH_LATE_ANSWER_WINDOW:"));
                    assertThat(e.getMessage()).doesNotContain("dG9vLXNob3J0");
                });
    }

    @Test
    void missingLinkKeysIsAProblemLine() {
        assertThatThrownBy(() -> read(Map.of("OUTREACH_ADDRESS_HASH_KEY", HASH_KEY)))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .containsExactly("OUTREACH_LINK_KEYS: required, not set (kid:base64secret,...)"));
    }

    @Test
    void theAddressHashKeyIsRequiredAndMustBeAtLeast32BytesOfBase64() {
        assertThatThrownBy(() -> read(Map.of("OUTREACH_LINK_KEYS", LinkSigner.randomSpec("k1"))))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .singleElement()
                                .satisfies(p -> assertThat(p).startsWith("OUTREACH_ADDRESS_HASH_KEY: required")));
        String tooShort = Base64.getEncoder().encodeToString("only sixteen byt".getBytes(StandardCharsets.US_ASCII));
        for (String bad : List.of(tooShort, "not base64 at all!")) {
            assertThatThrownBy(() -> read(env("OUTREACH_ADDRESS_HASH_KEY", bad)))
                    .isInstanceOfSatisfying(ConfigException.class, e -> {
                        assertThat(e.problems())
                                .singleElement()
                                .satisfies(p -> assertThat(p).startsWith("OUTREACH_ADDRESS_HASH_KEY:"));
                        assertThat(e.getMessage()).doesNotContain(bad);
                    });
        }
        assertThat(read(env()).linkSigner()).isNotNull();
    }

    @Test
    void anHttpLinkBaseUrlToAnotherHostIsRefusedUnlessInsecureLinksAreExplicitlyAllowed() {
        assertThatThrownBy(() -> read(env("OUTREACH_LINK_BASE_URL", "http://checkin.example.org")))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .singleElement()
                                .satisfies(p -> assertThat(p)
                                        .startsWith("OUTREACH_LINK_BASE_URL:")
                                        .contains("https")
                                        .contains("OUTREACH_ALLOW_INSECURE_LINKS")));
        assertThat(read(env(
                                "OUTREACH_LINK_BASE_URL",
                                "http://checkin.example.org",
                                "OUTREACH_ALLOW_INSECURE_LINKS",
                                "true"))
                        .linkBaseUrl())
                .isEqualTo("http://checkin.example.org");
        for (String fine : List.of(
                "https://checkin.example.org", "http://localhost:8080", "http://127.0.0.1:8080", "http://[::1]:8080")) {
            assertThat(read(env("OUTREACH_LINK_BASE_URL", fine)).linkBaseUrl()).isEqualTo(fine);
        }
    }

    @Test
    void smtpWithoutStartTlsToAHostThatIsNotLoopbackIsOneClearWarningAtStart() {
        Logger logger = (Logger) LoggerFactory.getLogger(NotifierConfig.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            read(env("OUTREACH_SMTP_HOST", "smtp.example.org", "OUTREACH_SMTP_PORT", "587"));
            assertThat(appender.list)
                    .filteredOn(e -> e.getLevel() == Level.WARN)
                    .singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage())
                            .contains("OUTREACH_SMTP_STARTTLS")
                            .contains("smtp.example.org")
                            .doesNotContain("\n"));
            appender.list.clear();
            read(env());
            read(env("OUTREACH_SMTP_HOST", "127.0.0.1"));
            read(env("OUTREACH_SMTP_HOST", "smtp.example.org", "OUTREACH_SMTP_STARTTLS", "required"));
            assertThat(appender.list)
                    .filteredOn(e -> e.getLevel() == Level.WARN)
                    .isEmpty();
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void deliveryDefaultsAndTheirValidation() {
        NotifierConfig c = read(env());
        assertThat(c.smtp().poolSize()).isEqualTo(4);
        assertThat(c.smtp().envelopeFrom()).isEqualTo("checkins@localhost");
        assertThat(c.retry().maxAttempts()).isEqualTo(8);
        assertThat(c.dailyCap()).isEqualTo(3);
        assertThat(c.ledgerRetention()).isEqualTo(Duration.ofDays(14));

        assertThatThrownBy(() -> read(env(
                        "OUTREACH_SMTP_POOL_SIZE", "0",
                        "OUTREACH_MAIL_ENVELOPE_FROM", "not an address",
                        "OUTREACH_NOTIFIER_RETRY_FIRST_BACKOFF", "10m",
                        "OUTREACH_NOTIFIER_RETRY_MAX_BACKOFF", "1m",
                        "OUTREACH_NOTIFIER_LEDGER_RETENTION", "P1D",
                        "OUTREACH_NOTIFIER_DAILY_CAP", "-1")))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .hasSize(5)
                                .anySatisfy(p -> assertThat(p).startsWith("OUTREACH_SMTP_POOL_SIZE:"))
                                .anySatisfy(p -> assertThat(p).startsWith("OUTREACH_MAIL_ENVELOPE_FROM:"))
                                .anySatisfy(p -> assertThat(p).startsWith("OUTREACH_NOTIFIER_RETRY_MAX_BACKOFF:"))
                                .anySatisfy(p -> assertThat(p).startsWith("OUTREACH_NOTIFIER_LEDGER_RETENTION:"))
                                .anySatisfy(p -> assertThat(p).startsWith("OUTREACH_NOTIFIER_DAILY_CAP:")));
    }
}
