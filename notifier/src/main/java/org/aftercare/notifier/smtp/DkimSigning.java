package org.aftercare.notifier.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.simplejavamail.utils.mail.dkim.Canonicalization;
import org.simplejavamail.utils.mail.dkim.DkimException;
import org.simplejavamail.utils.mail.dkim.DkimMessage;
import org.simplejavamail.utils.mail.dkim.DkimSigner;
import org.simplejavamail.utils.mail.dkim.SigningAlgorithm;

/**
 * Optional DKIM signing (RFC 6376, rsa-sha256, relaxed/relaxed) with the maintained
 * {@code utils-mail-dkim} library: the receiving side can check that mail claiming our domain was
 * sent by us and not changed on the way. The private key never leaves this object; the public key
 * is published by the operator as a DNS TXT record at {@code <selector>._domainkey.<domain>}.
 * No DNS lookup is made when signing (this service may not resolve the public Internet).
 */
public final class DkimSigning {

    private final String domain;
    private final String selector;
    private final RSAPrivateKey key;

    private DkimSigning(String domain, String selector, RSAPrivateKey key) {
        this.domain = domain;
        this.selector = selector;
        this.key = key;
    }

    /**
     * @param privateKey an RSA key in PKCS#8, as PEM ({@code -----BEGIN PRIVATE KEY-----}) or bare
     *     base64 of the DER bytes
     * @throws IllegalArgumentException with a message that never quotes the key
     */
    public static DkimSigning of(String domain, String selector, String privateKey) {
        if (domain == null || !domain.matches("[A-Za-z0-9.-]{1,253}")) {
            throw new IllegalArgumentException("the DKIM domain must be a host name such as example.org");
        }
        if (selector == null || !selector.matches("[A-Za-z0-9._-]{1,63}")) {
            throw new IllegalArgumentException("the DKIM selector must be letters, digits, '.', '_' or '-'");
        }
        String base64 = privateKey == null
                ? ""
                : privateKey.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(base64.getBytes(StandardCharsets.US_ASCII));
            RSAPrivateKey key =
                    (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            if (key.getModulus().bitLength() < 1024) {
                throw new IllegalArgumentException(
                        "the DKIM key must be an RSA key of at least 1024 bits (2048 recommended)");
            }
            return new DkimSigning(domain, selector, key);
        } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
            if (e instanceof IllegalArgumentException iae
                    && iae.getMessage() != null
                    && iae.getMessage().startsWith("the DKIM")) {
                throw iae;
            }
            throw new IllegalArgumentException("the DKIM key is not an RSA private key in PKCS#8 (PEM or base64)");
        }
    }

    public String domain() {
        return domain;
    }

    public String selector() {
        return selector;
    }

    /** A signed copy of a finished message (after {@code saveChanges()}), ready for the transport. */
    public MimeMessage sign(MimeMessage message) throws MessagingException {
        try {
            DkimSigner signer = new DkimSigner(domain, selector, key);
            signer.setSigningAlgorithm(SigningAlgorithm.SHA256_WITH_RSA);
            signer.setHeaderCanonicalization(Canonicalization.RELAXED);
            signer.setBodyCanonicalization(Canonicalization.RELAXED);
            signer.setLengthParam(false);
            signer.setCheckDomainKey(false);
            for (String header : new String[] {"List-Unsubscribe", "List-Unsubscribe-Post", "Message-ID"}) {
                signer.addHeaderToSign(header);
            }
            return new DkimMessage(message, signer);
        } catch (DkimException e) {
            throw new MessagingException("DKIM signing failed: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public String toString() {
        return "DkimSigning[domain=" + domain + ", selector=" + selector + ", key=(hidden)]";
    }
}
