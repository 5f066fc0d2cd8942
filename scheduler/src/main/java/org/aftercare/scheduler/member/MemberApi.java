package org.aftercare.scheduler.member;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.aftercare.events.Json;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.kit.http.HttpProblem;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.http.Routes;
import org.aftercare.scheduler.web.AdminAuth;

/** The operators' admin API over members (JSON, bearer token). */
public final class MemberApi {

    private final MemberService members;
    private final AdminAuth auth;
    private final Clock clock;

    public MemberApi(MemberService members, AdminAuth auth, Clock clock) {
        this.members = members;
        this.auth = auth;
        this.clock = clock;
    }

    public Routes register(Routes routes) {
        return routes
                .post("/api/members", auth.guard(this::enroll))
                .get("/api/members/{memberId}", auth.guard(this::get))
                .post("/api/admin/resync", auth.guard(r -> Response.json(202, Map.of("republished", members.resync()))));
    }

    private Response enroll(Request request) {
        JsonNode body;
        try {
            body = Json.mapper().readTree(request.body());
        } catch (IOException e) {
            throw HttpProblem.badRequest("the body is not valid JSON", Map.of());
        }
        MemberService.Enrolled result = members.enroll(EnrollmentParser.parse(body, LocalDate.now(clock.withZone(ZoneOffset.UTC))));
        MemberProfile m = result.member();
        return Response.json(result.created() ? 201 : 200, view(m))
                .withHeader("Location", "/api/members/" + m.memberId());
    }

    private Response get(Request request) {
        return members.find(request.pathParam("memberId"))
                .map(m -> Response.json(200, view(m)))
                .orElseThrow(() -> HttpProblem.notFound("no member with that id"));
    }

    /** The member as the API shows it: the profile without the envelope fields. */
    private static JsonNode view(MemberProfile m) {
        ObjectNode node = Json.mapper().valueToTree(m);
        node.remove(List.of("type", "eventId", "schemaVersion", "occurredAt"));
        return node;
    }
}
