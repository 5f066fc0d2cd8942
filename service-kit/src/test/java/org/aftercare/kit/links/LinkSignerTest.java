package org.aftercare.kit.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class LinkSignerTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String OLD_KEY = LinkSigner.randomSpec("k1");
    private static final String NEW_KEY = LinkSigner.randomSpec("k2");

    private static LinkToken token(Instant expiry) {
        return new LinkToken(Links.PURPOSE_CHECK_IN, "member-1", "ci-1", "answer", expiry, "nonce-1");
    }

    @Test
    void aSignedTokenVerifiesToWhatItGrants() throws Exception {
        LinkSigner signer = LinkSigner.fromSpec(OLD_KEY, CLOCK);
        LinkToken granted = token(NOW.plusSeconds(3600));

        assertThat(signer.verify(signer.sign(granted))).isEqualTo(granted);
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefusedAsForged() {
        String forged = LinkSigner.fromSpec(LinkSigner.randomSpec("k1"), CLOCK).sign(token(NOW.plusSeconds(60)));

        assertThatThrownBy(() -> LinkSigner.fromSpec(OLD_KEY, CLOCK).verify(forged))
                .isInstanceOfSatisfying(LinkSigner.InvalidToken.class,
                        e -> assertThat(e.refusal()).isEqualTo(LinkSigner.Refusal.BAD_SIGNATURE));
    }

    @Test
    void aTamperedPayloadIsRefusedEvenWithItsOriginalSignature() {
        LinkSigner signer = LinkSigner.fromSpec(OLD_KEY, CLOCK);
        String token = signer.sign(token(NOW.plusSeconds(60)));
        String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
        String otherMember = payload.replace("member-1", "member-2");
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(otherMember.getBytes(StandardCharsets.UTF_8))
                + token.substring(token.indexOf('.'));

        assertThatThrownBy(() -> signer.verify(tampered))
                .isInstanceOfSatisfying(LinkSigner.InvalidToken.class,
                        e -> assertThat(e.refusal()).isEqualTo(LinkSigner.Refusal.BAD_SIGNATURE));
    }

    @Test
    void anExpiredTokenIsRefusedAsExpired() {
        LinkSigner signer = LinkSigner.fromSpec(OLD_KEY, CLOCK);
        String token = signer.sign(token(NOW.minusSeconds(1)));

        assertThatThrownBy(() -> signer.verify(token))
                .isInstanceOfSatisfying(LinkSigner.InvalidToken.class,
                        e -> assertThat(e.refusal()).isEqualTo(LinkSigner.Refusal.EXPIRED));
    }

    @Test
    void linksSignedBeforeAKeyRotationStillVerifyWhileTheOldKeyIsListed() throws Exception {
        String sentBefore = LinkSigner.fromSpec(OLD_KEY, CLOCK).sign(token(NOW.plus(Duration.ofDays(1))));
        LinkSigner rotated = LinkSigner.fromSpec(NEW_KEY + "," + OLD_KEY, CLOCK);

        assertThat(rotated.verify(sentBefore).subject()).isEqualTo("ci-1");
        assertThat(rotated.sign(token(NOW.plusSeconds(60)))).as("the new key signs")
                .isNotEqualTo(LinkSigner.fromSpec(OLD_KEY, CLOCK).sign(token(NOW.plusSeconds(60))));
        assertThatThrownBy(() -> LinkSigner.fromSpec(NEW_KEY, CLOCK).verify(sentBefore))
                .isInstanceOfSatisfying(LinkSigner.InvalidToken.class,
                        e -> assertThat(e.refusal()).isEqualTo(LinkSigner.Refusal.UNKNOWN_KEY));
    }

    @Test
    void garbageIsRefusedAsMalformedWithoutQuotingIt() {
        LinkSigner signer = LinkSigner.fromSpec(OLD_KEY, CLOCK);
        for (String garbage : new String[] {"", "abc", "a.b.c", "!!!.???", "x".repeat(5000)}) {
            assertThatThrownBy(() -> signer.verify(garbage))
                    .isInstanceOfSatisfying(LinkSigner.InvalidToken.class, e -> {
                        assertThat(e.refusal()).isEqualTo(LinkSigner.Refusal.MALFORMED);
                        assertThat(e.getMessage()).isEqualTo("link token refused: malformed");
                    });
        }
    }

    @Test
    void weakOrMalformedKeySpecsAreRejected() {
        assertThatThrownBy(() -> LinkSigner.fromSpec("k1:" + Base64.getEncoder().encodeToString(new byte[16]), CLOCK))
                .hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> LinkSigner.fromSpec("no-colon", CLOCK)).hasMessageContaining("kid:base64secret");
        assertThatThrownBy(() -> LinkSigner.fromSpec(OLD_KEY + "," + OLD_KEY, CLOCK)).hasMessageContaining("twice");
        assertThatThrownBy(() -> LinkSigner.fromSpec("", CLOCK)).hasMessageContaining("at least one");
    }

    @Test
    void fingerprintsAreStableAndDoNotRevealTheToken() {
        String token = LinkSigner.fromSpec(OLD_KEY, CLOCK).sign(token(NOW.plusSeconds(60)));

        assertThat(LinkSigner.fingerprint(token)).isEqualTo(LinkSigner.fingerprint(token)).hasSize(32)
                .doesNotContain(token.substring(0, 8));
    }
}
