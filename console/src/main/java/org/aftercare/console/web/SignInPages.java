package org.aftercare.console.web;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.aftercare.console.auth.OidcSignIn;
import org.aftercare.console.auth.PendingSignIn;
import org.aftercare.console.auth.ReturnPath;
import org.aftercare.console.auth.SessionStore;
import org.aftercare.console.auth.SignInFailed;
import org.aftercare.console.auth.SignedIn;
import org.aftercare.console.auth.StaffSession;
import org.aftercare.console.auth.StaffStanding;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.http.Routes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sign-in and sign-out routes:
 *
 * <ul>
 *   <li>{@code GET /sign-in?return=/path}: starts a sign-in (state, nonce, PKCE verifier kept
 *       server-side under a fresh cookie id) and sends the browser to the provider;
 *   <li>{@code GET /auth/callback?code&state}: the provider's answer; the state must match the
 *       sign-in of this browser's cookie; the ID token is validated; a staff member without a
 *       console role, or whose staff record in the console is deactivated, gets the 403 page and
 *       no session; a staff member on record gets the record's roles; otherwise a session is opened under a new
 *       id and the browser goes back to the page it asked for (a same-origin path only);
 *   <li>{@code POST /sign-out} (CSRF-checked): ends the session, clears the cookie and sends the
 *       browser to the provider's end-session endpoint when it has one;
 *   <li>{@code GET /signed-out}: says so.
 * </ul>
 */
final class SignInPages {

    private static final Logger log = LoggerFactory.getLogger(SignInPages.class);

    private final SessionStore sessions;
    private final OidcSignIn oidc;
    private final Cookies cookies;
    private final Pages pages;
    private final Authenticated auth;
    private final StaffStanding standings;

    SignInPages(
            SessionStore sessions,
            OidcSignIn oidc,
            Cookies cookies,
            Pages pages,
            Authenticated auth,
            StaffStanding standings) {
        this.standings = standings;
        this.sessions = sessions;
        this.oidc = oidc;
        this.cookies = cookies;
        this.pages = pages;
        this.auth = auth;
    }

    void register(Routes routes) {
        routes.get("/sign-in", this::signIn);
        routes.get("/auth/callback", this::callback);
        routes.post("/sign-out", auth.signedIn(this::signOut));
        routes.get("/signed-out", this::signedOut);
    }

    private Response signIn(Request request) {
        String back = request.query("return").orElse("/");
        if (auth.current(request).isPresent()) {
            return Response.redirect(ReturnPath.safe(back));
        }
        String id;
        try {
            id = sessions.beginSignIn(back);
        } catch (IllegalStateException e) {
            return pages.publicPage(
                    503,
                    "Sign-in busy",
                    "sign-in-failed",
                    Map.of("reason", "Too many sign-ins are under way. Try again in a few minutes."));
        }
        PendingSignIn pending = sessions.pendingSignIn(id).orElseThrow();
        try {
            URI to = oidc.authorizationRedirect(pending);
            return Response.redirect(to.toString()).withHeader("Set-Cookie", cookies.set(id));
        } catch (SignInFailed e) {
            sessions.close(id);
            return failed(e);
        }
    }

    private Response callback(Request request) {
        Optional<String> cookie = cookies.read(request);
        Optional<PendingSignIn> pending =
                sessions.takeSignIn(cookie.orElse(null), request.query("state").orElse(null));
        if (pending.isEmpty()) {
            return pages.publicPage(
                    400,
                    "Sign-in not recognised",
                    "sign-in-failed",
                    Map.of("reason", "This sign-in was not started here, was already used or took too long."));
        }
        if (request.query("error").isPresent()) {
            return pages.publicPage(
                    400,
                    "Sign-in cancelled",
                    "sign-in-failed",
                    Map.of("reason", "The sign-in provider did not sign you in."));
        }
        try {
            OidcSignIn.Completed done = oidc.complete(request.query("code").orElse(null), pending.get());
            if (done.who().roles().isEmpty()) {
                log.info(
                        "staff member {} signed in without a console role: refused",
                        done.who().staffId());
                return pages.publicPage(
                                403,
                                "No access to the console",
                                "forbidden",
                                Map.of(
                                        "reason",
                                        "You signed in, but your account has no console role (clinician, supervisor or"
                                                + " admin). Ask a program administrator for access.",
                                        "signedOut",
                                        true))
                        .withHeader("Set-Cookie", cookies.clear());
            }
            SignedIn who = done.who();
            StaffStanding.Standing standing = standings.of(who.staffId());
            if (standing.onRecord() && !standing.active()) {
                log.info("staff member {} is deactivated: sign-in refused", who.staffId());
                return pages.publicPage(
                                403,
                                "Account deactivated",
                                "forbidden",
                                Map.of(
                                        "reason",
                                        "Your staff record in the console is deactivated, so you cannot sign in. Ask a"
                                                + " program administrator if this is a mistake.",
                                        "signedOut",
                                        true))
                        .withHeader("Set-Cookie", cookies.clear());
            }
            if (standing.onRecord()) {
                // the console's record holds the roles an admin gave (the provider let them in)
                who = new SignedIn(who.staffId(), who.name(), who.email(), standing.roles());
            }
            String id = sessions.open(who, done.idToken());
            log.info("staff member {} signed in", who.staffId());
            return Response.redirect(pending.get().returnPath()).withHeader("Set-Cookie", cookies.set(id));
        } catch (SignInFailed e) {
            return failed(e);
        }
    }

    private Response signOut(Request request, StaffSession staff) {
        Optional<String> idToken = sessions.close(cookies.read(request).orElse(null));
        log.info("staff member {} signed out", staff.staffId());
        String to =
                oidc.endSessionRedirect(idToken.orElse(null)).map(URI::toString).orElse("/signed-out");
        return Response.redirect(to).withHeader("Set-Cookie", cookies.clear());
    }

    private Response signedOut(Request request) {
        return pages.publicPage(200, "Signed out", "signed-out", Map.of());
    }

    private Response failed(SignInFailed e) {
        int status = switch (e.kind()) {
            case PROVIDER -> 502;
            case REFUSED -> 400;
        };
        return pages.publicPage(status, "Sign-in failed", "sign-in-failed", Map.of("reason", e.getMessage()))
                .withHeader("Set-Cookie", cookies.clear());
    }
}
