package org.aftercare.console.pages;

/** A query or form value the page cannot use; the message is the reason shown on the 400 page (no values echoed). */
final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String reason) {
        super(reason, null, false, false);
    }
}
