package org.aftercare.scheduler.help;

import java.util.Map;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.http.Routes;
import org.aftercare.kit.links.LinkKind;
import org.aftercare.kit.links.LinkToken;
import org.aftercare.scheduler.web.Page;
import org.aftercare.scheduler.web.TokenGate;

/**
 * "I need help now" at any time ({@code /h/}), from the link in every member email and on every
 * member page, not only as a check-in answer: the HTTP side. In: GET and POST on
 * {@code /h/{token}}. Out: the page for each outcome and its status code. GET shows the crisis
 * lines first and a button (mail scanners prefetch links, so a GET never acts); POST hands the
 * press to {@link HelpRequests}, which passes it on as {@code HelpRequested} (streams answers it
 * like a "need help now" answer: crisis support to the member, an escalation) or tells the member
 * their request is already with the program. The link is reusable. The crisis lines are shown
 * whatever happened, and a press that reached nobody is answered 503 with where help is right now.
 */
public final class HelpPage {

    private final TokenGate gate;
    private final HelpRequests requests;

    public HelpPage(TokenGate gate, HelpRequests requests) {
        this.gate = gate;
        this.requests = requests;
    }

    public Routes register(Routes routes) {
        return routes.get(LinkKind.HELP.path() + "{token}", this::show)
                .post(LinkKind.HELP.path() + "{token}", this::request);
    }

    private LinkToken open(Request request) throws TokenGate.Refused {
        return gate.open(request.pathParam("token"), LinkKind.HELP);
    }

    private Response show(Request request) {
        LinkToken link;
        try {
            link = open(request);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        if (!requests.onRecord(link.memberId())) {
            return Page.noLongerActive();
        }
        return page(200, "Help, right now", "ask", link);
    }

    private Response request(Request request) {
        LinkToken link;
        try {
            link = open(request);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        return switch (requests.press(link.memberId())) {
            case GONE -> Page.noLongerActive();
            case ALREADY_WITH_THE_PROGRAM ->
                page(200, "Your request is with the program", "alreadyWithTheProgram", link);
            case PASSED_ON -> page(200, "Your request has reached the program", "passedOn", link);
            // Nothing reached the program: say so, and show where help is right now.
            case NOT_PASSED_ON ->
                page(503, "Please call or text 988 now", "notPassedOn", link).withHeader("Retry-After", "60");
        };
    }

    /** A help page: the crisis lines first (the footer repeats them), then what this step says. */
    private Response page(int status, String title, String step, LinkToken link) {
        return Page.forMember(status, title, Page.Body.of("help", Map.of(step, true)), gate.helpPath(link.memberId()));
    }
}
