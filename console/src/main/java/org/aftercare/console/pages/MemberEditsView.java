package org.aftercare.console.pages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.aftercare.console.audit.AccessAudit;
import org.aftercare.console.auth.StaffSession;
import org.aftercare.console.readmodel.Codes;
import org.aftercare.console.scheduler.SchedulerClient;
import org.aftercare.console.web.Pages;
import org.aftercare.events.Json;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;
import org.aftercare.measures.Instruments;

/**
 * The member's check-in plan and support contacts, edited at the scheduler (the system of record)
 * through its admin API. The forms open with the scheduler's current record (fetched when the page
 * opens, so an edit starts from the truth, not from the read model's copy); a refusal re-shows the
 * form with what the staff member entered and the scheduler's reasons beside the fields.
 *
 * <ul>
 *   <li>{@code GET/POST /members/{id}/plan}: days, local times, time zone, first and last day, and
 *       the questionnaires the plan gives ({@link PlanQuestionnairesForm}: every instrument of the
 *       console's definitions, sent whole as {@code plan.questionnaires});
 *   <li>{@code GET /members/{id}/contacts}, {@code POST /members/{id}/contacts} (add), {@code POST
 *       /members/{id}/contacts/{contactId}} (change), {@code POST .../{contactId}/remove}: a new or
 *       wider consent needs the staff member to confirm the member gave it (a consent is the
 *       member's, never the staff member's); a new address or a wider consent makes the scheduler
 *       invite the contact again, and nothing reaches them until they confirm.
 * </ul>
 *
 * Who may: whoever may view the member (a clinician on the care team, a supervisor, an admin).
 * Every page view and every change is audited ({@code member.plan.view}, {@code member.plan},
 * {@code member.contacts.view}, {@code member.contact.add|update|remove}) with a code, never a value.
 */
final class MemberEditsView {

    private static final Map<ConsentScope, String> SCOPE_LABELS = Map.of(
            ConsentScope.MISSED_CHECK_INS, "Missed check-ins (they have gone quiet)",
            ConsentScope.HELP_REQUESTED, "A request for help",
            ConsentScope.USE_REPORTED, "A reported use",
            ConsentScope.MILESTONES, "Milestones (good news)");

    /** The scheduler's field names → the form's. */
    private static final Map<String, String> PLAN_FIELDS = Map.of(
            "plan.days", "days",
            "plan.times", "times",
            "timeZone", "timeZone",
            "plan.startDate", "startDate",
            "plan.endDate", "endDate");

    private static final List<String> CONTACT_FIELDS = List.of("name", "email", "relationship", "consent");
    private static final List<String> ERROR_KEYS =
            List.of("general", "name", "email", "relationship", "consent", "memberConsented");

    private final MemberActionsView actions;
    private final AccessAudit audit;
    private final SchedulerClient scheduler;
    private final Pages pages;
    private final PlanQuestionnairesForm questionnaires;

    /**
     * @param scheduler null when none is configured (the pages then answer 503)
     * @param instruments the questionnaire definitions the plan form offers
     */
    MemberEditsView(
            MemberActionsView actions,
            AccessAudit audit,
            SchedulerClient scheduler,
            Instruments instruments,
            Pages pages) {
        this.questionnaires = new PlanQuestionnairesForm(instruments);
        this.actions = actions;
        this.audit = audit;
        this.scheduler = scheduler;
        this.pages = pages;
    }

    Response planForm(Request request, StaffSession staff) {
        return withMember(request, staff, "member.plan.view", (memberId, member) -> {
            JsonNode plan = member.path("plan");
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            plan.path("days").forEach(d -> days.add(DayOfWeek.valueOf(d.asText())));
            List<String> times = new ArrayList<>();
            plan.path("times").forEach(t -> times.add(hhmm(t.asText())));
            Map<String, String> values = new LinkedHashMap<>();
            values.put("times", String.join(", ", times));
            values.put("timeZone", member.path("timeZone").asText(""));
            values.put("startDate", plan.path("startDate").asText(""));
            values.put(
                    "endDate",
                    plan.path("endDate").isTextual() ? plan.get("endDate").asText() : "");
            List<Map<String, Object>> rows = questionnaires.rows(questionnaires.current(plan), held(plan), Map.of());
            return planPage(200, staff, memberId, days, values, Map.of(), List.of(), rows, List.of());
        });
    }

    /** The questionnaires the scheduler's plan gives, by instrument id. */
    private static Map<String, JsonNode> held(JsonNode plan) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode q : plan.path("questionnaires")) {
            out.put(q.path("instrument").asText(""), q);
        }
        return out;
    }

    Response savePlan(Request request, StaffSession staff) {
        return change(request, staff, "member.plan", memberId -> {
            Map<String, String> form = request.form();
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            for (DayOfWeek d : DayOfWeek.values()) {
                if (form.containsKey("day-" + Codes.of(d))) {
                    days.add(d);
                }
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (String name : List.of("times", "timeZone", "startDate", "endDate")) {
                values.put(name, form.getOrDefault(name, "").strip());
            }
            List<String> times = new ArrayList<>();
            for (String t : values.get("times").split("[,\\s]+")) {
                if (!t.isEmpty()) {
                    times.add(t);
                }
            }
            Map<String, String> errors = new LinkedHashMap<>();
            if (days.isEmpty()) {
                errors.put("days", "Choose at least one day.");
            }
            if (times.isEmpty()) {
                errors.put("times", "Give at least one time, written HH:MM (for example 09:00, 18:30).");
            }
            if (values.get("timeZone").isEmpty()) {
                errors.put("timeZone", "Give the member's time zone, for example America/New_York.");
            }
            // The questionnaires the console cannot offer are sent as the scheduler holds them now.
            JsonNode currentPlan;
            switch (scheduler.member(memberId)) {
                case SchedulerClient.Done d -> currentPlan = d.member().path("plan");
                case SchedulerClient.Refused r -> {
                    return new Attempt(r, null, "plan");
                }
                case SchedulerClient.Unavailable u -> {
                    return new Attempt(u, null, "plan");
                }
            }
            Map<String, JsonNode> held = held(currentPlan);
            Map<String, Map<String, String>> entered =
                    questionnaires.entered(form, questionnaires.current(currentPlan));
            PlanQuestionnairesForm.Parsed parsed = questionnaires.parse(form, currentPlan);
            if (!errors.isEmpty() || !parsed.valid()) {
                List<Map<String, Object>> rows = questionnaires.rows(entered, held, parsed.errors());
                return Attempt.shown(planPage(
                        400,
                        staff,
                        memberId,
                        days,
                        values,
                        errors,
                        List.of(),
                        rows,
                        PlanQuestionnairesForm.summary(rows, parsed.errors())));
            }
            ObjectNode patch = Json.object();
            patch.put("timeZone", values.get("timeZone"));
            ObjectNode plan = patch.putObject("plan");
            ArrayNode dayList = plan.putArray("days");
            days.forEach(d -> dayList.add(d.name()));
            ArrayNode timeList = plan.putArray("times");
            times.forEach(timeList::add);
            putDate(plan, "startDate", values.get("startDate"));
            putDate(plan, "endDate", values.get("endDate"));
            // a merge patch replaces a list whole: the whole list, the ones kept as they are included
            plan.set("questionnaires", parsed.list());
            return new Attempt(
                    scheduler.updateMember(memberId, patch),
                    refused -> {
                        Map<String, String> fieldErrors = new LinkedHashMap<>();
                        List<String> general = new ArrayList<>();
                        Map<String, String> others = new LinkedHashMap<>();
                        Map<String, String> repeats = new LinkedHashMap<>();
                        entered.forEach((id, v) -> repeats.put(id, v.get("repeat")));
                        Map<String, Map<String, String>> byRow =
                                PlanQuestionnairesForm.refusals(refused.errors(), parsed.sentIds(), repeats, others);
                        others.forEach((field, why) -> {
                            String ours = PLAN_FIELDS.get(field);
                            if (ours == null) {
                                general.add(field + " " + why);
                            } else {
                                fieldErrors.merge(ours, why, (a, b) -> a + "; " + b);
                            }
                        });
                        if (fieldErrors.isEmpty() && general.isEmpty() && byRow.isEmpty()) {
                            general.add(refused.reason());
                        }
                        List<Map<String, Object>> rows = questionnaires.rows(entered, held, byRow);
                        return planPage(
                                status(refused),
                                staff,
                                memberId,
                                days,
                                values,
                                fieldErrors,
                                general,
                                rows,
                                PlanQuestionnairesForm.summary(rows, byRow));
                    },
                    "plan");
        });
    }

    Response contacts(Request request, StaffSession staff) {
        return withMember(
                request,
                staff,
                "member.contacts.view",
                (memberId, member) -> contactsPage(
                        200,
                        staff,
                        memberId,
                        member,
                        null,
                        Map.of(),
                        Map.of(),
                        List.of(),
                        notice(request.query("done").orElse(null))));
    }

    Response addContact(Request request, StaffSession staff) {
        return change(request, staff, "member.contact.add", memberId -> {
            Map<String, String> form = request.form();
            ContactForm entered = ContactForm.of(form);
            Map<String, String> errors = new LinkedHashMap<>(entered.shapeErrors());
            if (!entered.consent().isEmpty() && !entered.memberConsented()) {
                errors.put("memberConsented", "Confirm that the member gave this consent themselves.");
            }
            if (!errors.isEmpty()) {
                return Attempt.shown(refetchedContactsPage(400, staff, memberId, null, entered, errors));
            }
            return new Attempt(
                    scheduler.addContact(memberId, entered.json()),
                    refused -> refetchedContactsPage(
                            status(refused), staff, memberId, null, entered, contactErrors(refused)),
                    "contact-add");
        });
    }

    Response updateContact(Request request, StaffSession staff) {
        String contactId = request.pathParam("contactId");
        return change(request, staff, "member.contact.update", memberId -> {
            requireContactId(contactId);
            JsonNode current = currentContact(memberId, contactId);
            if (current == null) {
                return Attempt.shown(pages.notFound(staff));
            }
            ContactForm entered = ContactForm.of(request.form());
            Map<String, String> errors = new LinkedHashMap<>(entered.shapeErrors());
            Set<String> before = new HashSet<>();
            current.path("consent").forEach(c -> before.add(c.asText()));
            boolean wider = entered.consent().stream().anyMatch(s -> !before.contains(Codes.of(s)));
            if (wider && !entered.memberConsented()) {
                errors.put("memberConsented", "Confirm that the member gave the added consent themselves.");
            }
            if (!errors.isEmpty()) {
                return Attempt.shown(refetchedContactsPage(400, staff, memberId, contactId, entered, errors));
            }
            return new Attempt(
                    scheduler.updateContact(memberId, contactId, entered.json()),
                    refused -> refetchedContactsPage(
                            status(refused), staff, memberId, contactId, entered, contactErrors(refused)),
                    "contact-update");
        });
    }

    Response removeContact(Request request, StaffSession staff) {
        String contactId = request.pathParam("contactId");
        return change(request, staff, "member.contact.remove", memberId -> {
            requireContactId(contactId);
            if (!"yes".equals(request.form().get("confirm"))) {
                throw new BadRequest("Tick the box to confirm the contact is to be removed; nothing was changed.");
            }
            return new Attempt(scheduler.removeContact(memberId, contactId), null, "contact-remove");
        });
    }

    // ---- the pages

    private Response planPage(
            int status,
            StaffSession staff,
            String memberId,
            Set<DayOfWeek> days,
            Map<String, String> values,
            Map<String, String> errors,
            List<String> general,
            List<Map<String, Object>> questionnaireRows,
            List<Map<String, String>> questionnaireErrors) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("memberId", memberId);
        m.put("questionnaires", questionnaireRows);
        m.put("hasQuestionnaires", !questionnaireRows.isEmpty());
        m.put("questionnaireErrors", questionnaireErrors);
        List<Map<String, Object>> dayList = new ArrayList<>();
        for (DayOfWeek d : DayOfWeek.values()) {
            dayList.add(Map.of(
                    "code", Codes.of(d),
                    "label", d.getDisplayName(TextStyle.FULL, Locale.ENGLISH),
                    "checked", days.contains(d)));
        }
        m.put("days", dayList);
        m.put("values", values);
        m.put("errors", complete(errors, PLAN_FIELDS.values()));
        m.put("hasErrors", !errors.isEmpty() || !general.isEmpty() || !questionnaireErrors.isEmpty());
        m.put("general", general);
        return pages.page(status, "Check-in plan", "member-plan", staff, m);
    }

    /** The contacts page after a refusal: the scheduler's current contacts and the form as entered. */
    private Response refetchedContactsPage(
            int status,
            StaffSession staff,
            String memberId,
            String contactId,
            ContactForm entered,
            Map<String, String> errors) {
        SchedulerClient.Outcome now = scheduler.member(memberId);
        JsonNode member = now instanceof SchedulerClient.Done d ? d.member() : Json.object();
        List<String> general = new ArrayList<>();
        if (!(now instanceof SchedulerClient.Done)) {
            general.add("The current contacts could not be read from the scheduler just now.");
        }
        return contactsPage(status, staff, memberId, member, contactId, entered.values(), errors, general, null);
    }

    private Response contactsPage(
            int status,
            StaffSession staff,
            String memberId,
            JsonNode member,
            String editedContactId,
            Map<String, String> entered,
            Map<String, String> errors,
            List<String> general,
            String notice) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("memberId", memberId);
        m.put("done", notice);
        List<Map<String, Object>> contacts = new ArrayList<>();
        for (JsonNode c : member.path("contacts")) {
            String id = c.path("contactId").asText();
            boolean edited = id.equals(editedContactId);
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("contactId", id);
            k.put("name", edited ? entered.get("name") : c.path("name").asText());
            k.put("email", edited ? entered.get("email") : c.path("email").asText());
            k.put(
                    "relationship",
                    edited
                            ? entered.get("relationship")
                            : c.path("relationship").asText(""));
            k.put("state", c.path("state").asText());
            Set<String> held = new HashSet<>();
            if (edited) {
                held.addAll(ContactForm.checked(entered));
            } else {
                c.path("consent").forEach(s -> held.add(s.asText()));
            }
            k.put("scopes", scopes(held));
            k.put("errors", complete(edited ? errors : Map.of(), ERROR_KEYS));
            k.put("hasErrors", edited && !errors.isEmpty());
            contacts.add(k);
        }
        m.put("contacts", contacts);
        m.put("hasContacts", !contacts.isEmpty());
        boolean adding = editedContactId == null && !entered.isEmpty();
        m.put("add", complete(adding ? entered : Map.of(), List.of("name", "email", "relationship")));
        m.put("addScopes", scopes(adding ? ContactForm.checked(entered) : Set.of()));
        m.put("addErrors", complete(adding ? errors : Map.of(), ERROR_KEYS));
        m.put("addHasErrors", adding && !errors.isEmpty());
        m.put("general", general);
        return pages.page(status, "Support contacts", "member-contacts", staff, m);
    }

    /** {@code values} with every one of {@code keys} present (empty when it has none), as the templates read them. */
    private static Map<String, String> complete(Map<String, String> values, Collection<String> keys) {
        Map<String, String> out = new LinkedHashMap<>(values);
        keys.forEach(k -> out.putIfAbsent(k, ""));
        return out;
    }

    private static String notice(String done) {
        if (done == null) {
            return null;
        }
        return switch (done) {
            case "contact-add" ->
                "Contact added by the scheduler: they are invited, and hear nothing more until they" + " confirm.";
            case "contact-update" ->
                "Contact changed by the scheduler. A new address or a wider consent means they" + " are invited again.";
            case "contact-remove" -> "Contact removed by the scheduler: they are never told anything again.";
            default -> null;
        };
    }

    private static List<Map<String, Object>> scopes(Set<String> held) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ConsentScope s : ConsentScope.values()) {
            out.add(Map.of("code", Codes.of(s), "label", SCOPE_LABELS.get(s), "checked", held.contains(Codes.of(s))));
        }
        return out;
    }

    // ---- the plumbing shared by the changes

    /** A change's scheduler outcome and the page to show when it is refused (null: the problem page). */
    private record Attempt(SchedulerClient.Outcome outcome, RefusalPage onRefused, String done, Response early) {
        Attempt(SchedulerClient.Outcome outcome, RefusalPage onRefused, String done) {
            this(outcome, onRefused, done, null);
        }

        /** Nothing was sent to the scheduler: {@code page} says why. */
        static Attempt shown(Response page) {
            return new Attempt(null, null, null, page);
        }
    }

    @FunctionalInterface
    private interface RefusalPage {
        Response show(SchedulerClient.Refused refused);
    }

    @FunctionalInterface
    private interface Change {
        Attempt attempt(String memberId);
    }

    @FunctionalInterface
    private interface MemberPage {
        Response show(String memberId, JsonNode member);
    }

    /** Opens a form with the scheduler's current record; audited as a view of the member's record. */
    private Response withMember(Request request, StaffSession staff, String what, MemberPage page) {
        String memberId = request.pathParam("id");
        Response refused = actions.refusal(request, staff, memberId, what);
        if (refused != null) {
            return refused;
        }
        String from = ConsolePages.from(request);
        if (scheduler == null) {
            audit.record(staff.staffId(), memberId, what, from, "not-configured");
            return notConfigured(staff);
        }
        return switch (scheduler.member(memberId)) {
            case SchedulerClient.Done d -> {
                audit.record(staff.staffId(), memberId, what, from, "done");
                yield page.show(memberId, d.member());
            }
            case SchedulerClient.Refused r -> {
                audit.record(staff.staffId(), memberId, what, from, "refused-" + r.status());
                yield r.status() == 404
                        ? pages.notFound(staff)
                        : actions.problem(staff, 400, "Not available", "The scheduler refused: " + r.reason());
            }
            case SchedulerClient.Unavailable u -> {
                audit.record(staff.staffId(), memberId, what, from, "unavailable-" + u.status());
                yield actions.problem(staff, u.status(), "Scheduler unavailable", u.reason());
            }
        };
    }

    private Response change(Request request, StaffSession staff, String what, Change change) {
        String memberId = request.pathParam("id");
        Response refused = actions.refusal(request, staff, memberId, what);
        if (refused != null) {
            return refused;
        }
        String from = ConsolePages.from(request);
        if (scheduler == null) {
            audit.record(staff.staffId(), memberId, what, from, "not-configured");
            return notConfigured(staff);
        }
        Attempt attempt = change.attempt(memberId);
        if (attempt.early() != null) {
            audit.record(staff.staffId(), memberId, what, from, "invalid");
            return attempt.early();
        }
        return switch (attempt.outcome()) {
            case SchedulerClient.Done d -> {
                audit.record(staff.staffId(), memberId, what, from, "done");
                String anchor = attempt.done().startsWith("contact") ? "/contacts?done=" : "?done=";
                yield Response.redirect("/members/" + memberId + anchor + attempt.done());
            }
            case SchedulerClient.Refused r -> {
                audit.record(staff.staffId(), memberId, what, from, "refused-" + r.status());
                yield attempt.onRefused() != null && r.status() != 404
                        ? attempt.onRefused().show(r)
                        : actions.problem(
                                staff,
                                r.status() == 404 ? 404 : status(r),
                                "Not changed",
                                "The scheduler refused the change: " + r.reason());
            }
            case SchedulerClient.Unavailable u -> {
                audit.record(
                        staff.staffId(),
                        memberId,
                        what,
                        from,
                        "unavailable-" + u.status() + (u.maybeApplied() ? "-maybe" : ""));
                yield actions.problem(staff, u.status(), "Scheduler unavailable", u.reason());
            }
        };
    }

    private Response notConfigured(StaffSession staff) {
        return actions.problem(
                staff,
                503,
                "Not available",
                "Member edits are not available: the console has no scheduler configured.");
    }

    /** The contact as the scheduler holds it now, or null when the member has none with that id. */
    private JsonNode currentContact(String memberId, String contactId) {
        if (scheduler.member(memberId) instanceof SchedulerClient.Done d) {
            for (JsonNode c : d.member().path("contacts")) {
                if (contactId.equals(c.path("contactId").asText())) {
                    return c;
                }
            }
            return null;
        }
        // Without the current consent there is no telling whether the change widens it: refuse rather than guess.
        throw new BadRequest("The member's contacts could not be read from the scheduler just now; nothing was"
                + " changed. Try again in a minute.");
    }

    private static Map<String, String> contactErrors(SchedulerClient.Refused refused) {
        Map<String, String> errors = new LinkedHashMap<>();
        refused.errors().forEach((field, why) -> {
            String ours = field.contains(".") ? field.substring(field.lastIndexOf('.') + 1) : field;
            errors.merge(CONTACT_FIELDS.contains(ours) ? ours : "general", why, (a, b) -> a + "; " + b);
        });
        if (errors.isEmpty()) {
            errors.put("general", refused.reason());
        }
        return errors;
    }

    private static void requireContactId(String contactId) {
        try {
            UUID.fromString(contactId);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("That is not a contact's id.");
        }
    }

    private static int status(SchedulerClient.Refused r) {
        return r.status() == 409 ? 409 : 400;
    }

    private static void putDate(ObjectNode node, String name, String value) {
        if (value.isEmpty()) {
            node.putNull(name);
        } else {
            node.put(name, value);
        }
    }

    private static String hhmm(String time) {
        return time.length() > 5 && time.charAt(5) == ':' && time.endsWith(":00") ? time.substring(0, 5) : time;
    }

    /** A contact as entered in a form: name, email, relationship, consent scopes checked, and the confirmation. */
    private record ContactForm(Map<String, String> values, Set<ConsentScope> consent, boolean memberConsented) {

        static ContactForm of(Map<String, String> form) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String name : List.of("name", "email", "relationship")) {
                values.put(name, form.getOrDefault(name, "").strip());
            }
            Set<ConsentScope> consent = EnumSet.noneOf(ConsentScope.class);
            for (ConsentScope s : ConsentScope.values()) {
                if (form.containsKey("consent-" + Codes.of(s))) {
                    consent.add(s);
                    values.put("consent-" + Codes.of(s), "on");
                }
            }
            return new ContactForm(values, consent, "yes".equals(form.get("memberConsented")));
        }

        static Set<String> checked(Map<String, String> values) {
            Set<String> out = new HashSet<>();
            values.keySet().stream()
                    .filter(k -> k.startsWith("consent-"))
                    .forEach(k -> out.add(k.substring("consent-".length())));
            return out;
        }

        Map<String, String> shapeErrors() {
            Map<String, String> errors = new LinkedHashMap<>();
            if (values.get("name").isEmpty()) {
                errors.put("name", "Give the contact's name.");
            }
            if (values.get("email").isEmpty()) {
                errors.put("email", "Give the contact's email address.");
            }
            return errors;
        }

        JsonNode json() {
            ObjectNode c = Json.object();
            c.put("name", values.get("name"));
            c.put("email", values.get("email"));
            if (values.get("relationship").isEmpty()) {
                c.putNull("relationship");
            } else {
                c.put("relationship", values.get("relationship"));
            }
            ArrayNode scopes = c.putArray("consent");
            consent.forEach(s -> scopes.add(Codes.of(s)));
            return c;
        }
    }
}
