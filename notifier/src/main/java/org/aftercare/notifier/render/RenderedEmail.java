package org.aftercare.notifier.render;

/**
 * One rendered email: the neutral subject and preview (inbox-visible), the plain text and the HTML
 * body. Holds member data: never log it.
 */
public record RenderedEmail(String subject, String preview, String text, String html) {

    @Override
    public String toString() {
        return "RenderedEmail[subject length " + subject.length() + "]";
    }
}
