package org.aftercare.scheduler.web;

import com.samskivert.mustache.Template;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.text.HtmlTemplates;
import org.aftercare.kit.text.SafetyTexts;

/**
 * Renders every member and contact page from the JMustache templates in
 * {@code scheduler/pages/}: a body template ({@code <name>.mustache}) inside
 * {@code layout.mustache}, the frame of every page: small, server-rendered, readable on a phone,
 * no external assets, no scripts, the crisis lines at the foot. Values are escaped (a first name
 * such as {@code <b>Sam</b>} shows as text); the crisis lines and the disclosure texts come from
 * {@link SafetyTexts}, the same bundle the notifier's emails use, as {@code safety.<key>}.
 *
 * <p>Who a page is for decides its foot: a member's page carries the "I need help now" link
 * ({@link #forMember}); a contact's page the short disclosure note ({@link #forContact}), and
 * where it tells the contact something about the member, the disclosure notice too
 * ({@link #forContactAboutMember}); a page for whoever holds a link that no longer works says
 * nothing about anyone ({@link #forAnyone}).
 */
public final class Page {

    static final String TEMPLATES = "scheduler/pages/";
    private static final Locale LOCALE = Locale.ENGLISH;
    private static final String CSP =
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
    private static final HtmlTemplates PAGES = new HtmlTemplates(TEMPLATES, Page.class.getClassLoader());

    /** What a page shows above its foot: a body template and its values. */
    public record Body(String template, Map<String, ?> model) {

        /** A short notice in a box. */
        public static Body note(String text) {
            return new Body("note", Map.of("text", text, "urgent", false));
        }

        /** A short notice in a box marked urgent. */
        public static Body urgentNote(String text) {
            return new Body("note", Map.of("text", text, "urgent", true));
        }

        public static Body of(String template, Map<String, ?> model) {
            return new Body(template, model);
        }
    }

    private enum Foot {
        ANYONE,
        MEMBER,
        CONTACT,
        CONTACT_ABOUT_MEMBER
    }

    private Page() {}

    /** A page for whoever holds the link (an expired, broken or used link): no one's name or help link. */
    public static Response forAnyone(int status, String title, String note) {
        return render(status, title, Body.note(note), Foot.ANYONE, null);
    }

    /** A page for program staff (a staff flag): no help link aimed at them, the crisis lines as on every page. */
    public static Response forStaff(int status, String title, Body body) {
        return render(status, title, body, Foot.ANYONE, null);
    }

    /** A member's page, with an "I need help now" link ({@code helpPath}) that works at any time. */
    public static Response forMember(int status, String title, Body body, String helpPath) {
        return render(status, title, body, Foot.MEMBER, helpPath);
    }

    /** A page for a support contact: no help link aimed at them, the short disclosure note. */
    public static Response forContact(int status, String title, Body body) {
        return render(status, title, body, Foot.CONTACT, null);
    }

    public static Response forContact(int status, String title, String note) {
        return forContact(status, title, Body.note(note));
    }

    /** A contact's page that tells them something about the member: the disclosure notice as well. */
    public static Response forContactAboutMember(int status, String title, Body body) {
        return render(status, title, body, Foot.CONTACT_ABOUT_MEMBER, null);
    }

    /** Kafka or the database did not take the answer: nothing was recorded, the link still works. */
    public static Response tryAgainLater() {
        return forAnyone(
                        503,
                        "Please try again in a minute",
                        "We could not record this just now. Nothing was lost: the link still works, please open it again in a minute.")
                .withHeader("Retry-After", "60");
    }

    /** The member or contact the link was for is no longer in the program's records. */
    public static Response noLongerActive() {
        return forAnyone(410, "This link is no longer active", "There is nothing to do here any more.");
    }

    private static Response render(int status, String title, Body body, Foot foot, String helpPath) {
        Map<String, Object> scope = new HashMap<>(body.model());
        scope.put("safety", SafetyTexts.all(LOCALE));
        String inner = template(body.template()).execute(scope);
        Map<String, Object> frame = new HashMap<>();
        frame.put("lang", LOCALE.getLanguage());
        frame.put("title", title);
        frame.put("body", inner);
        frame.put("safety", SafetyTexts.all(LOCALE));
        frame.put("helpPath", foot == Foot.MEMBER ? helpPath : null);
        frame.put("forContact", foot == Foot.CONTACT || foot == Foot.CONTACT_ABOUT_MEMBER);
        frame.put("disclosureNotice", foot == Foot.CONTACT_ABOUT_MEMBER);
        return Response.html(status, template("layout").execute(frame))
                .withHeader("Content-Security-Policy", CSP)
                .withHeader("X-Frame-Options", "DENY")
                .withHeader("Cache-Control", "no-store");
    }

    private static Template template(String name) {
        return PAGES.template(name);
    }
}
