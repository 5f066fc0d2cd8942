package org.aftercare.kit.links;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What a signed link grants, as sealed into its token: a {@code purpose} (for example {@code checkin}), the {@code subject}
 * it is about (a check-in id, a contact id), the {@code memberId}, an {@code action} (for example
 * {@code answer}, {@code confirm}), an expiry, a random {@code nonce} that makes each link
 * single-use once the scheduler records it as spent, and an optional {@code binding}: for links
 * sent to a support contact, {@link Links#contactBinding} of the address and the naming the link
 * was sent for, so a link sent to an address the contact no longer has is refused. Purpose,
 * action and subject together make its {@link LinkKind}; new tokens come from {@link LinkKind#grant}.
 */
public record LinkToken(
        String purpose,
        String memberId,
        String subject,
        String action,
        Instant expiresAt,
        String nonce,
        String binding) {

    public LinkToken {
        for (String part : new String[] {purpose, memberId, subject, action, nonce}) {
            if (part == null || part.isBlank() || part.indexOf('|') >= 0) {
                throw new IllegalArgumentException("token parts must be non-blank and free of '|'");
            }
        }
        if (binding != null && (binding.isBlank() || binding.indexOf('|') >= 0)) {
            throw new IllegalArgumentException("a token binding must be non-blank and free of '|'");
        }
        if (expiresAt == null) {
            throw new IllegalArgumentException("token expiry is required");
        }
    }

    /** A token bound to nothing but its subject (member links). */
    public LinkToken(String purpose, String memberId, String subject, String action, Instant expiresAt, String nonce) {
        this(purpose, memberId, subject, action, expiresAt, nonce, null);
    }

    /**
     * A stable id of this one link, from its nonce: the same however the token string is spelled,
     * so single-use bookkeeping and the ids of the actions it causes cannot be dodged by
     * re-encoding the token. Reveals nothing about the member.
     */
    public String id() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("link\u001f" + nonce).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Does this token carry the binding expected now (both absent, or equal)? */
    public boolean boundTo(String expected) {
        return expected == null
                ? binding == null
                : binding != null
                        && MessageDigest.isEqual(
                                binding.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    /** The kind this token is, or empty when its purpose, action and subject fit none. */
    public Optional<LinkKind> kind() {
        return LinkKind.of(this);
    }

    /** Is this token a link of this kind? */
    public boolean isOf(LinkKind kind) {
        return kind.matches(this);
    }
}
