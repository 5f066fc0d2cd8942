package org.aftercare.console.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's server-side sessions, in memory (one instance; a restart signs everyone out, and
 * several replicas would need sticky sessions or a shared store: a later step). The browser holds
 * only a random 256-bit id in a cookie. Two kinds live under that one cookie:
 *
 * <ul>
 *   <li>a sign-in under way ({@link PendingSignIn}: state, nonce, PKCE verifier, return path),
 *       kept for {@link #SIGN_IN_WINDOW};
 *   <li>a staff session ({@link StaffSession}), opened under a <em>new</em> id when the sign-in
 *       completes (the id is rotated, so an id planted before sign-in is worthless after it), and
 *       over after the idle timeout since it was last used or the absolute timeout since it began.
 * </ul>
 *
 * Time comes from the clock given (tests drive it).
 */
public final class SessionStore {

    /** How long a browser has to come back from the provider. */
    public static final Duration SIGN_IN_WINDOW = Duration.ofMinutes(10);

    /** Sign-ins under way beyond this are refused until some expire (a bound on memory). */
    static final int MAX_PENDING = 10_000;

    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration absoluteTimeout;
    private final Map<String, PendingSignIn> pending = new ConcurrentHashMap<>();
    private final Map<String, Open> sessions = new ConcurrentHashMap<>();

    private record Open(StaffSession session, String idToken) {}

    public SessionStore(Clock clock, Duration idleTimeout, Duration absoluteTimeout) {
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.absoluteTimeout = absoluteTimeout;
    }

    /** Starts a sign-in; returns the cookie id it is kept under. */
    public String beginSignIn(String returnPath) {
        Instant now = clock.instant();
        if (pending.size() >= MAX_PENDING) {
            sweep(now);
            if (pending.size() >= MAX_PENDING) {
                throw new IllegalStateException("too many sign-ins under way");
            }
        }
        String id = RandomTokens.next();
        pending.put(
                id,
                new PendingSignIn(
                        RandomTokens.next(),
                        RandomTokens.next(),
                        RandomTokens.next(),
                        ReturnPath.safe(returnPath),
                        now));
        return id;
    }

    /** The sign-in under way for this cookie id, if it has not expired. */
    public Optional<PendingSignIn> pendingSignIn(String cookieId) {
        if (cookieId == null) {
            return Optional.empty();
        }
        PendingSignIn p = pending.get(cookieId);
        if (p == null || clock.instant().isAfter(p.startedAt().plus(SIGN_IN_WINDOW))) {
            return Optional.empty();
        }
        return Optional.of(p);
    }

    /**
     * Ends the sign-in under {@code cookieId} (it can be completed once only) and, when {@code
     * state} is the one it was started with, hands it over.
     */
    public Optional<PendingSignIn> takeSignIn(String cookieId, String state) {
        Optional<PendingSignIn> found = pendingSignIn(cookieId);
        if (cookieId != null) {
            pending.remove(cookieId);
        }
        return found.filter(p -> state != null && constantTimeEquals(p.state(), state));
    }

    /** Opens a staff session under a fresh id (the rotation at sign-in); returns that id. */
    public String open(SignedIn who, String idToken) {
        Instant now = clock.instant();
        String id = RandomTokens.next();
        sessions.put(
                id,
                new Open(
                        new StaffSession(
                                who.staffId(), who.name(), who.email(), who.roles(), RandomTokens.next(), now, now),
                        idToken));
        return id;
    }

    /**
     * The live session under this cookie id, marked as used now; empty (and the session ended)
     * when it has been idle too long or has lived too long.
     */
    public Optional<StaffSession> touch(String cookieId) {
        if (cookieId == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Open open = sessions.get(cookieId);
        if (open == null) {
            return Optional.empty();
        }
        StaffSession s = open.session();
        if (!now.isBefore(s.lastSeenAt().plus(idleTimeout))
                || !now.isBefore(s.createdAt().plus(absoluteTimeout))) {
            sessions.remove(cookieId);
            return Optional.empty();
        }
        StaffSession seen = s.seenAt(now);
        sessions.put(cookieId, new Open(seen, open.idToken()));
        return Optional.of(seen);
    }

    /** Ends the session; returns the ID token it was opened with (a hint for the provider's sign-out). */
    public Optional<String> close(String cookieId) {
        if (cookieId == null) {
            return Optional.empty();
        }
        pending.remove(cookieId);
        Open open = sessions.remove(cookieId);
        return open == null ? Optional.empty() : Optional.ofNullable(open.idToken());
    }

    /** Ends every open session of this staff member (their record was deactivated); returns how many. */
    public int endSessionsOf(String staffId) {
        int[] ended = {0};
        sessions.values().removeIf(o -> {
            boolean theirs = o.session().staffId().equals(staffId);
            if (theirs) {
                ended[0]++;
            }
            return theirs;
        });
        return ended[0];
    }

    /** Gives every open session of this staff member these roles (an admin changed their record). */
    public void changeRoles(String staffId, Set<Role> roles) {
        if (roles.isEmpty()) {
            endSessionsOf(staffId);
            return;
        }
        sessions.replaceAll((id, o) ->
                o.session().staffId().equals(staffId) ? new Open(o.session().withRoles(roles), o.idToken()) : o);
    }

    /** Sessions open now (expired ones are dropped first). */
    public int openSessions() {
        sweep(clock.instant());
        return sessions.size();
    }

    /** Drops expired sign-ins and sessions. */
    public void sweep(Instant now) {
        for (Iterator<PendingSignIn> it = pending.values().iterator(); it.hasNext(); ) {
            if (now.isAfter(it.next().startedAt().plus(SIGN_IN_WINDOW))) {
                it.remove();
            }
        }
        sessions.values()
                .removeIf(o -> !now.isBefore(o.session().lastSeenAt().plus(idleTimeout))
                        || !now.isBefore(o.session().createdAt().plus(absoluteTimeout)));
    }

    /** Compares secrets without leaking where they differ through timing. */
    public static boolean constantTimeEquals(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
