package org.aftercare.scheduler.checkin;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.checkin.CheckInAnswered;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.http.Routes;
import org.aftercare.kit.links.LinkToken;
import org.aftercare.kit.links.Links;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.member.MemberStore;
import org.aftercare.scheduler.web.Page;
import org.aftercare.scheduler.web.TokenGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check-in form a member reaches from the signed link in a prompt. GET only shows the form
 * (mail scanners prefetch links, so a GET never acts); POST validates the answer, spends the
 * single-use link and publishes the answer to {@code checkin.responses}.
 */
public final class CheckInPage {

    private static final Logger log = LoggerFactory.getLogger(CheckInPage.class);

    private final TokenGate gate;
    private final Database db;
    private final MemberStore members;
    private final EventPublisher publisher;
    private final Clock clock;
    private final MeterRegistry registry;

    public CheckInPage(TokenGate gate, Database db, MemberStore members, EventPublisher publisher, Clock clock,
            MeterRegistry registry) {
        this.gate = gate;
        this.db = db;
        this.members = members;
        this.publisher = publisher;
        this.clock = clock;
        this.registry = registry;
    }

    public Routes register(Routes routes) {
        return routes
                .get(Links.CHECK_IN + "{token}", this::show)
                .post(Links.CHECK_IN + "{token}", this::answer);
    }

    private Response show(Request request) {
        try {
            gate.open(request.pathParam("token"), Links.PURPOSE_CHECK_IN, "answer");
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        return form(200, Map.of(), Map.of());
    }

    private Response answer(Request request) {
        String token = request.pathParam("token");
        LinkToken link;
        try {
            link = gate.open(token, Links.PURPOSE_CHECK_IN, "answer");
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        Map<String, String> form = request.form();
        Map<String, String> errors = new LinkedHashMap<>();
        AnswerStatus status = status(form.get("status"));
        if (status == null) {
            errors.put("status", "Please choose how you are doing.");
        }
        Integer craving = number(form.get("craving"), 0, 10, "craving", errors);
        Integer mood = number(form.get("mood"), 1, 5, "mood", errors);
        String note = form.getOrDefault("note", "").strip();
        if (note.length() > CheckInAnswered.MAX_NOTE_LENGTH) {
            errors.put("note", "Please keep the note under " + CheckInAnswered.MAX_NOTE_LENGTH + " characters.");
        }
        if (!errors.isEmpty()) {
            return form(400, form, errors);
        }
        CheckInAnswered answer = CheckInAnswered.of(link.memberId(), link.subject(), link.id(), status, craving, mood,
                note.isEmpty() ? null : note, clock.instant());
        Boolean accepted;
        try {
            accepted = db.inTransaction(c -> {
            if (members.load(c, link.memberId()).isEmpty()) {
                return null;
            }
            if (!gate.spend(c, token, link.memberId())) {
                return false;
            }
            publisher.response(answer);
            return true;
            });
        } catch (EventPublisher.PublishException | Database.DatabaseException e) {
            log.warn("check-in {} answer not recorded: {}", link.subject(), e.getMessage());
            return Page.tryAgainLater();
        }
        if (accepted == null) {
            return Page.noLongerActive();
        }
        if (!accepted) {
            return TokenGate.alreadyUsed();
        }
        registry.counter("outreach.checkins.answered", "status", status.name().toLowerCase()).increment();
        log.info("check-in {} answered", link.subject());
        return thanks(status);
    }

    private static AnswerStatus status(String value) {
        if (value == null) {
            return null;
        }
        for (AnswerStatus s : AnswerStatus.values()) {
            if (s.name().equalsIgnoreCase(value.replace('-', '_'))) {
                return s;
            }
        }
        return null;
    }

    private static Integer number(String value, int min, int max, String field, Map<String, String> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        errors.put(field, "Please choose a number from " + min + " to " + max + ".");
        return null;
    }

    private static Response form(int status, Map<String, String> values, Map<String, String> errors) {
        StringBuilder b = new StringBuilder();
        if (!errors.isEmpty()) {
            b.append("<div class=\"note urgent\" role=\"alert\"><ul>");
            errors.values().forEach(e -> b.append("<li>").append(Page.escape(e)).append("</li>"));
            b.append("</ul></div>");
        }
        b.append("<form method=\"post\">");
        b.append("<fieldset><legend>How are you doing right now?</legend>");
        radio(b, "ok", "I'm doing OK", values);
        radio(b, "struggling", "I'm struggling", values);
        radio(b, "used", "I used", values);
        radio(b, "need-help", "I need help now", values);
        b.append("</fieldset>");
        scale(b, "craving", "Cravings right now", 0, 10, "0 = none", "10 = very strong", values);
        scale(b, "mood", "Your mood", 1, 5, "1 = very low", "5 = very good", values);
        b.append("<label for=\"note\">Anything you want to add (optional)</label>")
                .append("<textarea id=\"note\" name=\"note\" maxlength=\"").append(CheckInAnswered.MAX_NOTE_LENGTH).append("\">")
                .append(Page.escape(values.getOrDefault("note", ""))).append("</textarea>");
        b.append("<p><button type=\"submit\">Send my check-in</button></p></form>");
        return Page.render(status, "Your check-in", b.toString());
    }

    private static void radio(StringBuilder b, String value, String label, Map<String, String> values) {
        String id = "status-" + value;
        b.append("<label class=\"option\" for=\"").append(id).append("\"><input type=\"radio\" id=\"").append(id)
                .append("\" name=\"status\" value=\"").append(value).append("\"")
                .append(value.equals(values.get("status")) ? " checked" : "").append(" required>")
                .append(Page.escape(label)).append("</label>");
    }

    /** A row of large radio buttons from {@code min} to {@code max} (optional: none chosen is fine). */
    private static void scale(StringBuilder b, String name, String legend, int min, int max, String low, String high,
            Map<String, String> values) {
        b.append("<fieldset><legend>").append(Page.escape(legend)).append(" (optional)</legend>")
                .append("<div class=\"scale\">");
        for (int n = min; n <= max; n++) {
            String id = name + "-" + n;
            String label = n == min ? low : n == max ? high : String.valueOf(n);
            b.append("<label for=\"").append(id).append("\"><input type=\"radio\" id=\"").append(id)
                    .append("\" name=\"").append(name).append("\" value=\"").append(n).append("\"")
                    .append(String.valueOf(n).equals(values.get(name)) ? " checked" : "").append(">")
                    .append(n).append("<span class=\"visually-hidden\">").append(n == min || n == max ? " (" + Page.escape(label) + ")" : "")
                    .append("</span></label>");
        }
        b.append("</div><div class=\"ends\" aria-hidden=\"true\"><span>").append(Page.escape(low)).append("</span><span>")
                .append(Page.escape(high)).append("</span></div></fieldset>");
    }

    private static Response thanks(AnswerStatus status) {
        String body = switch (status) {
            case OK -> "<p class=\"note\">Thank you for checking in. Keep going — we're glad to hear from you.</p>";
            case STRUGGLING -> "<p class=\"note\">Thank you for telling us. Hard days pass. "
                    + "Reach for one of the people or steps in your plan, and keep checking in.</p>";
            case USED -> "<p class=\"note urgent\">Thank you for being honest — that takes courage. "
                    + "Your body may not handle what it used to: please do not use alone, keep naloxone close, "
                    + "and call 988 if you need someone to talk to right now.</p>";
            case NEED_HELP -> "<p class=\"note urgent\">Thank you for reaching out. If you are in danger now, call 911. "
                    + "You can call or text <strong>988</strong> any time, or call SAMHSA at <strong>1-800-662-4357</strong>. "
                    + "Your answer has reached the program.</p>";
        };
        return Page.render(200, "Thank you", body);
    }
}
