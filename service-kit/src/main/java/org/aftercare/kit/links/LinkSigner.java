package org.aftercare.kit.links;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens the tokens in email links. A token is opaque: the payload (purpose, member,
 * subject, action, expiry, nonce, binding) is encrypted and authenticated with AES-256-GCM, so a
 * person who sees a link (a shared mailbox, a forwarded email) learns nothing about whom or what it
 * is for, and nobody without the key can make or change one. Several keys may be configured, each
 * with an id; the first seals, all open, so a key can be rotated without breaking links already
 * sent. The notifier seals, the scheduler opens (single use is the scheduler's to record, by
 * {@link LinkToken#id()}).
 *
 * <p>Token form: {@code base64url(0x02 | len(kid) | kid | iv[12] | AES-GCM(payload, aad = the bytes
 * before the iv))}, unpadded. Only the canonical spelling is accepted: padding, characters outside
 * the URL-safe alphabet and non-zero trailing bits are refused, so one link has exactly one string.
 * Each configured secret is stretched into the AES key with HMAC-SHA256 under a fixed label.
 */
public final class LinkSigner {

    /** Why a token was refused; the page shown to a person depends on it. */
    public enum Refusal {
        MALFORMED,
        UNKNOWN_KEY,
        BAD_SIGNATURE,
        EXPIRED
    }

    /** A refused token. The message is safe to log: it never holds the token. */
    public static final class InvalidToken extends Exception {
        private static final long serialVersionUID = 1L;
        private final Refusal refusal;

        InvalidToken(Refusal refusal) {
            super("link token refused: " + refusal.name().toLowerCase(), null, false, false);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    private static final byte VERSION = 2;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int MAX_TOKEN_LENGTH = 1024;
    private static final byte[] KEY_LABEL = "outreach link token v2".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    /**
     * Nonces and IVs from a DRBG of each thread's own (NIST SP 800-90A Hash_DRBG, seeded from the
     * system's entropy source when the thread first asks): the JDK's default on Linux,
     * NativePRNG, takes one lock for every caller and reads the kernel's source under it, and the
     * notifier's workers asked it twice for each of an email's links.
     */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(() -> {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no DRBG", e);
        }
    });

    private final Map<String, SecretKeySpec> keys;
    private final String activeKeyId;
    private final Clock clock;

    private LinkSigner(Map<String, SecretKeySpec> keys, String activeKeyId, Clock clock) {
        this.keys = keys;
        this.activeKeyId = activeKeyId;
        this.clock = clock;
    }

    /**
     * Parses {@code kid:secret,kid:secret}: the first key seals. Secrets are base64 (standard or
     * URL-safe) of at least 32 bytes.
     */
    public static LinkSigner fromSpec(String spec, Clock clock) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("at least one signing key is required (kid:base64secret)");
        }
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
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
                secret = b64.contains("-") || b64.contains("_")
                        ? B64D.decode(b64)
                        : Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key " + kid + " is not valid base64");
            }
            if (secret.length < 32) {
                throw new IllegalArgumentException("key " + kid + " must be at least 32 bytes");
            }
            if (keys.put(kid, new SecretKeySpec(hmac(secret, KEY_LABEL), "AES")) != null) {
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
        RANDOM.get().nextBytes(secret);
        return kid + ":" + B64.encodeToString(secret);
    }

    /** A fresh random nonce for a new link. */
    public static String newNonce() {
        byte[] n = new byte[12];
        RANDOM.get().nextBytes(n);
        return B64.encodeToString(n);
    }

    /** Seals what a link grants into an opaque token. */
    public String sign(LinkToken token) {
        String payload = String.join(
                "|",
                token.purpose(),
                token.memberId(),
                token.subject(),
                token.action(),
                Long.toString(token.expiresAt().getEpochSecond()),
                token.nonce(),
                token.binding() == null ? "" : token.binding());
        byte[] header = header(activeKeyId);
        byte[] iv = new byte[IV_BYTES];
        RANDOM.get().nextBytes(iv);
        byte[] sealed =
                crypt(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), iv, header, payload.getBytes(StandardCharsets.UTF_8));
        ByteBuffer out = ByteBuffer.allocate(header.length + iv.length + sealed.length);
        out.put(header).put(iv).put(sealed);
        return B64.encodeToString(out.array());
    }

    /** Checks integrity, canonical form and expiry; returns what the token grants. */
    public LinkToken verify(String token) throws InvalidToken {
        byte[] raw = decodeCanonical(token);
        if (raw.length < 2 || raw[0] != VERSION) {
            throw new InvalidToken(Refusal.MALFORMED);
        }
        int kidLength = raw[1] & 0xff;
        int headerLength = 2 + kidLength;
        if (kidLength == 0 || raw.length < headerLength + IV_BYTES + TAG_BITS / 8) {
            throw new InvalidToken(Refusal.MALFORMED);
        }
        String kid = new String(raw, 2, kidLength, StandardCharsets.US_ASCII);
        SecretKeySpec key = keys.get(kid);
        if (key == null) {
            throw new InvalidToken(Refusal.UNKNOWN_KEY);
        }
        byte[] header = Arrays.copyOfRange(raw, 0, headerLength);
        byte[] iv = Arrays.copyOfRange(raw, headerLength, headerLength + IV_BYTES);
        byte[] payload;
        try {
            payload = open(key, iv, header, Arrays.copyOfRange(raw, headerLength + IV_BYTES, raw.length));
        } catch (AEADBadTagException e) {
            throw new InvalidToken(Refusal.BAD_SIGNATURE);
        }
        String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\|", -1);
        if (parts.length != 7) {
            throw new InvalidToken(Refusal.MALFORMED);
        }
        Instant expiresAt;
        try {
            expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[4]));
        } catch (NumberFormatException | DateTimeException e) {
            throw new InvalidToken(Refusal.MALFORMED);
        }
        if (!clock.instant().isBefore(expiresAt)) {
            throw new InvalidToken(Refusal.EXPIRED);
        }
        try {
            return new LinkToken(
                    parts[0], parts[1], parts[2], parts[3], expiresAt, parts[5], parts[6].isEmpty() ? null : parts[6]);
        } catch (IllegalArgumentException e) {
            throw new InvalidToken(Refusal.MALFORMED);
        }
    }

    /** The bytes of a token spelled exactly as {@link #sign} spells it, or MALFORMED. */
    private static byte[] decodeCanonical(String token) throws InvalidToken {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidToken(Refusal.MALFORMED);
        }
        for (int i = 0; i < token.length(); i++) {
            char ch = token.charAt(i);
            boolean ok = (ch >= 'A' && ch <= 'Z')
                    || (ch >= 'a' && ch <= 'z')
                    || (ch >= '0' && ch <= '9')
                    || ch == '-'
                    || ch == '_';
            if (!ok) {
                throw new InvalidToken(Refusal.MALFORMED);
            }
        }
        byte[] raw;
        try {
            raw = B64D.decode(token);
        } catch (IllegalArgumentException e) {
            throw new InvalidToken(Refusal.MALFORMED);
        }
        // The decoder ignores non-zero trailing bits, so two spellings could give the same bytes.
        if (!B64.encodeToString(raw).equals(token)) {
            throw new InvalidToken(Refusal.MALFORMED);
        }
        return raw;
    }

    private static byte[] header(String kid) {
        byte[] id = kid.getBytes(StandardCharsets.US_ASCII);
        byte[] header = new byte[2 + id.length];
        header[0] = VERSION;
        header[1] = (byte) id.length;
        System.arraycopy(id, 0, header, 2, id.length);
        return header;
    }

    private static byte[] open(SecretKeySpec key, byte[] iv, byte[] aad, byte[] sealed) throws AEADBadTagException {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * One AES-GCM cipher per thread, initialised afresh (new IV) for every link: looking the
     * algorithm up through the providers for each link cost more than sealing it.
     */
    private static final ThreadLocal<Cipher> SEALING = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    });

    private static byte[] crypt(int mode, SecretKeySpec key, byte[] iv, byte[] aad, byte[] input) {
        try {
            Cipher cipher = SEALING.get();
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad);
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
