package org.aftercare.console.auth;

import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A signed-in staff member as every page sees them: who (the staff id from the configured claim,
 * the name and email from the ID token), what they may do, the CSRF token their forms carry, and
 * when the session began and was last used (for the idle and absolute timeouts).
 *
 * @param roles never empty: a sign-in without a known role gets no session
 */
public record StaffSession(
        String staffId,
        String name,
        String email,
        Set<Role> roles,
        String csrfToken,
        Instant createdAt,
        Instant lastSeenAt) {

    public StaffSession {
        Objects.requireNonNull(staffId, "staffId");
        Objects.requireNonNull(csrfToken, "csrfToken");
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a session has at least one role");
        }
        roles = Set.copyOf(EnumSet.copyOf(roles));
        name = name == null || name.isBlank() ? staffId : name;
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** A supervisor or admin: sees every member. */
    public boolean seesAllMembers() {
        return has(Role.SUPERVISOR) || has(Role.ADMIN);
    }

    /** The highest role, shown beside the name. */
    public Role primaryRole() {
        return roles.stream().max(Comparator.naturalOrder()).orElseThrow();
    }

    StaffSession withRoles(Set<Role> newRoles) {
        return new StaffSession(staffId, name, email, newRoles, csrfToken, createdAt, lastSeenAt);
    }

    StaffSession seenAt(Instant now) {
        return new StaffSession(staffId, name, email, roles, csrfToken, createdAt, now);
    }
}
