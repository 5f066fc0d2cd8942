package org.aftercare.console.auth;

import java.util.Locale;
import java.util.Optional;

/** What a staff member may do in the console, from the provider's roles claim. */
public enum Role {
    /** Sees the members whose care team includes them. */
    CLINICIAN,
    /** Sees all members and the program overview. */
    SUPERVISOR,
    /** A supervisor who also manages staff. */
    ADMIN;

    /** The claim value ({@code clinician}, {@code supervisor}, {@code admin}, any case); empty for any other word. */
    public static Optional<Role> fromClaim(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "clinician" -> Optional.of(CLINICIAN);
            case "supervisor" -> Optional.of(SUPERVISOR);
            case "admin" -> Optional.of(ADMIN);
            default -> Optional.empty();
        };
    }

    /** The word shown to staff and written in the claim. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
