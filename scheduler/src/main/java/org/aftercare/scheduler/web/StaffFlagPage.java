package org.aftercare.scheduler.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aftercare.events.Json;
import org.aftercare.events.flag.FlagOutcome;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.http.Routes;
import org.aftercare.kit.links.LinkKind;
import org.aftercare.kit.links.LinkToken;
import org.aftercare.kit.links.Links;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.member.MemberChanges;
import org.aftercare.scheduler.member.MemberProblem;
import org.aftercare.scheduler.staff.StaffActions;
import org.aftercare.scheduler.staff.StaffParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A staff flag from a staff email ({@code /f/}, {@link LinkKind#STAFF_FLAG}, reusable, short-lived;
 * subject {@link Links#flagSubject}: the flag and the staff member, or {@code on-call}). GET shows
 * the member's first name and program id ({@link MemberProfile#programId}) only, never answers or notes, and the three
 * things staff do: "I'm on it", "I reached them", "Resolve" with an outcome. GET never acts; each
 * POST publishes the staff action to {@code staff.actions} ({@link StaffActions}) as the staff
 * member the link was sealed for, with an event id from the link and the action, so pressing twice
 * is one action; the page then says the action was sent, not what became of the flag. An erased member's link shows the usual "no longer active" page; a link whose staff
 * member is no longer active or no longer on the member's care team shows a 403 page saying the link
 * no longer gives access, on GET and POST alike (the on-call link is not bound to a team). Staff and
 * care teams are the scheduler's copy of the console's topics: while that copy cannot be brought up
 * to date to decide, the page says to try again shortly (503), never that access is gone.
 */
public final class StaffFlagPage {

    private static final Logger log = LoggerFactory.getLogger(StaffFlagPage.class);

    private final TokenGate gate;
    private final MemberChanges members;
    private final StaffActions actions;

    public StaffFlagPage(TokenGate gate, MemberChanges members, StaffActions actions) {
        this.gate = gate;
        this.members = members;
        this.actions = actions;
    }

    public Routes register(Routes routes) {
        return routes.get(LinkKind.STAFF_FLAG.path() + "{token}", this::show)
                .post(LinkKind.STAFF_FLAG.path() + "{token}", this::act);
    }

    private Response show(Request request) {
        LinkToken link;
        try {
            link = gate.open(request.pathParam("token"), LinkKind.STAFF_FLAG);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        Optional<MemberProfile> member = members.find(link.memberId());
        if (member.isEmpty()) {
            return Page.noLongerActive();
        }
        Response refused = refusal(link);
        if (refused != null) {
            return refused;
        }
        return page(200, member.get(), null);
    }

    /**
     * The page for a link whose staff member may no longer see the member (taken off the care team
     * or deactivated since the email), or null when the link still gives access. Checked before
     * anything about the member is shown or published.
     */
    private Response refusal(LinkToken link) {
        String[] subject = Links.parseFlagSubject(link.subject());
        try {
            actions.requireAccess(link.memberId(), subject[1]);
            return null;
        } catch (MemberProblem p) {
            if (p.kind() == MemberProblem.Kind.NOT_FOUND) {
                return Page.noLongerActive();
            }
            log.info("flag {} link refused for staff {}: {}", subject[0], subject[1], p.getMessage());
            return noAccess();
        } catch (StaffActions.TryAgainShortly e) {
            log.info("flag {} link of staff {}: the staff directory is not read yet", subject[0], subject[1]);
            return tryAgainShortly();
        }
    }

    /** The scheduler's copy of the staff directory is behind the console's topics: not a refusal. */
    private static Response tryAgainShortly() {
        return Page.forAnyone(
                        503,
                        "Please try again shortly",
                        "The staff records are still being loaded. Nothing was lost: the link still works, please open it again in a moment.")
                .withHeader("Retry-After", "5");
    }

    private static Response noAccess() {
        return Page.forAnyone(
                403,
                "This link no longer gives access",
                "You are no longer on this person's care team, or your account is not active. Please use the staff console or contact a supervisor.");
    }

    private static Response page(int status, MemberProfile m, String done) {
        List<Map<String, String>> outcomes = new ArrayList<>();
        for (FlagOutcome o : FlagOutcome.values()) {
            outcomes.add(Map.of("value", Json.convert(o, String.class), "label", label(o)));
        }
        Map<String, Object> model = new HashMap<>();
        model.put("firstName", m.firstName());
        model.put("programId", m.programId());
        model.put("outcomes", outcomes);
        model.put("done", done);
        return Page.forStaff(status, "A flag for " + m.firstName(), Page.Body.of("staff-flag", model));
    }

    private static String label(FlagOutcome o) {
        return switch (o) {
            case REACHED_SAFE -> "Reached them; safe for now";
            case SUPPORT_ARRANGED -> "Reached them; more support arranged";
            case LINKED_TO_TREATMENT -> "Linked back to treatment";
            case EMERGENCY_SERVICES -> "Emergency services called";
            case UNREACHABLE -> "Could not reach them after trying";
            case NO_ACTION_NEEDED -> "No action needed";
        };
    }

    private Response act(Request request) {
        LinkToken link;
        try {
            link = gate.open(request.pathParam("token"), LinkKind.STAFF_FLAG);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        Optional<MemberProfile> member = members.find(link.memberId());
        if (member.isEmpty()) {
            return Page.noLongerActive();
        }
        Response refused = refusal(link);
        if (refused != null) {
            return refused;
        }
        String[] subject = Links.parseFlagSubject(link.subject());
        String flagId = subject[0];
        String staffId = subject[1];
        Map<String, String> form = request.form();
        StaffActions.Action action = switch (form.getOrDefault("action", "")) {
            case "acknowledge" -> StaffActions.Action.ACKNOWLEDGE;
            case "contacted" -> StaffActions.Action.CONTACTED;
            case "resolve" -> StaffActions.Action.RESOLVE;
            default -> null;
        };
        if (action == null) {
            return page(400, member.get(), "Please press one of the buttons.");
        }
        FlagOutcome outcome = null;
        if (action == StaffActions.Action.RESOLVE) {
            outcome = StaffParser.outcome(form.get("outcome"));
            if (outcome == null) {
                return page(400, member.get(), "Please choose an outcome to resolve the flag.");
            }
        }
        try {
            actions.act(link.memberId(), flagId, staffId, action, outcome, link.id());
        } catch (MemberProblem p) {
            if (p.kind() == MemberProblem.Kind.NOT_FOUND) {
                return Page.noLongerActive();
            }
            log.info("flag {} action refused for staff {}: {}", flagId, staffId, p.getMessage());
            return noAccess();
        } catch (StaffActions.TryAgainShortly e) {
            return tryAgainShortly();
        } catch (EventPublisher.PublishException e) {
            log.warn("flag {} action not recorded: {}", flagId, e.getMessage());
            return Page.tryAgainLater();
        }
        return page(
                200,
                member.get(),
                // The scheduler does not know the flag's state (streams does, and ignores an action on a
                // flag already resolved): say what was done, not what became of the flag.
                switch (action) {
                    case ACKNOWLEDGE -> "Sent to the care team's record: you are on it.";
                    case CONTACTED -> "Sent to the care team's record: you reached them.";
                    case RESOLVE -> "Sent to the care team's record: your outcome for this flag.";
                });
    }
}
