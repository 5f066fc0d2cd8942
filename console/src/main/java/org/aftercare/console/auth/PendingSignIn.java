package org.aftercare.console.auth;

import java.time.Instant;

/**
 * A sign-in under way: the values sent to the provider that its answer must match (state), that the
 * ID token must carry (nonce) and that prove the code is ours (the PKCE verifier), and the page to
 * return to.
 */
public record PendingSignIn(String state, String nonce, String codeVerifier, String returnPath, Instant startedAt) {}
