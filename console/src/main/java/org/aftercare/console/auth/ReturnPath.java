package org.aftercare.console.auth;

import java.util.regex.Pattern;

/**
 * The page to come back to after sign-in, kept only when it is a path on this console: it starts
 * with a single {@code /}, has no scheme, host, backslash or control character, so a link such as
 * {@code /sign-in?return=https://evil.example} or {@code //evil.example} cannot send a staff member
 * elsewhere (no open redirect). Anything else becomes {@code /}.
 */
public final class ReturnPath {

    private static final Pattern SAFE = Pattern.compile("/(?![/\\\\])[A-Za-z0-9\\-._~!$&'()*+,;=:@/%?]*");
    private static final int MAX_LENGTH = 2000;

    private ReturnPath() {}

    public static String safe(String candidate) {
        if (candidate == null
                || candidate.length() > MAX_LENGTH
                || !SAFE.matcher(candidate).matches()) {
            return "/";
        }
        if (candidate.startsWith("/sign-in") || candidate.startsWith("/auth/")) {
            return "/";
        }
        return candidate;
    }
}
