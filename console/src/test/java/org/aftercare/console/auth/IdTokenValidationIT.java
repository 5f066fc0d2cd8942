package org.aftercare.console.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ID-token checks of {@link OidcSignIn} against a real provider's keys (discovery and JWKS
 * from mock-oauth2-server): a token signed by the provider for this client and this sign-in's
 * nonce is accepted; one from another issuer, for another audience, with another nonce, expired,
 * tampered with, signed with another key or not signed at all is refused.
 */
class IdTokenValidationIT {

    private static final String CLIENT = "outreach-console";
    private static final String NONCE = "n-0S6_WzA2Mj";

    private static MockOAuth2Server provider;
    private static OidcSignIn oidc;
    private static String issuer;

    @BeforeAll
    static void start() {
        provider = new MockOAuth2Server();
        provider.start();
        issuer = provider.issuerUrl("console").toString();
        oidc = new OidcSignIn(new OidcSignIn.Client(
                issuer,
                CLIENT,
                "secret",
                List.of("openid"),
                URI.create("http://localhost/auth/callback"),
                URI.create("http://localhost/signed-out"),
                "roles",
                "sub"));
    }

    @AfterAll
    static void stop() {
        provider.shutdown();
    }

    private static Map<String, Object> claims() {
        Map<String, Object> c = new HashMap<>();
        c.put("iss", issuer);
        c.put("aud", CLIENT);
        c.put("sub", "staff-17");
        c.put("nonce", NONCE);
        c.put("name", "Sam Ortiz");
        c.put("email", "sam@staff.example.org");
        c.put("roles", List.of("clinician", "cook"));
        return c;
    }

    /** Signed with the key of the provider's issuer {@code keyOf}, claims exactly as given. */
    private static String signed(Map<String, Object> claims, String keyOf, Duration lifetime) {
        return provider.getConfig()
                .getTokenProvider()
                .jwt(claims, lifetime, keyOf)
                .serialize();
    }

    private static String signed(Map<String, Object> claims) {
        return signed(claims, "console", Duration.ofMinutes(5));
    }

    private static void assertRefused(String token) {
        assertThatThrownBy(() -> oidc.validate(token, NONCE))
                .isInstanceOfSatisfying(
                        SignInFailed.class, e -> assertThat(e.kind()).isEqualTo(SignInFailed.Kind.REFUSED));
    }

    @Test
    void aTokenFromTheProviderForThisClientAndNonceIsAccepted() throws Exception {
        SignedIn who = oidc.validate(signed(claims()), NONCE);

        assertThat(who)
                .isEqualTo(new SignedIn(
                        "staff-17", "Sam Ortiz", "sam@staff.example.org", java.util.Set.of(Role.CLINICIAN)));
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() {
        Map<String, Object> c = claims();
        c.put("iss", "https://evil.example/realms/console");
        assertRefused(signed(c));
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        Map<String, Object> c = claims();
        c.put("aud", "some-other-app");
        assertRefused(signed(c));
    }

    @Test
    void aTokenWithAnotherNonceIsRefused() {
        Map<String, Object> c = claims();
        c.put("nonce", "replayed-from-another-sign-in");
        assertRefused(signed(c));
        c.remove("nonce");
        assertRefused(signed(c));
    }

    @Test
    void anExpiredTokenIsRefused() {
        assertRefused(signed(claims(), "console", Duration.ofMinutes(-10)));
    }

    @Test
    void aTamperedTokenIsRefused() {
        String[] parts = signed(claims()).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]));
        String forged = payload.replace("\"clinician\"", "\"admin\"");
        assertThat(forged).isNotEqualTo(payload);
        String token = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes()) + "."
                + parts[2];
        assertRefused(token);
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        assertRefused(signed(claims(), "elsewhere", Duration.ofMinutes(5)));
    }

    @Test
    void anUnsignedTokenIsRefused() throws Exception {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder();
        claims().forEach(b::claim);
        b.expirationTime(new java.util.Date(System.currentTimeMillis() + 300_000));
        b.issueTime(new java.util.Date());
        assertRefused(new PlainJWT(b.build()).serialize());
    }

    @Test
    void rolesAreReadFromAListOrFromWords() {
        assertThat(OidcSignIn.roles(List.of("Supervisor", "x"))).containsExactly(Role.SUPERVISOR);
        assertThat(OidcSignIn.roles("clinician admin")).containsExactlyInAnyOrder(Role.CLINICIAN, Role.ADMIN);
        assertThat(OidcSignIn.roles(null)).isEmpty();
        assertThat(OidcSignIn.roles(42)).isEmpty();
    }
}
