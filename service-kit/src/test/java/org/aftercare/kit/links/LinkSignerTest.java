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
                .isInstanceOfSatisfying(
                        LinkSigner.InvalidToken.class,
                        e -> assertThat(e.refusal()).isEqualTo(LinkSigner.Refusal.BAD_SIGNATURE));
    }

    @Test
    void aTamperedTokenIsRefusedAsForged() {
        LinkSigner signer = LinkSigner.fromSpec(OLD_KEY, CLOCK);
        String token = signer.sign(token(NOW.plusSeconds(60)));
        byte[] raw = Base64.getUrlDecoder().decode(token);
        for (int i = 0; i < raw.length; i++) {
            if (i == 0 || i == 1) {
                continue; // version and key-id length: refused as malformed, not as forged
            }
            byte[] flipped = raw.clone();
            flipped[i] ^= 0x01;
            String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(flipped);
            assertThatThrownBy(() -> signer.verify(tampered))
                    .as("byte %d flipped", i)
                    .isInstanceOfSatisfying(
                            LinkSigner.InvalidToken.class,
                            e -> assertThat(e.refusal())
                                    .isIn(LinkSigner.Refusal.BAD_SIGNATURE, LinkSigner.Refusal.UNKNOWN_KEY));
        }
    }

    @Test
    void aTokenRevealsNeitherTheMemberNorWhatItIsFor() {
        LinkSigner signer = LinkSigner.fromSpec(OLD_KEY, CLOCK);
        LinkToken granted = new LinkToken(
                Links.PURPOSE_ESCALATION,
                "3f1c2a9e-member",
                "esc-77:contact-5",
                "acknowledge",
                NOW.plusSeconds(60),
                "nonce-1",
                "binding-1");
        String token = signer.sign(granted);
        String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.ISO_8859_1);

        for (String secret :
                new String[] {"3f1c2a9e", "esc-77", "contact-5", "escalation", "acknowledge", "nonce-1", "binding-1"}) {
            assertThat(decoded).as("the decoded token").doesNotContain(secret);
            assertThat(token).doesNotContain(secret);
        }
    }

    @Test
    void sealingTheSameGrantTwiceGivesDifferentTokens() throws Exception {
        LinkSigner signer = LinkSigner.fromSpec(OLD_KEY, CLOCK);
        LinkToken granted = token(NOW.plusSeconds(60));

        String first = signer.sign(granted);
        String second = signer.sign(granted);

        assertThat(first).isNotEqualTo(second);
        assertThat(signer.verify(first)).isEqualTo(signer.verify(second));
    }

    @Test
    void aReEncodedTokenIsRefusedSoOneLinkHasOneSpelling() throws Exception {
        LinkSigner signer = LinkSigner.fromSpec(OLD_KEY, CLOCK);
        String token = signer.sign(token(NOW.plusSeconds(60)));
        assertThat(signer.verify(token).nonce()).isEqualTo("nonce-1");

        String padded = token + "=";
        String lastChanged = nonCanonicalLastCharacter(token);
        String standardAlphabet = Base64.getEncoder()
                .withoutPadding()
                .encodeToString(Base64.getUrlDecoder().decode(token));
        for (String respelled : new String[] {padded, token + "==", lastChanged, token + "\n", " " + token}) {
            assertThatThrownBy(() -> signer.verify(respelled))
                    .as("respelled token")
                    .isInstanceOfSatisfying(
                            LinkSigner.InvalidToken.class,
                            e -> assertThat(e.refusal()).isEqualTo(LinkSigner.Refusal.MALFORMED));
        }
        if (!standardAlphabet.equals(token)) {
            assertThatThrownBy(() -> signer.verify(standardAlphabet))
                    .isInstanceOfSatisfying(
                            LinkSigner.InvalidToken.class,
                            e -> assertThat(e.refusal()).isEqualTo(LinkSigner.Refusal.MALFORMED));
        }
    }

    /** The same bytes under a different last character (its unused low bits set), if the length leaves any. */
    private static String nonCanonicalLastCharacter(String token) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int unusedBits = switch (token.length() % 4) {
            case 2 -> 4;
            case 3 -> 2;
            default -> 0;
        };
        if (unusedBits == 0) {
            // No spare bits: a padded spelling is the non-canonical one to try.
            return token + "==";
        }
        int last = alphabet.indexOf(token.charAt(token.length() - 1));
        return token.substring(0, token.length() - 1) + alphabet.charAt(last | 1);
    }

    @Test
    void theBindingTravelsInsideTheToken() throws Exception {
        LinkSigner signer = LinkSigner.fromSpec(OLD_KEY, CLOCK);
        String binding = Links.contactBinding("contact-1", "inv-1", "Sam@Example.org");
        LinkToken granted = new LinkToken(
                Links.PURPOSE_CONTACT, "member-1", "contact-1", "respond", NOW.plusSeconds(60), "nonce-1", binding);

        LinkToken opened = signer.verify(signer.sign(granted));

        assertThat(opened.boundTo(Links.contactBinding("contact-1", "inv-1", "sam@example.org")))
                .isTrue();
        assertThat(opened.boundTo(Links.contactBinding("contact-1", "inv-1", "sam@example.com")))
                .as("another address")
                .isFalse();
        assertThat(opened.boundTo(Links.contactBinding("contact-1", "inv-2", "sam@example.org")))
                .as("a later naming")
                .isFalse();
        assertThat(opened.boundTo(null))
                .as("a contact link is never taken as unbound")
                .isFalse();
        assertThat(signer.verify(signer.sign(token(NOW.plusSeconds(60)))).boundTo(null))
                .isTrue();
    }

    @Test
    void anExpiredTokenIsRefusedAsExpired() {
        LinkSigner signer = LinkSigner.fromSpec(OLD_KEY, CLOCK);
        String token = signer.sign(token(NOW.minusSeconds(1)));

        assertThatThrownBy(() -> signer.verify(token))
                .isInstanceOfSatisfying(
                        LinkSigner.InvalidToken.class,
                        e -> assertThat(e.refusal()).isEqualTo(LinkSigner.Refusal.EXPIRED));
    }

    @Test
    void linksSignedBeforeAKeyRotationStillVerifyWhileTheOldKeyIsListed() throws Exception {
        String sentBefore = LinkSigner.fromSpec(OLD_KEY, CLOCK).sign(token(NOW.plus(Duration.ofDays(1))));
        LinkSigner rotated = LinkSigner.fromSpec(NEW_KEY + "," + OLD_KEY, CLOCK);

        assertThat(rotated.verify(sentBefore).subject()).isEqualTo("ci-1");
        assertThat(rotated.sign(token(NOW.plusSeconds(60))))
                .as("the new key signs")
                .isNotEqualTo(LinkSigner.fromSpec(OLD_KEY, CLOCK).sign(token(NOW.plusSeconds(60))));
        assertThatThrownBy(() -> LinkSigner.fromSpec(NEW_KEY, CLOCK).verify(sentBefore))
                .isInstanceOfSatisfying(
                        LinkSigner.InvalidToken.class,
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
        assertThatThrownBy(() -> LinkSigner.fromSpec(OLD_KEY + "," + OLD_KEY, CLOCK))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> LinkSigner.fromSpec("", CLOCK)).hasMessageContaining("at least one");
    }

    @Test
    void aLinksIdComesFromItsNonceAndRevealsNothing() throws Exception {
        LinkSigner signer = LinkSigner.fromSpec(OLD_KEY, CLOCK);
        LinkToken granted = token(NOW.plusSeconds(60));

        String id = signer.verify(signer.sign(granted)).id();

        assertThat(id)
                .isEqualTo(signer.verify(signer.sign(granted)).id())
                .hasSize(32)
                .doesNotContain("nonce-1");
        assertThat(new LinkToken(Links.PURPOSE_CHECK_IN, "member-1", "ci-1", "answer", NOW.plusSeconds(60), "nonce-2")
                        .id())
                .isNotEqualTo(id);
    }
}
