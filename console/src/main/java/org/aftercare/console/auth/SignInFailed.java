package org.aftercare.console.auth;

/**
 * A sign-in that cannot complete. The message is safe to show and log: it never quotes a token,
 * claim value or provider answer.
 */
public final class SignInFailed extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why: decides the status and page. */
    public enum Kind {
        /** The provider could not be reached or answered wrongly: 502. */
        PROVIDER,
        /** The browser's request or the provider's token was not acceptable: 400. */
        REFUSED
    }

    private final Kind kind;

    public SignInFailed(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
