package org.aftercare.kit.links;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies the tokens in email links: HMAC-SHA256 over key id, purpose, member, subject,
 * action, expiry and nonce. Several keys may be configured, each with an id; the first signs, all
 * verify, so a key can be rotated without breaking links already sent. The notifier signs, the
 * scheduler verifies (single use is the scheduler's to record).
 *
 * <p>Token form: {@code base64url(v1|kid|purpose|member|subject|action|expiryEpochSeconds|nonce) "." base64url(mac)}.
 */
public final class LinkSigner {

    /** Why a token was refused; the page shown to a person depends on it. */
    public enum Refusal { MALFORMED, UNKNOWN_KEY, BAD_SIGNATURE, EXPIRED }

    /** A refused token. The message is safe to log: it never holds the token. */
    public static final class InvalidToken extends Exception {
        private static final long serialVersionUID = 1L;
        private final Refusal refusal;

        InvalidToken(Refusal refusal) {
            super("link token refused: " + refusal.name().toLowerCase());
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, byte[]> keys;
    private final String activeKeyId;
    private final Clock clock;

    private LinkSigner(Map<String, byte[]> keys, String activeKeyId, Clock clock) {
        this.keys = keys;
        this.activeKeyId = activeKeyId;
        this.clock = clock;
    }

    /**
     * Parses {@code kid:secret,kid:secret}: the first key signs. Secrets are base64 (standard or
     * URL-safe) of at least 32 bytes.
     */
    public static LinkSigner fromSpec(String spec, Clock clock) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("at least one signing key is required (kid:base64secret)");
        }
        Map<String, byte[]> keys = new LinkedHashMap<>();
        String first = null;
        for (String entry : spec.split(",")) {
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalArgumentException("each key must be written kid:base64secret");
            }
            String kid = entry.substring(0, colon).strip();
            if (!kid.matches("[A-Za-z0-9_-]{1,32}")) {
                throw new IllegalArgumentException("a key id must be 1-32 letters, digits, '-' or '_'");
            }
            byte[] secret;
            try {
                String b64 = entry.substring(colon + 1).strip();
                secret = b64.contains("-") || b64.contains("_") ? B64D.decode(b64) : Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key " + kid + " is not valid base64");
            }
            if (secret.length < 32) {
                throw new IllegalArgumentException("key " + kid + " must be at least 32 bytes");
            }
            if (keys.put(kid, secret) != null) {
                throw new IllegalArgumentException("key id " + kid + " appears twice");
            }
            if (first == null) {
                first = kid;
            }
        }
        return new LinkSigner(Map.copyOf(keys), first, clock);
    }

    /** A fresh random key spec (for the local run and tests). */
    public static String randomSpec(String kid) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return kid + ":" + B64.encodeToString(secret);
    }

    /** A fresh random nonce for a new link. */
    public static String newNonce() {
        byte[] n = new byte[12];
        RANDOM.nextBytes(n);
        return B64.encodeToString(n);
    }

    public String sign(LinkToken token) {
        String payload = String.join("|", "v1", activeKeyId, token.purpose(), token.memberId(), token.subject(),
                token.action(), Long.toString(token.expiresAt().getEpochSecond()), token.nonce());
        byte[] payloadBytes = payload.getBytes(StandardCharsets.UTF_8);
        return B64.encodeToString(payloadBytes) + "." + B64.encodeToString(mac(keys.get(activeKeyId), payloadBytes));
    }

    /** Checks signature and expiry; returns what the token grants. */
    public LinkToken verify(String token) throws InvalidToken {
        if (token == null || token.length() > 1024) {
            throw new InvalidToken(Refusal.MALFORMED);
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            throw new InvalidToken(Refusal.MALFORMED);
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = B64D.decode(token.substring(0, dot));
            signature = B64D.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidToken(Refusal.MALFORMED);
        }
        String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\|", -1);
        if (parts.length != 8 || !parts[0].equals("v1")) {
            throw new InvalidToken(Refusal.MALFORMED);
        }
        byte[] key = keys.get(parts[1]);
        if (key == null) {
            throw new InvalidToken(Refusal.UNKNOWN_KEY);
        }
        if (!MessageDigest.isEqual(mac(key, payload), signature)) {
            throw new InvalidToken(Refusal.BAD_SIGNATURE);
        }
        Instant expiresAt;
        try {
            expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[6]));
        } catch (NumberFormatException e) {
            throw new InvalidToken(Refusal.MALFORMED);
        }
        if (!clock.instant().isBefore(expiresAt)) {
            throw new InvalidToken(Refusal.EXPIRED);
        }
        try {
            return new LinkToken(parts[2], parts[3], parts[4], parts[5], expiresAt, parts[7]);
        } catch (IllegalArgumentException e) {
            throw new InvalidToken(Refusal.MALFORMED);
        }
    }

    /** A short, stable, non-reversible id of a token, for single-use bookkeeping and logs. */
    public static String fingerprint(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] mac(byte[] key, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
