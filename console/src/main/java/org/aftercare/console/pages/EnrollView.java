package org.aftercare.console.pages;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.aftercare.console.audit.AccessAudit;
import org.aftercare.console.auth.StaffSession;
import org.aftercare.console.readmodel.Codes;
import org.aftercare.console.scheduler.SchedulerClient;
import org.aftercare.console.web.Pages;
import org.aftercare.events.Json;
import org.aftercare.events.profile.ExitKind;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;

/**
 * The enroll form for supervisors and admins ({@code GET} and {@code POST /members/new}): program
 * id, first name, email, time zone, check-in times and days, optionally one support contact and
 * an exit event. The scheduler (the system of record) checks the enrollment; its reasons are shown
 * beside the fields they name, the values kept. On success the staff member goes to the new
 * member's page. Audited {@code member.enroll} with {@code done}, {@code refused-<status>} or
 * {@code unavailable-<status>} (the member id when there is one; never a field's value).
 */
final class EnrollView {

    static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    static final List<String> CONSENTS = List.of("missed-check-ins", "help-requested", "use-reported", "milestones");
    private static final List<String> FIELDS = List.of(
            "externalId",
            "firstName",
            "email",
            "timeZone",
            "times",
            "contactName",
            "contactEmail",
            "contactRelationship",
            "exitKind",
            "exitDate");
    private static final int MAX_FIELD = 500;
    private static final List<String> ZONES = List.copyOf(new TreeSet<>(ZoneId.getAvailableZoneIds())
            .stream()
                    .filter(z -> z.contains("/") && !z.startsWith("Etc/") && !z.startsWith("SystemV/"))
                    .toList());

    private final SchedulerClient scheduler;
    private final AccessAudit audit;
    private final Pages pages;

    EnrollView(SchedulerClient scheduler, AccessAudit audit, Pages pages) {
        this.scheduler = scheduler;
        this.audit = audit;
        this.pages = pages;
    }

    Response form(Request request, StaffSession staff) {
        return render(staff, 200, Map.of(), Map.of(), List.of());
    }

    Response enroll(Request request, StaffSession staff) {
        String from = ConsolePages.from(request);
        Map<String, String> form = request.form();
        Map<String, String> values = new LinkedHashMap<>();
        for (String f : FIELDS) {
            String v = form.getOrDefault(f, "").strip();
            values.put(f, v.length() > MAX_FIELD ? v.substring(0, MAX_FIELD) : v);
        }
        List<String> days = checked(request, "days", DAYS);
        List<String> consents = checked(request, "contactConsent", CONSENTS);
        if (scheduler == null) {
            audit.record(staff.staffId(), null, "member.enroll", from, "not-configured");
            return render(
                    staff,
                    503,
                    values(values, days, consents),
                    Map.of(),
                    List.of("Enrolling is not available: the console has no scheduler configured."));
        }
        SchedulerClient.Outcome outcome = scheduler.enroll(body(values, days, consents));
        return switch (outcome) {
            case SchedulerClient.Done d -> {
                String memberId = d.member().path("memberId").asText("");
                if (!memberId.matches(Params.ID)) {
                    audit.record(staff.staffId(), null, "member.enroll", from, "bad-answer");
                    yield render(
                            staff,
                            502,
                            values(values, days, consents),
                            Map.of(),
                            List.of("The scheduler's answer named no member; check the caseload before trying again."));
                }
                audit.record(staff.staffId(), memberId, "member.enroll", from, "done");
                ConsolePages.log().info("staff member {} enrolled member {}", staff.staffId(), memberId);
                yield Response.redirect("/members/" + memberId + "?done=enrolled");
            }
            case SchedulerClient.Refused r -> {
                audit.record(staff.staffId(), null, "member.enroll", from, "refused-" + r.status());
                Map<String, String> errors = new LinkedHashMap<>();
                List<String> general = new ArrayList<>();
                r.errors().forEach((field, reason) -> {
                    String at = formField(field);
                    if (at == null) {
                        general.add(field + " " + reason);
                    } else {
                        errors.merge(at, reason, (a, b) -> a + "; " + b);
                    }
                });
                if (r.errors().isEmpty()) {
                    general.add(r.reason());
                }
                yield render(staff, r.status() == 409 ? 409 : 400, values(values, days, consents), errors, general);
            }
            case SchedulerClient.Unavailable u -> {
                audit.record(
                        staff.staffId(),
                        null,
                        "member.enroll",
                        from,
                        "unavailable-" + u.status() + (u.maybeApplied() ? "-maybe" : ""));
                yield render(staff, u.status(), values(values, days, consents), Map.of(), List.of(u.reason()));
            }
        };
    }

    /** The enrollment the scheduler's {@code POST /api/members} takes, from the form. */
    static ObjectNode body(Map<String, String> v, List<String> days, List<String> consents) {
        ObjectNode body = Json.object();
        for (String f : List.of("externalId", "firstName", "email", "timeZone")) {
            body.put(f, v.get(f));
        }
        ObjectNode plan = body.putObject("plan");
        ArrayNode times = plan.putArray("times");
        for (String t : v.get("times").split("[,;\\s]+")) {
            if (!t.isBlank()) {
                times.add(t);
            }
        }
        if (!days.isEmpty()) { // none ticked: every day (an empty list would be no day at all)
            ArrayNode dayList = plan.putArray("days");
            days.forEach(dayList::add);
        }
        if (!v.get("contactName").isEmpty()
                || !v.get("contactEmail").isEmpty()
                || !v.get("contactRelationship").isEmpty()
                || !consents.isEmpty()) {
            ObjectNode contact = body.putArray("contacts").addObject();
            contact.put("name", v.get("contactName"));
            contact.put("email", v.get("contactEmail"));
            if (!v.get("contactRelationship").isEmpty()) {
                contact.put("relationship", v.get("contactRelationship"));
            }
            ArrayNode consent = contact.putArray("consent");
            consents.forEach(consent::add);
        }
        if (!v.get("exitKind").isEmpty() || !v.get("exitDate").isEmpty()) {
            ObjectNode exit = body.putArray("exitEvents").addObject();
            exit.put("kind", v.get("exitKind"));
            exit.put("date", v.get("exitDate"));
        }
        return body;
    }

    /** The form field a scheduler field's reason belongs beside; null for the summary only. */
    static String formField(String schedulerField) {
        return switch (schedulerField) {
            case "externalId", "firstName", "email", "timeZone" -> schedulerField;
            case "plan.days" -> "days";
            case "contacts[0].name", "contacts", "contacts[0]" -> "contactName";
            case "contacts[0].email" -> "contactEmail";
            case "contacts[0].relationship" -> "contactRelationship";
            case "contacts[0].consent" -> "contactConsent";
            case "exitEvents[0].kind", "exitEvents", "exitEvents[0]" -> "exitKind";
            case "exitEvents[0].date" -> "exitDate";
            default -> schedulerField.startsWith("plan") ? "times" : null;
        };
    }

    /** The boxes ticked among {@code allowed} (a repeated form name: the form map keeps only the last). */
    private static List<String> checked(Request request, String name, List<String> allowed) {
        List<String> out = new ArrayList<>();
        String raw = new String(request.body(), StandardCharsets.UTF_8);
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (allowed.contains(value) && !out.contains(value)) {
                    out.add(value);
                }
            }
        }
        return out;
    }

    private static Map<String, Object> values(Map<String, String> v, List<String> days, List<String> consents) {
        Map<String, Object> m = new LinkedHashMap<>(v);
        m.put("days", days);
        m.put("contactConsent", consents);
        return m;
    }

    private Response render(
            StaffSession staff,
            int status,
            Map<String, Object> values,
            Map<String, String> errors,
            List<String> general) {
        Map<String, Object> model = new LinkedHashMap<>();
        for (String f : FIELDS) {
            Object v = values.get(f);
            model.put("v_" + f, v == null ? "" : v);
        }
        for (String f : List.of(
                "externalId",
                "firstName",
                "email",
                "timeZone",
                "times",
                "days",
                "contactName",
                "contactEmail",
                "contactRelationship",
                "contactConsent",
                "exitKind",
                "exitDate")) {
            model.put("e_" + f, errors.get(f));
        }
        @SuppressWarnings("unchecked")
        List<String> days = (List<String>) values.getOrDefault("days", List.of());
        @SuppressWarnings("unchecked")
        List<String> consents = (List<String>) values.getOrDefault("contactConsent", List.of());
        model.put("dayBoxes", boxes(DAYS, days));
        model.put("consentBoxes", boxes(CONSENTS, consents));
        List<Map<String, Object>> kinds = new ArrayList<>();
        for (ExitKind k : ExitKind.values()) {
            String code = Codes.of(k);
            kinds.add(Map.of("code", code, "selected", code.equals(values.get("exitKind"))));
        }
        model.put("exitKinds", kinds);
        model.put("zones", ZONES);
        List<Map<String, String>> summary = new ArrayList<>();
        errors.forEach((f, reason) -> summary.add(Map.of("field", f, "label", label(f), "reason", reason)));
        model.put("summary", summary.isEmpty() ? null : summary);
        model.put("general", general.isEmpty() ? null : general);
        model.put("hasErrors", !summary.isEmpty() || !general.isEmpty());
        return pages.page(
                status,
                errors.isEmpty() && general.isEmpty() ? "Enroll a member" : "Enroll a member (check the form)",
                "enroll",
                staff,
                model);
    }

    private static List<Map<String, Object>> boxes(List<String> all, List<String> checked) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String v : all) {
            out.add(Map.of("value", v, "checked", checked.contains(v)));
        }
        return out;
    }

    static String label(String field) {
        return switch (field) {
            case "externalId" -> "Program id";
            case "firstName" -> "First name";
            case "email" -> "Email";
            case "timeZone" -> "Time zone";
            case "times" -> "Check-in times";
            case "days" -> "Check-in days";
            case "contactName" -> "Contact's name";
            case "contactEmail" -> "Contact's email";
            case "contactRelationship" -> "Relationship";
            case "contactConsent" -> "What the contact is told";
            case "exitKind" -> "Exit event";
            case "exitDate" -> "Exit event date";
            default -> field;
        };
    }
}
