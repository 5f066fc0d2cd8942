package org.aftercare.console.auth;

import java.security.SecureRandom;
import java.util.Base64;

/** 256-bit random values, base64url without padding: session ids and CSRF tokens. */
final class RandomTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomTokens() {}

    static String next() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
