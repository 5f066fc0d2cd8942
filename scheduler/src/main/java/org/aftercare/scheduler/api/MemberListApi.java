package org.aftercare.scheduler.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.aftercare.events.Json;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.kit.http.HttpProblem;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.http.Routes;
import org.aftercare.scheduler.member.MemberList;

/**
 * {@code GET /api/members}: the paged, filtered member list of the admin API (bearer token). Query:
 * {@code status} (active, paused, discharged), {@code q} (a case-insensitive prefix of the first
 * name or the external id), {@code externalId} (exact), {@code limit} (1 to 200, default 50) and
 * {@code cursor} (the {@code next} of the previous page). Every value is checked (400 naming the
 * parameter). The cursor is opaque and signed with a key derived from the admin token, bound to
 * the filters it was issued for: an altered cursor, or one reused with other filters, is refused
 * with 400. Each row carries only what a list shows (no email, contacts, plan or answers).
 */
public final class MemberListApi {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    private static final int MAC_BYTES = 16;
    private static final int MAX_MEMBER_ID = 36;

    private final MemberList list;
    private final AdminAuth auth;
    private final byte[] cursorKey;

    public MemberListApi(MemberList list, AdminAuth auth) {
        this.list = list;
        this.auth = auth;
        this.cursorKey = auth.derivedKey("member-list-cursor/v1");
    }

    /** The query parameters the list takes; any other is refused. */
    static final List<String> PARAMETERS = List.of("status", "q", "externalId", "limit", "cursor");

    public Routes register(Routes routes) {
        return routes.get("/api/members", MemberApi.admin(auth, this::list));
    }

    private Response list(Request request) {
        Map<String, String> errors = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (String name : request.queryNames()) {
            if (!PARAMETERS.contains(name)) {
                errors.put(name, "not a parameter of the member list (" + String.join(", ", PARAMETERS) + ")");
            } else if (!seen.add(name)) {
                errors.put(name, "given more than once");
            }
        }
        MemberStatus status =
                request.query("status").map(s -> status(s, errors)).orElse(null);
        String q = request.query("q").map(s -> text("q", s, errors)).orElse(null);
        String externalId = request.query("externalId")
                .map(s -> text("externalId", s, errors))
                .orElse(null);
        int limit = request.query("limit").map(s -> limit(s, errors)).orElse(DEFAULT_LIMIT);
        String filters = filters(status, q, externalId);
        String after =
                request.query("cursor").map(s -> after(s, filters, errors)).orElse(null);
        if (!errors.isEmpty()) {
            throw HttpProblem.badRequest("the member list has " + errors.size() + " invalid parameter(s)", errors);
        }
        MemberList.Page page = list.page(new MemberList.Query(status, q, externalId, after, limit));
        ObjectNode out = Json.object();
        ArrayNode members = out.putArray("members");
        for (MemberList.Row row : page.rows()) {
            ObjectNode m = members.addObject();
            m.put("memberId", row.memberId());
            m.put("externalId", row.externalId());
            m.put("firstName", row.firstName());
            m.put("status", Json.tree(row.status()).asText());
            m.put("timeZone", row.timeZone().getId());
            m.put("enrolledAt", row.enrolledAt().toString());
        }
        out.put("next", page.continueAfter().map(id -> cursor(id, filters)).orElse(null));
        return Response.json(200, out);
    }

    private static MemberStatus status(String raw, Map<String, String> errors) {
        for (MemberStatus s : MemberStatus.values()) {
            if (Json.tree(s).asText().equals(raw)) {
                return s;
            }
        }
        errors.put("status", "must be one of active, paused, discharged");
        return null;
    }

    private static String text(String name, String raw, Map<String, String> errors) {
        if (raw.isEmpty() || raw.length() > MemberList.MAX_TEXT) {
            errors.put(name, "must be 1 to " + MemberList.MAX_TEXT + " characters");
            return null;
        }
        if (raw.codePoints()
                .anyMatch(cp -> Character.isISOControl(cp)
                        || Character.getType(cp) == Character.LINE_SEPARATOR
                        || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR)) {
            errors.put(name, "must not contain control characters or line breaks");
            return null;
        }
        return raw;
    }

    private static int limit(String raw, Map<String, String> errors) {
        if (raw.matches("[0-9]{1,3}")) {
            int n = Integer.parseInt(raw);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        }
        errors.put("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        return DEFAULT_LIMIT;
    }

    /** The filters a cursor is bound to (the search text compared case-insensitively, as the query does). */
    private static String filters(MemberStatus status, String q, String externalId) {
        return (status == null ? "" : status.name())
                + "\u0000" + (q == null ? "" : "q:" + q.toLowerCase(Locale.ROOT))
                + "\u0000" + (externalId == null ? "" : "x:" + externalId);
    }

    private String cursor(String afterMemberId, String filters) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(afterMemberId.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(mac(afterMemberId, filters));
    }

    private String after(String cursor, String filters, Map<String, String> errors) {
        int dot = cursor.indexOf('.');
        try {
            if (dot > 0 && dot == cursor.lastIndexOf('.')) {
                Base64.Decoder b64 = Base64.getUrlDecoder();
                String after = new String(b64.decode(cursor.substring(0, dot)), StandardCharsets.UTF_8);
                byte[] presented = b64.decode(cursor.substring(dot + 1));
                // only the canonical spelling: a decoder ignores the unused low bits of a last character
                if (!after.isEmpty()
                        && after.length() <= MAX_MEMBER_ID
                        && MessageDigest.isEqual(presented, mac(after, filters))
                        && cursor.equals(cursor(after, filters))) {
                    return after;
                }
            }
        } catch (IllegalArgumentException e) {
            // not base64url: reported below
        }
        errors.put(
                "cursor", "is not a cursor this list issued for these filters (pass the 'next' of the previous page)");
        return null;
    }

    private byte[] mac(String afterMemberId, String filters) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cursorKey, "HmacSHA256"));
            byte[] full = mac.doFinal((afterMemberId + "\u0000" + filters).getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(full, MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
