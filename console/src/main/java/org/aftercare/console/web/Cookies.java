package org.aftercare.console.web;

import java.util.Optional;
import org.aftercare.kit.http.Request;

/**
 * The console's one cookie: the random id of a sign-in under way or of a staff session. HttpOnly,
 * SameSite=Lax (it must come along on the provider's top-level redirect back to the callback),
 * Path=/; with secure cookies also Secure and the {@code __Host-} prefix (the browser then accepts
 * it only from https, for this host alone, for the whole path).
 */
final class Cookies {

    private final String name;
    private final boolean secure;

    Cookies(boolean secure) {
        this.secure = secure;
        this.name = secure ? "__Host-console-session" : "console-session";
    }

    String name() {
        return name;
    }

    /** The id the browser sent, if any (the first of that name; values are base64url only). */
    Optional<String> read(Request request) {
        String header = request.header("Cookie").orElse("");
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
                String value = part.substring(eq + 1).trim();
                return value.matches("[A-Za-z0-9_-]{20,100}") ? Optional.of(value) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The Set-Cookie value that hands the browser this id. */
    String set(String id) {
        return name + "=" + id + "; Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    /** The Set-Cookie value that makes the browser forget it. */
    String clear() {
        return name + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }
}
