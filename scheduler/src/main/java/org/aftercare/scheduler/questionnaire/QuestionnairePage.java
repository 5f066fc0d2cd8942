package org.aftercare.scheduler.questionnaire;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.http.Routes;
import org.aftercare.kit.links.LinkKind;
import org.aftercare.kit.links.LinkToken;
import org.aftercare.measures.Instrument;
import org.aftercare.measures.Item;
import org.aftercare.measures.Option;
import org.aftercare.scheduler.web.Page;
import org.aftercare.scheduler.web.TokenGate;

/**
 * The questionnaire pages a member reaches from a {@link LinkKind#QUESTIONNAIRE} link: the HTTP
 * side. One question per screen, as a form with a fieldset whose legend is the question and a
 * labelled radio button per answer, "Question n of m" with a {@code <progress>} bar, next and back.
 * GET only shows the screen the member is on (mail scanners prefetch links, so it never acts).
 * Every POST names the screen it answers and the revision it was made from: the answer is saved
 * and the member is sent on (303 to the same link, so a reload never posts twice); a form of an
 * earlier revision (another tab, a replay) changes nothing. The last screen's POST sends: scored,
 * stored and published once ({@link Questionnaires#submit}); the thank-you page shows the crisis
 * lines first when a critical rule was raised. The link is reusable for the occurrence's life; a
 * completed or expired occurrence shows a plain page saying so. Neutral page titles.
 */
public final class QuestionnairePage {

    static final String TITLE = "A few questions";
    private static final Locale LOCALE = Locale.ENGLISH;

    private final TokenGate gate;
    private final Questionnaires questionnaires;
    private final Clock clock;

    public QuestionnairePage(TokenGate gate, Questionnaires questionnaires, Clock clock) {
        this.gate = gate;
        this.questionnaires = questionnaires;
        this.clock = clock;
    }

    public Routes register(Routes routes) {
        return routes.get(LinkKind.QUESTIONNAIRE.path() + "{token}", this::show)
                .post(LinkKind.QUESTIONNAIRE.path() + "{token}", this::answer);
    }

    /** The opened link and its occurrence, or the page to show instead. */
    private record Opened(LinkToken link, Occurrence occurrence, Instrument instrument) {}

    private sealed interface Open {}

    private record Ready(Opened opened) implements Open {}

    private record Refused(Response page) implements Open {}

    private Open open(Request request) {
        LinkToken link;
        try {
            link = gate.open(request.pathParam("token"), LinkKind.QUESTIONNAIRE);
        } catch (TokenGate.Refused r) {
            return new Refused(r.page());
        }
        Optional<Occurrence> found;
        try {
            found = questionnaires.find(link.subject());
        } catch (RuntimeException e) {
            return new Refused(Page.tryAgainLater());
        }
        if (found.isEmpty() || !found.get().memberId().equals(link.memberId())) {
            return new Refused(Page.noLongerActive());
        }
        Occurrence o = found.get();
        return switch (o.state(clock.instant())) {
            case COMPLETED -> new Refused(alreadySent(o.critical(), gate.helpPath(o.memberId())));
            case EXPIRED -> new Refused(expired());
            case OPEN -> new Ready(new Opened(link, o, questionnaires.instrumentOf(o)));
        };
    }

    private Response show(Request request) {
        return switch (open(request)) {
            case Refused r -> r.page();
            case Ready r -> screen(200, r.opened(), r.opened().occurrence().currentItem(), null);
        };
    }

    private Response answer(Request request) {
        Opened opened;
        switch (open(request)) {
            case Refused r -> {
                return r.page();
            }
            case Ready r -> opened = r.opened();
        }
        Occurrence o = opened.occurrence();
        Instrument instrument = opened.instrument();
        Map<String, String> form = request.form();
        String self = LinkKind.QUESTIONNAIRE.path() + request.pathParam("token");
        int revision;
        try {
            revision = Integer.parseInt(form.getOrDefault("revision", ""));
        } catch (NumberFormatException e) {
            return screen(400, opened, o.currentItem(), "This form was incomplete. Please choose your answer again.");
        }
        String screen = form.getOrDefault("item", "");
        QuestionnaireFlow.Move move =
                "back".equals(form.get("move")) ? QuestionnaireFlow.Move.BACK : QuestionnaireFlow.Move.NEXT;
        if (revision != o.revision() || !QuestionnaireFlow.isAsked(instrument, o.answers(), screen)) {
            // An earlier form (another tab, the browser's back button, a replay): show where the member is now.
            return Response.redirect(self);
        }
        if (QuestionnaireFlow.SEND.equals(screen) && move == QuestionnaireFlow.Move.NEXT) {
            return send(opened, self);
        }
        Integer value = null;
        if (!QuestionnaireFlow.SEND.equals(screen)) {
            Item item = instrument.item(screen).orElseThrow();
            String raw = form.get("answer");
            if (raw != null && !raw.isBlank()) {
                try {
                    value = Integer.parseInt(raw.strip());
                } catch (NumberFormatException e) {
                    value = null;
                }
                if (value == null || !item.allows(value)) {
                    return screen(400, opened, screen, "Please choose one of the answers.");
                }
            } else if (move == QuestionnaireFlow.Move.NEXT && item.required()) {
                return screen(400, opened, screen, "Please choose an answer to go on.");
            }
        }
        QuestionnaireFlow.Moved moved = QuestionnaireFlow.move(instrument, o.answers(), screen, value, move);
        return switch (questionnaires.save(o.questionnaireId(), revision, moved.answers(), moved.screen())) {
            case SAVED, STALE -> Response.redirect(self);
            case COMPLETED -> alreadySent(o.critical(), gate.helpPath(o.memberId()));
            case EXPIRED -> expired();
            case GONE -> Page.noLongerActive();
        };
    }

    private Response send(Opened opened, String self) {
        Occurrence o = opened.occurrence();
        String help = gate.helpPath(o.memberId());
        return switch (questionnaires.submit(o.questionnaireId(), o.revision())) {
            case Questionnaires.Submitted.Sent sent ->
                thanks(sent.scored().flags().stream().anyMatch(r -> r.severity() == FlagSeverity.CRITICAL), help);
            case Questionnaires.Submitted.AlreadySent already -> alreadySent(already.critical(), help);
            case Questionnaires.Submitted.Incomplete incomplete -> {
                questionnaires.save(o.questionnaireId(), o.revision(), o.answers(), incomplete.itemId());
                yield screen(
                        400,
                        new Opened(
                                opened.link(),
                                questionnaires.find(o.questionnaireId()).orElse(o),
                                opened.instrument()),
                        incomplete.itemId(),
                        "Please answer this question before sending.");
            }
            case Questionnaires.Submitted.Stale stale -> Response.redirect(self);
            case Questionnaires.Submitted.Expired e -> expired();
            case Questionnaires.Submitted.Gone g -> Page.noLongerActive();
            case Questionnaires.Submitted.NotRecorded n -> Page.tryAgainLater();
        };
    }

    /** The screen the member is on: a question, or the last screen that sends. */
    private Response screen(int status, Opened opened, String at, String error) {
        Occurrence o = opened.occurrence();
        Instrument instrument = opened.instrument();
        QuestionnaireFlow.Step step = QuestionnaireFlow.step(instrument, o.answers(), at);
        Map<String, Object> model = new HashMap<>();
        model.put("intro", text(instrument.title()));
        model.put("revision", o.revision());
        model.put("item", step.screen());
        model.put("number", step.number());
        model.put("total", step.total());
        model.put("error", error);
        model.put("hasBack", step.isSend() || step.number() > 1);
        if (step.isSend()) {
            return Page.forMember(
                    status, TITLE, Page.Body.of("questionnaire-send", model), gate.helpPath(o.memberId()));
        }
        Item item = instrument.item(step.screen()).orElseThrow();
        Integer given = o.answers().get(item.id());
        List<Map<String, Object>> options = new ArrayList<>();
        for (Option option : item.options()) {
            Map<String, Object> opt = new HashMap<>();
            opt.put("id", "answer-" + option.value());
            opt.put("value", option.value());
            opt.put("label", text(option.label()));
            opt.put("checked", given != null && given == option.value());
            options.add(opt);
        }
        model.put("question", text(item.text()));
        model.put("optional", !item.required());
        model.put("options", options);
        return Page.forMember(status, TITLE, Page.Body.of("questionnaire-item", model), gate.helpPath(o.memberId()));
    }

    private static String text(Map<String, String> byLocale) {
        String t = byLocale.get(LOCALE.getLanguage());
        return t != null ? t : byLocale.values().stream().findFirst().orElse("");
    }

    private static Response thanks(boolean critical, String helpPath) {
        return Page.forMember(
                200, "Thank you", Page.Body.of("questionnaire-thanks", Map.of("critical", critical)), helpPath);
    }

    private static Response alreadySent(boolean critical, String helpPath) {
        return Page.forMember(
                410,
                "Already sent",
                Page.Body.of("questionnaire-thanks", Map.of("critical", critical, "already", true)),
                helpPath);
    }

    private static Response expired() {
        return Page.forAnyone(
                410,
                "This link has expired",
                "These questions were open for " + Questionnaires.LIFE.toDays()
                        + " days and have now closed. Nothing more is needed; a later email may bring new ones.");
    }
}
