package org.aftercare.scheduler.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aftercare.events.Json;
import org.aftercare.events.profile.Away;
import org.aftercare.events.profile.ExitEvent;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.SupportContact;
import org.aftercare.kit.http.Handler;
import org.aftercare.kit.http.HttpProblem;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.http.Routes;
import org.aftercare.scheduler.checkin.CheckInLog;
import org.aftercare.scheduler.member.EnrollmentParser;
import org.aftercare.scheduler.member.MemberChanges;
import org.aftercare.scheduler.member.MemberContacts;
import org.aftercare.scheduler.member.MemberLifecycle;
import org.aftercare.scheduler.member.MemberProblem;
import org.aftercare.scheduler.member.Members;
import org.aftercare.scheduler.member.ProfileOutbox;
import org.aftercare.scheduler.roster.RosterImport;

/**
 * The operators' admin API over members (JSON, bearer token): enroll, read, update (PUT replaces
 * the editable fields, PATCH merges an RFC 7396 patch into them; both checked like an enrollment),
 * pause, resume, discharge, erase, support contacts, check-ins, exit events, a planned absence
 * ("away"), CSV import and resync (member profiles; staff routes are {@link StaffApi}'s, and staff are the console's). Errors are
 * RFC 9457 problem details with a reason per field. Described by {@code /api/openapi.json}.
 */
public final class MemberApi {

    private static final String MEMBER = "/api/members/{memberId}";
    private static final String CONTACT = MEMBER + "/contacts/{contactId}";

    private final MemberLifecycle lifecycle;
    private final MemberContacts contacts;
    private final MemberChanges changes;
    private final ProfileOutbox outbox;
    private final CheckInLog checkIns;
    private final RosterImport roster;
    private final AdminAuth auth;
    private final Clock clock;

    public MemberApi(Members members, CheckInLog checkIns, RosterImport roster, AdminAuth auth, Clock clock) {
        this.lifecycle = members.lifecycle();
        this.contacts = members.contacts();
        this.changes = members.changes();
        this.outbox = members.outbox();
        this.checkIns = checkIns;
        this.roster = roster;
        this.auth = auth;
        this.clock = clock;
    }

    public Routes register(Routes routes) {
        return routes.get("/api/openapi.json", r -> openApi())
                .post("/api/members", admin(this::enroll))
                .post("/api/members/import", admin(this::importRoster))
                .get(MEMBER, admin(this::get))
                .put(MEMBER, admin(r -> update(r, false)))
                .patch(MEMBER, admin(r -> update(r, true)))
                .delete(MEMBER, admin(this::erase))
                .post(MEMBER + "/pause", admin(r -> Response.json(200, view(lifecycle.pause(r.pathParam("memberId"))))))
                .post(
                        MEMBER + "/resume",
                        admin(r -> Response.json(200, view(lifecycle.resume(r.pathParam("memberId"))))))
                .post(
                        MEMBER + "/discharge",
                        admin(r -> Response.json(200, view(lifecycle.discharge(r.pathParam("memberId"))))))
                .get(MEMBER + "/checkins", admin(this::listCheckIns))
                .post(MEMBER + "/contacts", admin(this::addContact))
                .put(CONTACT, admin(r -> updateContact(r, false)))
                .patch(CONTACT, admin(r -> updateContact(r, true)))
                .delete(CONTACT, admin(this::removeContact))
                .post(MEMBER + "/exit-events", admin(this::addExitEvent))
                .put(MEMBER + "/away", admin(this::setAway))
                .delete(
                        MEMBER + "/away",
                        admin(r -> Response.json(200, view(lifecycle.clearAway(r.pathParam("memberId"))))))
                .post("/api/admin/resync", admin(r -> resync()));
    }

    private Response resync() {
        return Response.json(202, Map.of("republished", outbox.resync()));
    }

    private Response addExitEvent(Request request) {
        MemberProfile m = find(request.pathParam("memberId"));
        ExitEvent event = EnrollmentParser.parseExitEvent(
                body(request), clock.instant().atZone(m.timeZone()).toLocalDate());
        return Response.json(201, view(lifecycle.addExitEvent(m.memberId(), event)));
    }

    /** Staff set the member away: {@code until} (YYYY-MM-DD, member-local) and {@code keepPrompts}. */
    private Response setAway(Request request) {
        JsonNode body = body(request);
        Map<String, String> errors = new LinkedHashMap<>();
        LocalDate until = null;
        JsonNode u = body.get("until");
        if (u == null || !u.isTextual()) {
            errors.put("until", "is required: the last day away, written YYYY-MM-DD");
        } else {
            try {
                until = LocalDate.parse(u.asText());
            } catch (DateTimeException e) {
                errors.put("until", "must be a date written YYYY-MM-DD");
            }
        }
        JsonNode keep = body.get("keepPrompts");
        if (keep == null || !keep.isBoolean()) {
            errors.put("keepPrompts", "is required: true keeps the check-in prompts coming, false pauses them");
        }
        if (!errors.isEmpty()) {
            throw HttpProblem.badRequest("the absence has " + errors.size() + " invalid field(s)", errors);
        }
        return Response.json(
                200, view(lifecycle.setAway(request.pathParam("memberId"), until, keep.asBoolean(), Away.SetBy.STAFF)));
    }

    private Handler admin(Handler handler) {
        return admin(auth, handler);
    }

    /** An admin handler: the token checked, then the member domain's refusals answered as problem details. */
    static Handler admin(AdminAuth auth, Handler handler) {
        return auth.guard(request -> {
            try {
                return handler.handle(request);
            } catch (MemberProblem p) {
                throw problemOf(p);
            }
        });
    }

    /** A refusal of the member domain as the problem details the API answers with: 400, 404 or 409. */
    static HttpProblem problemOf(MemberProblem p) {
        return switch (p.kind()) {
            case INVALID -> HttpProblem.badRequest(p.getMessage(), p.errors());
            case NOT_FOUND -> new HttpProblem(404, "Not found", p.getMessage(), p.errors());
            case CONFLICT -> new HttpProblem(409, "Conflict", p.getMessage(), p.errors());
        };
    }

    private static Response openApi() {
        try (InputStream in = MemberApi.class.getResourceAsStream("/openapi.json")) {
            return new Response(200, "application/json", in.readAllBytes(), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode body(Request request) {
        try {
            JsonNode body = Json.reader().readTree(request.body());
            if (body == null || !body.isObject()) {
                throw HttpProblem.badRequest("the body must be a JSON object", Map.of());
            }
            return body;
        } catch (IOException e) {
            throw HttpProblem.badRequest("the body is not valid JSON", Map.of());
        }
    }

    private Response enroll(Request request) {
        MemberLifecycle.Enrolled result = lifecycle.enroll(EnrollmentParser.parse(body(request), clock.instant()));
        MemberProfile m = result.member();
        return Response.json(result.created() ? 201 : 200, view(m))
                .withHeader("Location", "/api/members/" + m.memberId());
    }

    private Response get(Request request) {
        return Response.json(200, view(find(request.pathParam("memberId"))));
    }

    private MemberProfile find(String memberId) {
        return changes.find(memberId).orElseThrow(() -> HttpProblem.notFound("no member with that id"));
    }

    private Response update(Request request, boolean merge) {
        String memberId = request.pathParam("memberId");
        JsonNode body = body(request);
        Map<String, String> refused = new LinkedHashMap<>();
        for (String field : List.of("memberId", "revision", "status", "contacts", "away")) {
            if (body.has(field)) {
                refused.put(
                        field,
                        switch (field) {
                            case "status" -> "changes through /pause, /resume and /discharge";
                            case "contacts" -> "are managed at /api/members/{memberId}/contacts";
                            case "away" -> "is set at /api/members/{memberId}/away";
                            default -> "is assigned by the scheduler and cannot be changed";
                        });
            }
        }
        if (!refused.isEmpty()) {
            throw HttpProblem.badRequest("the update has " + refused.size() + " field(s) it cannot change", refused);
        }
        JsonNode document = merge ? mergePatch(editable(find(memberId)), body) : body;
        return Response.json(200, view(lifecycle.update(memberId, EnrollmentParser.parse(document, clock.instant()))));
    }

    private Response erase(Request request) {
        if (!lifecycle.erase(request.pathParam("memberId"))) {
            throw HttpProblem.notFound("no member with that id");
        }
        return Response.empty(204);
    }

    private Response listCheckIns(Request request) {
        MemberProfile m = find(request.pathParam("memberId"));
        int upcoming = limit(request, "upcoming", 5, 50);
        int recent = limit(request, "recent", 20, 200);
        ObjectNode out = Json.object();
        out.put("memberId", m.memberId());
        out.put("status", Json.tree(m.status()).asText());
        out.set("upcoming", Json.tree(checkIns.upcoming(m, upcoming)));
        out.set("recent", Json.tree(checkIns.recent(m.memberId(), recent)));
        return Response.json(200, out);
    }

    private static int limit(Request request, String name, int fallback, int max) {
        String raw = request.query(name).orElse(null);
        if (raw == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(raw);
            if (n >= 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw HttpProblem.badRequest(
                "a query parameter is invalid", Map.of(name, "must be a whole number from 0 to " + max));
    }

    private Response addContact(Request request) {
        String memberId = request.pathParam("memberId");
        SupportContact k = contacts.addContact(memberId, EnrollmentParser.parseContact(body(request)));
        return Response.json(201, k).withHeader("Location", "/api/members/" + memberId + "/contacts/" + k.contactId());
    }

    private Response updateContact(Request request, boolean merge) {
        String memberId = request.pathParam("memberId");
        String contactId = request.pathParam("contactId");
        JsonNode body = body(request);
        Map<String, String> refused = new LinkedHashMap<>();
        for (String field : List.of("contactId", "state", "invitationId")) {
            if (body.has(field)) {
                refused.put(
                        field,
                        field.equals("state")
                                ? "changes only when the contact answers their invitation or unsubscribes"
                                : "is assigned by the scheduler and cannot be changed");
            }
        }
        if (!refused.isEmpty()) {
            throw HttpProblem.badRequest("the update has " + refused.size() + " field(s) it cannot change", refused);
        }
        JsonNode document = body;
        if (merge) {
            SupportContact current = find(memberId)
                    .contact(contactId)
                    .orElseThrow(() -> HttpProblem.notFound("no contact with that id"));
            ObjectNode editable = Json.tree(current);
            editable.remove(List.of("contactId", "state", "invitationId"));
            document = mergePatch(editable, body);
        }
        return Response.json(200, contacts.updateContact(memberId, contactId, EnrollmentParser.parseContact(document)));
    }

    private Response removeContact(Request request) {
        contacts.removeContact(request.pathParam("memberId"), request.pathParam("contactId"));
        return Response.empty(204);
    }

    private Response importRoster(Request request) {
        String type = request.header("Content-Type").orElse("");
        if (!type.toLowerCase().startsWith("text/csv")) {
            throw new HttpProblem(415, "Unsupported media type", "send the roster as text/csv");
        }
        try (var reader = new InputStreamReader(new ByteArrayInputStream(request.body()), StandardCharsets.UTF_8)) {
            RosterImport.Report report = roster.run(reader, progress -> {});
            return Response.json(200, report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The member as the API shows it: the profile without the envelope fields. */
    static ObjectNode view(MemberProfile m) {
        ObjectNode node = Json.tree(m);
        node.remove(List.of("type", "eventId", "schemaVersion", "occurredAt"));
        return node;
    }

    /** The fields PUT replaces and PATCH merges into. */
    static ObjectNode editable(MemberProfile m) {
        ObjectNode node = view(m);
        node.remove(List.of("memberId", "revision", "status", "contacts", "away"));
        if (node.get("preferences") instanceof ObjectNode prefs) {
            prefs.remove("unsubscribed");
        }
        return node;
    }

    /** RFC 7396 JSON merge patch: objects merge, null removes, anything else replaces. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : Json.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), mergePatch(result.get(e.getKey()), e.getValue()));
            }
        }
        return result;
    }
}
