package org.aftercare.console.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aftercare.console.auth.StaffSession;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.text.HtmlTemplates;

/**
 * Renders the console's pages: a page template (under {@code console/}) inside the frame {@code
 * layout} (landmarks, skip link, the signed-in staff member and the sign-out form with the CSRF
 * token). Escaping is on (service-kit's {@link HtmlTemplates}); the frame is the only place the
 * rendered page body is inserted unescaped. Every page carries a strict Content-Security-Policy:
 * nothing is loaded from anywhere but the console itself.
 */
public final class Pages {

    private final HtmlTemplates templates = new HtmlTemplates("console/", Pages.class.getClassLoader());
    private final String contentSecurityPolicy;

    /** @param providerOrigin the OpenID provider's origin: sign-out forms end there (CSP form-action) */
    public Pages(URI providerOrigin) {
        String origin = providerOrigin.getScheme() + "://" + providerOrigin.getRawAuthority();
        this.contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
                + " frame-ancestors 'none'; form-action 'self' " + origin;
    }

    /**
     * A page for a signed-in staff member.
     *
     * @param template the page body's template
     * @param model what the body template reads; the frame adds {@code staff} and {@code csrf}
     */
    public Response page(int status, String title, String template, StaffSession staff, Map<String, ?> model) {
        return page(status, title, template, staff, model, 0);
    }

    /**
     * A page that reloads itself every {@code refreshSeconds} ({@code <meta http-equiv="refresh">},
     * no script); 0 for none.
     */
    public Response page(
            int status, String title, String template, StaffSession staff, Map<String, ?> model, int refreshSeconds) {
        Map<String, Object> body = new LinkedHashMap<>(model);
        if (staff != null) {
            body.put("csrf", staff.csrfToken());
            body.put("staff", staffModel(staff));
        }
        return frame(status, title, templates.render(template, body), staff, refreshSeconds);
    }

    /** A page for anyone (signed out, refused at sign-in). */
    public Response publicPage(int status, String title, String template, Map<String, ?> model) {
        return frame(status, title, templates.render(template, model), null, 0);
    }

    /** 403 with the reason, for a signed-in staff member or for nobody. */
    public Response forbidden(StaffSession staff, String reason) {
        return page(403, "Not allowed", "forbidden", staff, Map.of("reason", reason));
    }

    /** 404 for a page or record that does not exist (or that the staff member may not know exists). */
    public Response notFound(StaffSession staff) {
        return page(404, "Not found", "not-found", staff, Map.of());
    }

    private Response frame(int status, String title, String body, StaffSession staff, int refreshSeconds) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("title", title);
        model.put("refreshSeconds", refreshSeconds > 0 ? refreshSeconds : null);
        model.put("body", body);
        if (staff != null) {
            model.put("staff", staffModel(staff));
            model.put("csrf", staff.csrfToken());
        }
        return Response.html(status, templates.render("layout", model))
                .withHeader("Content-Security-Policy", contentSecurityPolicy)
                .withHeader("X-Frame-Options", "DENY");
    }

    private static Map<String, Object> staffModel(StaffSession staff) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", staff.name());
        m.put("role", staff.primaryRole().label());
        m.put("staffId", staff.staffId());
        m.put("supervises", staff.seesAllMembers());
        m.put("admin", staff.has(org.aftercare.console.auth.Role.ADMIN));
        return m;
    }
}
