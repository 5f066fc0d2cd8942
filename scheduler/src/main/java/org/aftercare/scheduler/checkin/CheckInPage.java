package org.aftercare.scheduler.checkin;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.checkin.CheckInAnswered;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.http.Routes;
import org.aftercare.kit.links.LinkKind;
import org.aftercare.kit.links.LinkToken;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.member.MemberStore;
import org.aftercare.scheduler.web.Page;
import org.aftercare.scheduler.web.TokenGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check-in form a member reaches from the sealed link in a prompt or reminder. GET only shows
 * the form (mail scanners prefetch links, so a GET never acts), and only while the member is on
 * record; POST validates the answer, spends the single-use link and publishes the answer to
 * {@code checkin.responses}. Each link answers once, but a check-in may be answered again through
 * another of its links (the prompt's and the reminder's): that answer is its own event, and
 * streams acts on it when it is more severe. Every page carries the "I need help now" link.
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
                .get(LinkKind.CHECK_IN.path() + "{token}", this::show)
                .post(LinkKind.CHECK_IN.path() + "{token}", this::answer);
    }

    private Response show(Request request) {
        LinkToken link;
        try {
            link = gate.open(request.pathParam("token"), LinkKind.CHECK_IN);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        boolean onRecord;
        try {
            onRecord = db.inTransaction(c -> members.load(c, link.memberId()).isPresent());
        } catch (Database.DatabaseException e) {
            log.warn("check-in {} form not shown: {}", link.subject(), e.getMessage());
            return Page.tryAgainLater();
        }
        if (!onRecord) {
            return Page.noLongerActive();
        }
        return form(200, Map.of(), Map.of(), gate.helpPath(link.memberId()));
    }

    private Response answer(Request request) {
        String token = request.pathParam("token");
        LinkToken link;
        try {
            link = gate.open(token, LinkKind.CHECK_IN);
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
            return form(400, form, errors, gate.helpPath(link.memberId()));
        }
        CheckInAnswered answer = CheckInAnswered.of(link.memberId(), link.subject(), link.id(), status, craving, mood,
                note.isEmpty() ? null : note, clock.instant());
        Boolean accepted;
        try {
            accepted = db.inTransaction(c -> {
                if (members.load(c, link.memberId()).isEmpty()) {
                    return null;
                }
                if (!gate.spend(c, link)) {
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
        return thanks(status, gate.helpPath(link.memberId()));
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

    private static final List<Map<String, String>> STATUSES = List.of(
            Map.of("value", "ok", "label", "I'm doing OK"),
            Map.of("value", "struggling", "label", "I'm struggling"),
            Map.of("value", "used", "label", "I used"),
            Map.of("value", "need-help", "label", "I need help now"));

    private static Response form(int status, Map<String, String> values, Map<String, String> errors, String helpPath) {
        List<Map<String, Object>> statuses = new ArrayList<>();
        for (Map<String, String> s : STATUSES) {
            statuses.add(Map.of("value", s.get("value"), "label", s.get("label"),
                    "checked", s.get("value").equals(values.get("status"))));
        }
        Map<String, Object> model = new HashMap<>();
        model.put("hasErrors", !errors.isEmpty());
        model.put("errors", List.copyOf(errors.values()));
        model.put("statuses", statuses);
        model.put("scales", List.of(scale("craving", "Cravings right now", 0, 10, "0 = none", "10 = very strong", values),
                scale("mood", "Your mood", 1, 5, "1 = very low", "5 = very good", values)));
        model.put("note", values.getOrDefault("note", ""));
        model.put("noteMaxLength", CheckInAnswered.MAX_NOTE_LENGTH);
        return Page.forMember(status, "Your check-in", Page.Body.of("checkin-form", model), helpPath);
    }

    /** A row of large radio buttons from {@code min} to {@code max} (optional: none chosen is fine). */
    private static Map<String, Object> scale(String name, String legend, int min, int max, String low, String high,
            Map<String, String> values) {
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
