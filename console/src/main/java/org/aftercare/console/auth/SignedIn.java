package org.aftercare.console.auth;

import java.util.Set;

/** Who the provider says signed in, from a validated ID token. {@code roles} may be empty. */
public record SignedIn(String staffId, String name, String email, Set<Role> roles) {

    public SignedIn {
        roles = Set.copyOf(roles);
    }
}
