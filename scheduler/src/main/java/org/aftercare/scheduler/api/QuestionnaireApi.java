package org.aftercare.scheduler.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import org.aftercare.events.Json;
import org.aftercare.kit.http.Handler;
import org.aftercare.kit.http.HttpProblem;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.http.Routes;
import org.aftercare.scheduler.questionnaire.Occurrence;
import org.aftercare.scheduler.questionnaire.Questionnaires;

/**
 * The admin API over a member's questionnaires (JSON, bearer token): open one now ({@code POST
 * /api/members/{memberId}/questionnaires} with {@code {"instrument": "weekly-reflection"}}) and
 * list them with where each stands (open, completed, expired), never their answers. Refusals are
 * problem details: 400 no such instrument, 404 no such member, 409 an inactive member or an
 * instrument whose wording is not installed.
 */
public final class QuestionnaireApi {

    private static final String PATH = "/api/members/{memberId}/questionnaires";
    private static final int LIST_LIMIT = 200;

    private final Questionnaires questionnaires;
    private final AdminAuth auth;
    private final Clock clock;

    public QuestionnaireApi(Questionnaires questionnaires, AdminAuth auth, Clock clock) {
        this.questionnaires = questionnaires;
        this.auth = auth;
        this.clock = clock;
    }

    public Routes register(Routes routes) {
        return routes.post(PATH, admin(this::open)).get(PATH, admin(this::list));
    }

    private Handler admin(Handler handler) {
        return MemberApi.admin(auth, handler);
    }

    private Response open(Request request) {
        JsonNode body = MemberApi.body(request);
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("instrument")) {
                throw HttpProblem.badRequest(
                        "the request has a field it does not take", Map.of(field, "is not a field"));
            }
        }
        JsonNode instrument = body.get("instrument");
        if (instrument == null || !instrument.isTextual()) {
            throw HttpProblem.badRequest(
                    "no instrument named", Map.of("instrument", "is required: the id of an instrument"));
        }
        Occurrence o = questionnaires.open(request.pathParam("memberId"), instrument.asText());
        return Response.json(201, view(o)).withHeader("Location", "/api/members/" + o.memberId() + "/questionnaires");
    }

    private Response list(Request request) {
        String memberId = request.pathParam("memberId");
        ObjectNode out = Json.object();
        out.put("memberId", memberId);
        ArrayNode items = out.putArray("questionnaires");
        questionnaires.list(memberId, LIST_LIMIT).forEach(o -> items.add(view(o)));
        return Response.json(200, out);
    }

    /** An occurrence as the API shows it: where it stands, never its answers. */
    private ObjectNode view(Occurrence o) {
        ObjectNode n = Json.object();
        n.put("questionnaireId", o.questionnaireId());
        n.put("memberId", o.memberId());
        n.put("instrument", o.instrumentId());
        n.put("version", o.instrumentVersion());
        n.put("state", o.state(clock.instant()).name().toLowerCase(Locale.ROOT));
        n.put("openedAt", o.openedAt().toString());
        n.put("expiresAt", o.expiresAt().toString());
        if (o.completedAt() != null) {
            n.put("completedAt", o.completedAt().toString());
        } else {
            n.putNull("completedAt");
        }
        return n;
    }
}
