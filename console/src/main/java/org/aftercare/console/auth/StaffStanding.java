package org.aftercare.console.auth;

import java.util.Set;

/**
 * What the console's own staff records say of someone signing in (the provider has already said
 * who they are). Not on record: the roles claim decides, as before the console held staff
 * records. On record and deactivated: refused. On record and active: the record's roles are the
 * session's (an admin's role change in the console takes effect), as long as the provider grants
 * at least one console role at all.
 */
@FunctionalInterface
public interface StaffStanding {

    /** Nobody is on record (a console without staff records). */
    StaffStanding NONE = staffId -> Standing.NOT_ON_RECORD;

    Standing of(String staffId);

    /** @param roles the record's roles (empty when not on record) */
    record Standing(boolean onRecord, boolean active, Set<Role> roles) {

        public static final Standing NOT_ON_RECORD = new Standing(false, true, Set.of());

        public Standing {
            roles = Set.copyOf(roles);
        }
    }
}
