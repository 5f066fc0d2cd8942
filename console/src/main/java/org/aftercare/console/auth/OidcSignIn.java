package org.aftercare.console.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenID Connect sign-in, authorization code flow with PKCE (S256), state and nonce, against any
 * standard provider, through Connect2id's Nimbus SDK: the provider's endpoints and keys come from
 * its discovery document ({@code <issuer>/.well-known/openid-configuration}, read at the first
 * sign-in and kept; read again after a failure), the code is exchanged at its token endpoint, and
 * the ID token is validated by Nimbus's {@link IDTokenValidator}: signature against the provider's
 * JWKS (an unsigned token is refused), issuer, audience (our client id), expiry and the nonce of
 * this sign-in. Roles and the staff id come from the configured claims.
 *
 * <p>Nothing from a token or the provider's answers is logged: only what failed.
 */
public final class OidcSignIn {

    private static final Logger log = LoggerFactory.getLogger(OidcSignIn.class);
    private static final int TIMEOUT_MS = 5_000;

    /** What the provider is asked for and how its answer is read. */
    public record Client(
            String issuer,
            String clientId,
            String clientSecret,
            List<String> scopes,
            URI redirectUri,
            URI postLogoutRedirectUri,
            String rolesClaim,
            String staffIdClaim) {}

    private record Provider(OIDCProviderMetadata metadata, IDTokenValidator validator) {}

    private final Client client;
    private final Issuer issuer;
    private final ClientID clientId;
    private volatile Provider provider;

    public OidcSignIn(Client client) {
        this.client = client;
        this.issuer = new Issuer(client.issuer());
        this.clientId = new ClientID(client.clientId());
    }

    /** Where to send the browser to sign in for this sign-in under way. */
    public URI authorizationRedirect(PendingSignIn signIn) throws SignInFailed {
        Provider p = provider();
        return new AuthenticationRequest.Builder(
                        new ResponseType(ResponseType.Value.CODE),
                        new Scope(client.scopes().toArray(String[]::new)),
                        clientId,
                        client.redirectUri())
                .endpointURI(p.metadata().getAuthorizationEndpointURI())
                .state(new State(signIn.state()))
                .nonce(new Nonce(signIn.nonce()))
                .codeChallenge(new CodeVerifier(signIn.codeVerifier()), CodeChallengeMethod.S256)
                .build()
                .toURI();
    }

    /** Exchanges the code for tokens and validates the ID token; returns who signed in and the raw ID token. */
    public Completed complete(String code, PendingSignIn signIn) throws SignInFailed {
        if (code == null || code.isBlank() || code.length() > 4096) {
            throw new SignInFailed(SignInFailed.Kind.REFUSED, "the provider's answer has no usable code");
        }
        Provider p = provider();
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(
                new AuthorizationCode(code), client.redirectUri(), new CodeVerifier(signIn.codeVerifier()));
        TokenRequest request =
                client.clientSecret() == null || client.clientSecret().isEmpty()
                        ? new TokenRequest(p.metadata().getTokenEndpointURI(), clientId, grant, null)
                        : new TokenRequest(
                                p.metadata().getTokenEndpointURI(),
                                new ClientSecretBasic(clientId, new Secret(client.clientSecret())),
                                grant,
                                null);
        TokenResponse response;
        try {
            HTTPRequest http = request.toHTTPRequest();
            http.setConnectTimeout(TIMEOUT_MS);
            http.setReadTimeout(TIMEOUT_MS);
            response = OIDCTokenResponseParser.parse(http.send());
        } catch (IOException | ParseException e) {
            log.warn("token exchange with the provider failed: {}", e.getClass().getSimpleName());
            throw new SignInFailed(SignInFailed.Kind.PROVIDER, "the sign-in provider could not be reached");
        }
        if (!response.indicatesSuccess()) {
            log.warn(
                    "the provider refused the code: {}",
                    response.toErrorResponse().getErrorObject().getCode());
            throw new SignInFailed(SignInFailed.Kind.REFUSED, "the sign-in provider refused the sign-in");
        }
        JWT idToken = ((OIDCTokenResponse) response.toSuccessResponse())
                .getOIDCTokens()
                .getIDToken();
        if (idToken == null) {
            throw new SignInFailed(SignInFailed.Kind.REFUSED, "the sign-in provider sent no ID token");
        }
        return new Completed(validate(idToken, signIn.nonce()), idToken.getParsedString());
    }

    /** A completed sign-in: who (validated) and the ID token (kept as the hint for sign-out). */
    public record Completed(SignedIn who, String idToken) {}

    /**
     * Validates an ID token as this client expects it and reads who it names. Public for the tests
     * that forge tokens; the sign-in calls it with the token from the token endpoint.
     */
    public SignedIn validate(String idToken, String nonce) throws SignInFailed {
        try {
            return validate(JWTParser.parse(idToken), nonce);
        } catch (java.text.ParseException e) {
            throw new SignInFailed(SignInFailed.Kind.REFUSED, "the ID token is not a JWT");
        }
    }

    private SignedIn validate(JWT idToken, String nonce) throws SignInFailed {
        IDTokenClaimsSet claims;
        try {
            claims = provider().validator().validate(idToken, new Nonce(nonce));
        } catch (BadJOSEException | JOSEException e) {
            log.warn("an ID token was refused: {}", e.getClass().getSimpleName());
            throw new SignInFailed(SignInFailed.Kind.REFUSED, "the ID token is not valid for this console");
        }
        String staffId = stringClaim(claims, client.staffIdClaim());
        if (staffId == null || staffId.isBlank() || staffId.length() > 200) {
            throw new SignInFailed(
                    SignInFailed.Kind.REFUSED,
                    "the ID token has no staff id in its " + client.staffIdClaim() + " claim");
        }
        String name = stringClaim(claims, "name");
        if (name == null) {
            name = stringClaim(claims, "preferred_username");
        }
        return new SignedIn(staffId, name, stringClaim(claims, "email"), roles(claims.getClaim(client.rolesClaim())));
    }

    /** The known roles in a claim: a list of words or one string of words separated by spaces or commas. */
    static Set<Role> roles(Object claim) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (claim instanceof Collection<?> list) {
            for (Object item : list) {
                if (item instanceof String word) {
                    Role.fromClaim(word).ifPresent(roles::add);
                }
            }
        } else if (claim instanceof String words) {
            for (String word : words.split("[\\s,]+")) {
                Role.fromClaim(word).ifPresent(roles::add);
            }
        }
        return roles;
    }

    private static String stringClaim(IDTokenClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String s ? s : null;
    }

    /** The provider's end-session URL for this ID token, when the provider has one. */
    public Optional<URI> endSessionRedirect(String idToken) {
        Provider p;
        try {
            p = provider();
        } catch (SignInFailed e) {
            return Optional.empty();
        }
        URI endpoint = p.metadata().getEndSessionEndpointURI();
        if (endpoint == null) {
            return Optional.empty();
        }
        JWT hint = null;
        if (idToken != null) {
            try {
                hint = JWTParser.parse(idToken);
            } catch (java.text.ParseException e) {
                hint = null;
            }
        }
        return Optional.of(new LogoutRequest(endpoint, hint, client.postLogoutRedirectUri(), null).toURI());
    }

    private Provider provider() throws SignInFailed {
        Provider p = provider;
        if (p != null) {
            return p;
        }
        synchronized (this) {
            if (provider == null) {
                provider = discover();
            }
            return provider;
        }
    }

    private Provider discover() throws SignInFailed {
        try {
            OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(issuer, TIMEOUT_MS, TIMEOUT_MS);
            URL jwks = metadata.getJWKSetURI().toURL();
            JWKSource<SecurityContext> keys = JWKSourceBuilder.create(jwks).build();
            Set<JWSAlgorithm> algorithms = new HashSet<>(
                    metadata.getIDTokenJWSAlgs() == null
                                    || metadata.getIDTokenJWSAlgs().isEmpty()
                            ? List.of(JWSAlgorithm.RS256)
                            : metadata.getIDTokenJWSAlgs());
            // "none" and symmetric algorithms are never accepted for ID tokens here.
            algorithms.removeIf(a -> a.getName().equals("none") || JWSAlgorithm.Family.HMAC_SHA.contains(a));
            IDTokenValidator validator =
                    new IDTokenValidator(issuer, clientId, new JWSVerificationKeySelector<>(algorithms, keys), null);
            log.info("OpenID provider discovered: {}", issuer.getValue());
            return new Provider(metadata, validator);
        } catch (GeneralException | IOException | RuntimeException e) {
            log.warn("OpenID provider discovery failed: {}", e.toString());
            throw new SignInFailed(SignInFailed.Kind.PROVIDER, "the sign-in provider could not be reached");
        }
    }
}
