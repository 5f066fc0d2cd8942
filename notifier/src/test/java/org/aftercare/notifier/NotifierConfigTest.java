package org.aftercare.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.aftercare.kit.config.ConfigException;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.links.LinkSigner;
import org.junit.jupiter.api.Test;

class NotifierConfigTest {

    private static NotifierConfig read(Map<String, String> env) {
        return NotifierConfig.from(Settings.of(env), env);
    }

    @Test
    void defaultsNeedOnlyTheLinkKeys() {
        NotifierConfig c = read(Map.of("OUTREACH_LINK_KEYS", LinkSigner.randomSpec("k1")));
        assertThat(c.groupId()).isEqualTo("outreach-notifier");
        assertThat(c.httpPort()).isEqualTo(8082);
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
    void everyWrongValueIsOneLineNamingItsVariableAndNoSecretIsShown() {
        String badKey = "k1:dG9vLXNob3J0";
        assertThatThrownBy(() -> read(Map.of(
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
        assertThatThrownBy(() -> read(Map.of())).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).containsExactly("OUTREACH_LINK_KEYS: required, not set (kid:base64secret,...)"));
    }

    @Test
    void deliveryDefaultsAndTheirValidation() {
        NotifierConfig c = read(Map.of("OUTREACH_LINK_KEYS", LinkSigner.randomSpec("k1")));
        assertThat(c.smtp().poolSize()).isEqualTo(4);
        assertThat(c.smtp().envelopeFrom()).isEqualTo("checkins@localhost");
        assertThat(c.retry().maxAttempts()).isEqualTo(8);
        assertThat(c.dailyCap()).isEqualTo(3);
        assertThat(c.ledgerRetention()).isEqualTo(Duration.ofDays(14));

        assertThatThrownBy(() -> read(Map.of("OUTREACH_LINK_KEYS", LinkSigner.randomSpec("k1"),
                "OUTREACH_SMTP_POOL_SIZE", "0",
                "OUTREACH_MAIL_ENVELOPE_FROM", "not an address",
                "OUTREACH_NOTIFIER_RETRY_FIRST_BACKOFF", "10m",
                "OUTREACH_NOTIFIER_RETRY_MAX_BACKOFF", "1m",
                "OUTREACH_NOTIFIER_LEDGER_RETENTION", "P1D",
                "OUTREACH_NOTIFIER_DAILY_CAP", "-1")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .hasSize(5)
                        .anySatisfy(p -> assertThat(p).startsWith("OUTREACH_SMTP_POOL_SIZE:"))
                        .anySatisfy(p -> assertThat(p).startsWith("OUTREACH_MAIL_ENVELOPE_FROM:"))
                        .anySatisfy(p -> assertThat(p).startsWith("OUTREACH_NOTIFIER_RETRY_MAX_BACKOFF:"))
                        .anySatisfy(p -> assertThat(p).startsWith("OUTREACH_NOTIFIER_LEDGER_RETENTION:"))
                        .anySatisfy(p -> assertThat(p).startsWith("OUTREACH_NOTIFIER_DAILY_CAP:")));
    }
}
