package org.aftercare.notifier.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Names a recipient without its address: the HMAC-SHA256, under the notifier's address-hash key
 * ({@code OUTREACH_ADDRESS_HASH_KEY}), of the trimmed, lower-cased address, in hex. Keyed, so that
 * whoever reads the ledger topic cannot confirm a guessed address by hashing it; stable as long as
 * the key is, so a new key forgets every bounced address. The key never appears in
 * {@link #toString()} or in an exception message.
 */
public final class Recipients {

    public static final int MIN_KEY_BYTES = 32;
    /** Marks ledger entries named with this scheme (entries without it used an unkeyed SHA-256). */
    public static final String SCHEME = "hmac-sha256";

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public Recipients(byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("must be at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    /** One keyed MAC per thread (doFinal resets it): looking the algorithm up for every email cost more than the MAC. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " unavailable", e);
        }
    }

    /** From standard or URL-safe base64; the message of a refusal never repeats the value. */
    public static Recipients fromBase64(String encoded) {
        byte[] key;
        try {
            String b64 = encoded.strip();
            key = b64.contains("-") || b64.contains("_")
                    ? Base64.getUrlDecoder().decode(b64)
                    : Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not valid base64");
        }
        return new Recipients(key);
    }

    /**
     * A fresh random key, base64, for the local run and tests only: a deployment keeps one key, since
     * a new key forgets every bounced address.
     */
    public static String randomKey() {
        byte[] key = new byte[MIN_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    public String key(String address) {
        byte[] digest =
                macs.get().doFinal(address.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    @Override
    public String toString() {
        return "Recipients[" + SCHEME + ", key hidden]";
    }
}
