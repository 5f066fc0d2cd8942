package org.aftercare.kit.links;

import java.time.Instant;

/**
 * What a signed link grants: a {@code purpose} (for example {@code checkin}), the {@code subject}
 * it is about (a check-in id, a contact id), the {@code memberId}, an {@code action} (for example
 * {@code answer}, {@code confirm}), an expiry, and a random {@code nonce} that makes each link
 * single-use once the scheduler records it as spent.
 */
public record LinkToken(String purpose, String memberId, String subject, String action, Instant expiresAt, String nonce) {

    public LinkToken {
        for (String part : new String[] {purpose, memberId, subject, action, nonce}) {
            if (part == null || part.isBlank() || part.indexOf('|') >= 0) {
                throw new IllegalArgumentException("token parts must be non-blank and free of '|'");
            }
        }
        if (expiresAt == null) {
            throw new IllegalArgumentException("token expiry is required");
        }
    }
}
