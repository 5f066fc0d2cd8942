package org.aftercare.console.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import org.aftercare.console.auth.OidcSignIn;
import org.aftercare.console.auth.SessionStore;
import org.aftercare.console.auth.StaffStanding;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.http.Routes;

/**
 * The console's public web side put together: sign-in and sign-out, the style
 * sheet, and the {@link Authenticated} helper and {@link Pages} renderer that later pages use.
 */
public final class ConsoleWeb {

    private final Pages pages;
    private final Authenticated auth;
    private final SignInPages signIn;
    private final byte[] css;

    public ConsoleWeb(SessionStore sessions, OidcSignIn oidc, URI publicBaseUrl, URI issuer, boolean secureCookies) {
        this(sessions, oidc, publicBaseUrl, issuer, secureCookies, StaffStanding.NONE);
    }

    /** @param standings what the console's staff records say at sign-in (deactivated: refused; roles) */
    public ConsoleWeb(
            SessionStore sessions,
            OidcSignIn oidc,
            URI publicBaseUrl,
            URI issuer,
            boolean secureCookies,
            StaffStanding standings) {
        Cookies cookies = new Cookies(secureCookies);
        this.pages = new Pages(issuer);
        this.auth = new Authenticated(sessions, cookies, pages, publicBaseUrl);
        this.signIn = new SignInPages(sessions, oidc, cookies, pages, auth, standings);
        try (InputStream in = ConsoleWeb.class.getClassLoader().getResourceAsStream("console/console.css")) {
            if (in == null) {
                throw new IllegalStateException("missing console/console.css");
            }
            this.css = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds the sign-in, sign-out and asset routes (the pages over the read model are added by the service). */
    public Routes register(Routes routes) {
        signIn.register(routes);
        routes.get("/assets/console.css", request -> new Response(200, "text/css; charset=utf-8", css, Map.of()));
        return routes;
    }

    /** Wraps page handlers so they run only for signed-in staff (and check CSRF on changes). */
    public Authenticated auth() {
        return auth;
    }

    /** Renders pages in the console's frame, and the 403 and 404 pages. */
    public Pages pages() {
        return pages;
    }
}
