package org.aftercare.scheduler.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
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
import org.aftercare.scheduler.staff.StaffFollower;
import org.aftercare.scheduler.staff.StaffParser;

/**
 * The admin API over program staff. The console owns staff records and care teams (issue 12) and
 * publishes them on {@code staff.directory} and {@code care.assignments}; the scheduler follows
 * them, so here they are read only: {@code GET /api/staff}, {@code GET /api/staff/{staffId}} and
 * {@code GET /api/members/{memberId}/care-team} show the scheduler's copy, and the PUTs of issue 11
 * answer 410 Gone with a reason naming the console. What staff do about a flag
 * ({@code POST /api/members/{memberId}/flags/{flagId}/acknowledge|contacted|resolve}) is published to
 * {@code staff.actions}; the request id, from {@code Idempotency-Key} or the body's
 * {@code requestId}, makes a retry the same action; 503 with {@code Retry-After} while the copy
 * cannot be brought up to date to decide. Problems as {@link MemberApi} answers them.
 */
public final class StaffApi {

    private static final String STAFF = "/api/staff/{staffId}";
    private static final String CARE_TEAM = "/api/members/{memberId}/care-team";
    private static final String FLAG = "/api/members/{memberId}/flags/{flagId}/";
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    /** How long a GET of a staff member the copy lacks waits for the copy to read the topics to their end. */
    private static final Duration CATCH_UP_WAIT = Duration.ofSeconds(3);

    private final StaffDirectory directory;
    private final StaffFollower follower;
    private final StaffActions actions;
    private final AdminAuth auth;

    public StaffApi(Staff staff, AdminAuth auth) {
        this.directory = staff.directory();
        this.follower = staff.follower();
        this.actions = staff.actions();
        this.auth = auth;
    }

    public Routes register(Routes routes) {
        return routes.get("/api/staff", MemberApi.admin(auth, r -> Response.json(200, list())))
                .put(STAFF, MemberApi.admin(auth, r -> {
                    throw gone("staff records are kept in the staff console (it publishes staff.directory):"
                            + " add, change or deactivate staff there");
                }))
                .get(STAFF, MemberApi.admin(auth, this::getStaff))
                .put(CARE_TEAM, MemberApi.admin(auth, r -> {
                    throw gone("care teams are set in the staff console (it publishes care.assignments): set the"
                            + " member's care team there");
                }))
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

    /** 410 Gone: the scheduler no longer writes staff (issue 12). */
    private static HttpProblem gone(String detail) {
        return new HttpProblem(410, "Gone", detail);
    }

    private Response getStaff(Request request) {
        String staffId = request.pathParam("staffId");
        Optional<StaffMember> staff = directory.find(staffId);
        if (staff.isEmpty() && follower.catchUp(CATCH_UP_WAIT)) {
            staff = directory.find(staffId);
        } else if (staff.isEmpty()) {
            return tryAgainShortly();
        }
        return Response.json(200, view(staff.orElseThrow(() -> HttpProblem.notFound("no staff member with that id"))));
    }

    /** 503 with Retry-After: the copy of the staff directory is behind the topics (see {@link StaffActions}). */
    private static Response tryAgainShortly() {
        return Response.problem(
                        503,
                        "Try again shortly",
                        "the scheduler is still reading the staff directory from the console's topics: try again shortly",
                        Map.of())
                .withHeader("Retry-After", "5");
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
        StaffActionEvent event;
        try {
            event = actions.act(
                    request.pathParam("memberId"), request.pathParam("flagId"), staffId, action, outcome, requestId);
        } catch (StaffActions.TryAgainShortly e) {
            return tryAgainShortly();
        }
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
