package org.aftercare.scheduler.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.aftercare.kit.http.Handler;
import org.aftercare.kit.http.HttpProblem;
import org.aftercare.kit.http.Response;

/** Guards the admin API with a bearer token: 401 without one, 403 with a wrong one. */
public final class AdminAuth {

    private final byte[] token;

    public AdminAuth(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A secret key for one purpose derived from the admin token (HMAC-SHA256 of the purpose), so
     * every instance sharing the token agrees on it across restarts without another secret.
     */
    public byte[] derivedKey(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    public Handler guard(Handler handler) {
        return request -> {
            String header = request.header("Authorization").orElse("");
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return Response.problem(new HttpProblem(
                                401, "Unauthorized", "send the admin token as 'Authorization: Bearer <token>'"))
                        .withHeader("WWW-Authenticate", "Bearer realm=\"outreach-admin\"");
            }
            byte[] presented = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(presented, token)) {
                return Response.problem(new HttpProblem(403, "Forbidden", "the admin token is not valid"));
            }
            return handler.handle(request);
        };
    }
}
