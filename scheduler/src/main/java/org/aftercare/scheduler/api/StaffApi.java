package org.aftercare.scheduler.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.aftercare.events.Json;
import org.aftercare.events.flag.CaseFlag;
import org.aftercare.events.flag.FlagOutcome;
import org.aftercare.events.staff.CareTeam;
import org.aftercare.events.staff.StaffActionEvent;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.kit.http.HttpProblem;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.http.Routes;
import org.aftercare.scheduler.staff.Staff;
import org.aftercare.scheduler.staff.StaffActions;
import org.aftercare.scheduler.staff.StaffDirectory;
import org.aftercare.scheduler.staff.StaffParser;

/**
 * The admin API over program staff, until the console service owns them (issue 11): staff records
 * ({@code PUT/GET /api/staff/{staffId}}, {@code GET /api/staff}), each member's care team
 * ({@code PUT/GET /api/members/{memberId}/care-team}) and what staff do about a flag
 * ({@code POST /api/members/{memberId}/flags/{flagId}/acknowledge|contacted|resolve}, published to
 * {@code staff.actions}; the request id, from {@code Idempotency-Key} or the body's
 * {@code requestId}, makes a retry the same action). Problems as {@link MemberApi} answers them.
 */
public final class StaffApi {

    private static final String STAFF = "/api/staff/{staffId}";
    private static final String CARE_TEAM = "/api/members/{memberId}/care-team";
    private static final String FLAG = "/api/members/{memberId}/flags/{flagId}/";
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private final StaffDirectory directory;
    private final StaffActions actions;
    private final AdminAuth auth;

    public StaffApi(Staff staff, AdminAuth auth) {
        this.directory = staff.directory();
        this.actions = staff.actions();
        this.auth = auth;
    }

    public Routes register(Routes routes) {
        return routes.get("/api/staff", MemberApi.admin(auth, r -> Response.json(200, list())))
                .put(STAFF, MemberApi.admin(auth, this::putStaff))
                .get(STAFF, MemberApi.admin(auth, this::getStaff))
                .put(CARE_TEAM, MemberApi.admin(auth, this::putCareTeam))
                .get(CARE_TEAM, MemberApi.admin(auth, this::getCareTeam))
                .post(FLAG + "acknowledge", MemberApi.admin(auth, r -> act(r, StaffActions.Action.ACKNOWLEDGE)))
                .post(FLAG + "contacted", MemberApi.admin(auth, r -> act(r, StaffActions.Action.CONTACTED)))
                .post(FLAG + "resolve", MemberApi.admin(auth, r -> act(r, StaffActions.Action.RESOLVE)));
    }

    private ArrayNode list() {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (StaffMember m : directory.all()) {
            out.add(view(m));
        }
        return out;
    }

    private Response putStaff(Request request) {
        String staffId = StaffParser.requireStaffId(request.pathParam("staffId"));
        StaffDirectory.Saved<StaffMember> saved =
                directory.put(staffId, StaffParser.parseStaff(MemberApi.body(request), staffId));
        return Response.json(saved.created() ? 201 : 200, view(saved.record()))
                .withHeader("Location", "/api/staff/" + staffId);
    }

    private Response getStaff(Request request) {
        return Response.json(
                200,
                view(directory
                        .find(request.pathParam("staffId"))
                        .orElseThrow(() -> HttpProblem.notFound("no staff member with that id"))));
    }

    private Response putCareTeam(Request request) {
        String memberId = request.pathParam("memberId");
        CareTeam team = directory.setCareTeam(memberId, StaffParser.parseCareTeam(MemberApi.body(request)));
        return Response.json(200, view(team));
    }

    private Response getCareTeam(Request request) {
        String memberId = request.pathParam("memberId");
        Optional<CareTeam> team = directory.careTeam(memberId);
        if (team.isPresent()) {
            return Response.json(200, view(team.get()));
        }
        ObjectNode none = Json.object();
        none.put("memberId", memberId);
        none.putNull("primaryStaffId");
        none.set("otherStaffIds", JsonNodeFactory.instance.arrayNode());
        none.put("revision", 0);
        return Response.json(200, none);
    }

    private Response act(Request request, StaffActions.Action action) {
        JsonNode body = MemberApi.body(request);
        String staffId = body.path("staffId").asText("");
        if (!StaffParser.isStaffId(staffId) && !staffId.equals(CaseFlag.ON_CALL)) {
            throw HttpProblem.badRequest(
                    "the staff action is invalid", Map.of("staffId", "is required: the staff member who acted"));
        }
        String requestId = request.header("Idempotency-Key")
                .orElse(body.path("requestId").asText(""))
                .strip();
        if (!REQUEST_ID.matcher(requestId).matches()) {
            throw HttpProblem.badRequest(
                    "the staff action is invalid",
                    Map.of(
                            "requestId",
                            "is required (the Idempotency-Key header or requestId): 1-100 letters, digits, '.', ':', '-' or '_'"));
        }
        FlagOutcome outcome = null;
        if (action == StaffActions.Action.RESOLVE) {
            outcome = StaffParser.outcome(body.path("outcome").asText(null));
            if (outcome == null) {
                throw HttpProblem.badRequest(
                        "the staff action is invalid",
                        Map.of("outcome", "is required to resolve: one of " + StaffParser.outcomeNames()));
            }
        } else if (body.has("outcome")) {
            throw HttpProblem.badRequest(
                    "the staff action is invalid", Map.of("outcome", "is given only to resolve a flag"));
        }
        StaffActionEvent event = actions.act(
                request.pathParam("memberId"), request.pathParam("flagId"), staffId, action, outcome, requestId);
        ObjectNode out = Json.object();
        out.put("eventId", event.eventId());
        out.put("type", Json.tree(event).path("type").asText());
        return Response.json(202, out);
    }

    /** A record as the API shows it: without the envelope fields. */
    static ObjectNode view(Object record) {
        ObjectNode node = Json.tree(record);
        node.remove(List.of("type", "eventId", "schemaVersion", "occurredAt"));
        return node;
    }
}
