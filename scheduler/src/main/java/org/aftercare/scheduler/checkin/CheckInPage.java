package org.aftercare.scheduler.checkin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.checkin.CheckInAnswered;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.http.Routes;
import org.aftercare.kit.links.LinkKind;
import org.aftercare.kit.links.LinkToken;
import org.aftercare.scheduler.web.Page;
import org.aftercare.scheduler.web.TokenGate;

/**
 * The check-in form a member reaches from the sealed link in a prompt or reminder: the HTTP side.
 * In: GET and POST on {@code /c/{token}}. Out: the page for each outcome and its status code. GET
 * only shows the form (mail scanners prefetch links, so a GET never acts), and only while the
 * member is on record; POST checks the form ({@link CheckInForm}: 400 with the reasons when it is
 * not an answer) and has {@link CheckInAnswers} spend the link and publish the answer, then thanks
 * the member for what they said. Every page carries the "I need help now" link.
 */
public final class CheckInPage {

    private final TokenGate gate;
    private final CheckInAnswers answers;

    public CheckInPage(TokenGate gate, CheckInAnswers answers) {
        this.gate = gate;
        this.answers = answers;
    }

    public Routes register(Routes routes) {
        return routes.get(LinkKind.CHECK_IN.path() + "{token}", this::show)
                .post(LinkKind.CHECK_IN.path() + "{token}", this::answer);
    }

    private Response show(Request request) {
        LinkToken link;
        try {
            link = gate.open(request.pathParam("token"), LinkKind.CHECK_IN);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        return switch (answers.standing(link)) {
            case UNKNOWN -> Page.tryAgainLater();
            case GONE -> Page.noLongerActive();
            case ON_RECORD -> form(200, Map.of(), Map.of(), gate.helpPath(link.memberId()));
        };
    }

    private Response answer(Request request) {
        LinkToken link;
        try {
            link = gate.open(request.pathParam("token"), LinkKind.CHECK_IN);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        Map<String, String> form = request.form();
        return switch (CheckInForm.check(form)) {
            case CheckInForm.Invalid invalid -> form(400, form, invalid.errors(), gate.helpPath(link.memberId()));
            case CheckInForm.Valid valid ->
                switch (answers.record(link, valid.answer())) {
                    case NOT_RECORDED -> Page.tryAgainLater();
                    case GONE -> Page.noLongerActive();
                    case ALREADY_USED -> TokenGate.alreadyUsed();
                    case ANSWERED -> thanks(valid.answer().status(), gate.helpPath(link.memberId()));
                };
        };
    }

    private static final List<Map<String, String>> STATUSES = List.of(
            Map.of("value", "ok", "label", "I'm doing OK"),
            Map.of("value", "struggling", "label", "I'm struggling"),
            Map.of("value", "used", "label", "I used"),
            Map.of("value", "need-help", "label", "I need help now"));

    private static Response form(int status, Map<String, String> values, Map<String, String> errors, String helpPath) {
        List<Map<String, Object>> statuses = new ArrayList<>();
        for (Map<String, String> s : STATUSES) {
            statuses.add(Map.of(
                    "value",
                    s.get("value"),
                    "label",
                    s.get("label"),
                    "checked",
                    s.get("value").equals(values.get("status"))));
        }
        Map<String, Object> model = new HashMap<>();
        model.put("hasErrors", !errors.isEmpty());
        model.put("errors", List.copyOf(errors.values()));
        model.put("statuses", statuses);
        model.put(
                "scales",
                List.of(
                        scale(
                                "craving",
                                "Cravings right now",
                                CheckInForm.CRAVING_MIN,
                                CheckInForm.CRAVING_MAX,
                                "0 = none",
                                "10 = very strong",
                                values),
                        scale(
                                "mood",
                                "Your mood",
                                CheckInForm.MOOD_MIN,
                                CheckInForm.MOOD_MAX,
                                "1 = very low",
                                "5 = very good",
                                values)));
        model.put("note", values.getOrDefault("note", ""));
        model.put("noteMaxLength", CheckInAnswered.MAX_NOTE_LENGTH);
        return Page.forMember(status, "Your check-in", Page.Body.of("checkin-form", model), helpPath);
    }

    /** A row of large radio buttons from {@code min} to {@code max} (optional: none chosen is fine). */
    private static Map<String, Object> scale(
            String name, String legend, int min, int max, String low, String high, Map<String, String> values) {
        List<Map<String, Object>> points = new ArrayList<>();
        for (int n = min; n <= max; n++) {
            Map<String, Object> point = new HashMap<>();
            point.put("id", name + "-" + n);
            point.put("name", name);
            point.put("n", n);
            point.put("checked", String.valueOf(n).equals(values.get(name)));
            point.put("end", n == min ? low : n == max ? high : null);
            points.add(point);
        }
        return Map.of("name", name, "legend", legend, "low", low, "high", high, "points", points);
    }

    private static Response thanks(AnswerStatus status, String helpPath) {
        Map<String, Object> model = new HashMap<>();
        model.put("ok", status == AnswerStatus.OK);
        model.put("struggling", status == AnswerStatus.STRUGGLING);
        model.put("used", status == AnswerStatus.USED);
        model.put("needHelp", status == AnswerStatus.NEED_HELP);
        return Page.forMember(200, "Thank you", Page.Body.of("checkin-thanks", model), helpPath);
    }
}
