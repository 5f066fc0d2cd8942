package org.aftercare.console.web;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.aftercare.console.auth.Role;
import org.aftercare.console.auth.SessionStore;
import org.aftercare.console.auth.StaffSession;
import org.aftercare.kit.http.Handler;
import org.aftercare.kit.http.HttpProblem;
import org.aftercare.kit.http.MultipartForm;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;

/**
 * Wraps a page handler so that it runs only for a signed-in staff member:
 *
 * <pre>
 * routes.get("/members/{id}", auth.signedIn(this::member));
 * routes.post("/flags/{id}/ack", auth.signedIn(Set.of(Role.SUPERVISOR, Role.ADMIN), this::acknowledge));
 * </pre>
 *
 * Without a live session (none, idle too long, too old) a page request is sent to sign-in and
 * comes back to the page afterwards; any other method is sent to sign-in too (nothing is done).
 * Every request that is not GET or HEAD must carry the session's CSRF token, in the form field
 * {@value #CSRF_FIELD} or the header {@value #CSRF_HEADER}, and must not come from another origin:
 * otherwise 403 with the reason. A handler's {@link StaffSession} is the live one.
 */
public final class Authenticated {

    /** The hidden form field every form carries: {@code <input type="hidden" name="csrf" value="{{csrf}}">}. */
    public static final String CSRF_FIELD = "csrf";

    public static final String CSRF_HEADER = "X-CSRF-Token";

    /** A page that needs a signed-in staff member. */
    @FunctionalInterface
    public interface StaffHandler {
        Response handle(Request request, StaffSession staff) throws Exception;
    }

    /**
     * A form with a file (multipart/form-data), for a {@code Routes.streamed} route: the form is
     * read (its file spooled to disk, never held in memory) only after the session and the role
     * are checked, and the handler runs only when its {@value #CSRF_FIELD} field matches.
     */
    @FunctionalInterface
    public interface UploadHandler {
        Response handle(Request request, StaffSession staff, MultipartForm form) throws Exception;
    }

    private final SessionStore sessions;
    private final Cookies cookies;
    private final Pages pages;
    private final String origin;

    Authenticated(SessionStore sessions, Cookies cookies, Pages pages, URI publicBaseUrl) {
        this.sessions = sessions;
        this.cookies = cookies;
        this.pages = pages;
        this.origin = publicBaseUrl.getScheme() + "://" + publicBaseUrl.getRawAuthority();
    }

    /** Any signed-in staff member (every session has one of the console's roles). */
    public Handler signedIn(StaffHandler handler) {
        return signedIn(Set.of(Role.values()), handler);
    }

    /** A signed-in staff member holding one of {@code anyOf}; others get the 403 page. */
    public Handler signedIn(Set<Role> anyOf, StaffHandler handler) {
        return signedIn(anyOf, "This page is for " + describe(anyOf) + " only.", handler);
    }

    /** As {@link #signedIn(Set, StaffHandler)}, with the 403 page's reason in the page's own words. */
    public Handler signedIn(Set<Role> anyOf, String notAllowed, StaffHandler handler) {
        Set<Role> allowed = Set.copyOf(anyOf);
        return request -> {
            Optional<StaffSession> session = current(request);
            if (session.isEmpty()) {
                return toSignIn(request);
            }
            StaffSession staff = session.get();
            if (!isSafe(request.method())) {
                String refusal = csrfRefusal(request, staff);
                if (refusal != null) {
                    return pages.forbidden(staff, refusal);
                }
            }
            if (staff.roles().stream().noneMatch(allowed::contains)) {
                return pages.forbidden(staff, notAllowed);
            }
            return handler.handle(request, staff);
        };
    }

    /**
     * A signed-in staff member holding one of {@code anyOf} posting a form with a file; others get
     * the 403 page before the body is read. The CSRF token is the form's {@value #CSRF_FIELD} field.
     */
    public Handler upload(Set<Role> anyOf, String notAllowed, Duration readTimeout, UploadHandler handler) {
        Set<Role> allowed = Set.copyOf(anyOf);
        return request -> {
            Optional<StaffSession> session = current(request);
            if (session.isEmpty()) {
                return toSignIn(request);
            }
            StaffSession staff = session.get();
            String refusal = originRefusal(request);
            if (refusal != null) {
                return pages.forbidden(staff, refusal);
            }
            if (staff.roles().stream().noneMatch(allowed::contains)) {
                return pages.forbidden(staff, notAllowed);
            }
            try (MultipartForm form = MultipartForm.read(request, readTimeout)) {
                refusal = tokenRefusal(staff, form.field(CSRF_FIELD).orElse(null));
                if (refusal != null) {
                    return pages.forbidden(staff, refusal);
                }
                return handler.handle(request, staff, form);
            }
        };
    }

    /** The live session of this request, marked as used. */
    Optional<StaffSession> current(Request request) {
        return cookies.read(request).flatMap(sessions::touch);
    }

    private Response toSignIn(Request request) {
        // The page's path is kept for the way back (service-kit's Request shows no raw query);
        // after a refused POST the staff member comes back to the home page.
        String back = isSafe(request.method()) ? request.path() : "/";
        return Response.redirect("/sign-in?return=" + URLEncoder.encode(back, StandardCharsets.UTF_8));
    }

    private String csrfRefusal(Request request, StaffSession staff) {
        String refusal = originRefusal(request);
        if (refusal != null) {
            return refusal;
        }
        String token = request.header(CSRF_HEADER).orElse(null);
        if (token == null) {
            String type = request.header("Content-Type").orElse("");
            if (type.startsWith("application/x-www-form-urlencoded")) {
                try {
                    token = request.form().get(CSRF_FIELD);
                } catch (HttpProblem e) {
                    token = null;
                }
            }
        }
        return tokenRefusal(staff, token);
    }

    private String originRefusal(Request request) {
        // Pages are sent with Referrer-Policy no-referrer, so the browser's own forms say "Origin: null";
        // a named other origin is refused outright, and the token decides for the rest.
        Optional<String> from = request.header("Origin");
        if (from.isPresent() && !from.get().equals("null") && !from.get().equals(origin)) {
            return "The request came from another site, so it was not carried out.";
        }
        return null;
    }

    private static String tokenRefusal(StaffSession staff, String token) {
        if (token == null || token.isEmpty()) {
            return "The form had no security token, so it was not carried out. Reload the page and try again.";
        }
        if (!SessionStore.constantTimeEquals(staff.csrfToken(), token)) {
            return "The form's security token did not match your session, so it was not carried out."
                    + " Reload the page and try again.";
        }
        return null;
    }

    static boolean isSafe(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

    private static String describe(Set<Role> roles) {
        return String.join(" or ", roles.stream().sorted().map(Role::label).toList());
    }
}
