package org.aftercare.notifier.smtp;

/**
 * Header injection guard: a header value with a CR or LF could add headers or recipients of an
 * attacker's choosing (a first name or a subject is data). Rejected before anything is sent.
 */
public final class HeaderValues {

    private HeaderValues() {}

    /** Returns the value, or throws a permanent {@link SendFailure} naming the header (not the value). */
    public static String requireSingleLine(String header, String value) throws SendFailure {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\u0000') {
                throw new SendFailure(
                        SendFailure.Kind.PERMANENT,
                        "invalid-header",
                        new IllegalArgumentException("line break in header " + header));
            }
        }
        return value;
    }
}
