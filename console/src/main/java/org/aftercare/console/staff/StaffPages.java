package org.aftercare.console.staff;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.aftercare.console.audit.AccessAudit;
import org.aftercare.console.auth.Role;
import org.aftercare.console.auth.StaffSession;
import org.aftercare.console.readmodel.MemberRecord;
import org.aftercare.console.readmodel.MemberRecords;
import org.aftercare.console.web.Authenticated;
import org.aftercare.console.web.ConsoleWeb;
import org.aftercare.console.web.Pages;
import org.aftercare.events.Json;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.staff.AlertCadence;
import org.aftercare.events.staff.CareTeam;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.events.staff.StaffRole;
import org.aftercare.events.staff.StaffRules;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.http.Routes;

/**
 * The pages that manage staff, every one behind {@link Authenticated} (so CSRF-checked on POST):
 *
 * <ul>
 *   <li>{@code GET /staff?q=} (admins): the staff list with search; {@code GET /staff/new} and
 *       {@code POST /staff}: add; {@code GET /staff/{id}} and {@code POST /staff/{id}}: change name,
 *       work email and roles; {@code POST /staff/{id}/active}: deactivate or reactivate;
 *   <li>{@code GET} and {@code POST /members/{id}/care-team} (supervisors and admins): the member's
 *       primary staff member and the others, in order, from the active staff;
 *   <li>{@code GET} and {@code POST /me/alerts} (every signed-in staff member): their own alert
 *       preferences for high and medium flags (critical always at once), digest time, time zone.
 * </ul>
 *
 * A refused change shows the form again (400) with each reason beside its field. Every view and
 * change is in the {@link AccessAudit} (the changes by {@link StaffAdmin}).
 */
public final class StaffPages {

    static final int LIST_LIMIT = 200;
    private static final Map<AlertCadence, String> CADENCE_LABELS = Map.of(
            AlertCadence.IMMEDIATELY, "At once, one email per flag",
            AlertCadence.EVERY_3_HOURS, "A digest every 3 hours",
            AlertCadence.DAILY_DIGEST, "A daily digest");

    private final StaffAdmin admin;
    private final MemberRecords records;
    private final AccessAudit audit;
    private final ConsoleWeb web;
    private final Pages pages;

    public StaffPages(StaffAdmin admin, MemberRecords records, AccessAudit audit, ConsoleWeb web) {
        this.admin = admin;
        this.records = records;
        this.audit = audit;
        this.web = web;
        this.pages = web.pages();
    }

    public Routes register(Routes routes) {
        Authenticated auth = web.auth();
        Set<Role> admins = EnumSet.of(Role.ADMIN);
        Set<Role> supervisors = EnumSet.of(Role.SUPERVISOR, Role.ADMIN);
        routes.get("/staff", auth.signedIn(admins, this::list));
        routes.get("/staff/new", auth.signedIn(admins, this::newForm));
        routes.post("/staff", auth.signedIn(admins, this::add));
        routes.get("/staff/{id}", auth.signedIn(admins, this::editForm));
        routes.post("/staff/{id}", auth.signedIn(admins, this::edit));
        routes.post("/staff/{id}/active", auth.signedIn(admins, this::setActive));
        routes.get("/members/{id}/care-team", auth.signedIn(supervisors, this::careTeamForm));
        routes.post("/members/{id}/care-team", auth.signedIn(supervisors, this::setCareTeam));
        routes.get("/me/alerts", auth.signedIn(this::alertsForm));
        routes.post("/me/alerts", auth.signedIn(this::setAlerts));
        return routes;
    }

    // ---- /staff

    private Response list(Request request, StaffSession staff) {
        String q = request.query("q").map(String::strip).orElse("");
        if (q.length() > 100) {
            q = q.substring(0, 100);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (StaffMember m : admin.search(q, LIST_LIMIT)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", m.staffId());
            row.put("name", m.name());
            row.put("email", m.workEmail());
            row.put("roles", roleLabels(m.roles()));
            row.put("active", m.active());
            row.put("href", "/staff/" + enc(m.staffId()));
            rows.add(row);
        }
        audit.record(staff.staffId(), null, "staff.list", from(request), null);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("q", q);
        model.put("rows", rows);
        model.put("none", rows.isEmpty());
        model.put("limited", rows.size() == LIST_LIMIT);
        model.put("limit", LIST_LIMIT);
        return pages.page(200, "Staff", "staff", staff, model);
    }

    private Response newForm(Request request, StaffSession staff) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("timeZone", "America/Chicago");
        form.put("role-clinician", "on");
        return staffForm(200, staff, true, null, form, Map.of(), null);
    }

    private Response add(Request request, StaffSession staff) {
        Map<String, String> form = request.form();
        String staffId = form.getOrDefault("staffId", "").strip();
        if (staffId.equals("new")) {
            // /staff/new is the add form: a staff member with that id could not be opened
            return staffForm(400, staff, true, null, form, Map.of("staffId", "cannot be \"new\""), null);
        }
        return saveStaff(request, staff, staffId, form, true);
    }

    private Response editForm(Request request, StaffSession staff) {
        String id = request.pathParam("id");
        Optional<StaffMember> m = admin.find(id);
        if (m.isEmpty()) {
            return pages.notFound(staff);
        }
        audit.record(staff.staffId(), null, "staff.view", from(request), id);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", m.get().name());
        form.put("workEmail", m.get().workEmail());
        form.put("timeZone", m.get().timeZone().getId());
        for (StaffRole r : m.get().roles()) {
            form.put("role-" + label(r), "on");
        }
        return staffForm(
                200,
                staff,
                false,
                m.get(),
                form,
                Map.of(),
                request.query("saved").isPresent() ? "Saved." : null);
    }

    private Response edit(Request request, StaffSession staff) {
        String id = request.pathParam("id");
        if (admin.find(id).isEmpty()) {
            return pages.notFound(staff);
        }
        return saveStaff(request, staff, id, request.form(), false);
    }

    private Response saveStaff(
            Request request, StaffSession staff, String staffId, Map<String, String> form, boolean isNew) {
        Map<String, String> errors = new LinkedHashMap<>();
        Set<StaffRole> roles = EnumSet.noneOf(StaffRole.class);
        for (StaffRole r : StaffRole.values()) {
            if (form.containsKey("role-" + label(r))) {
                roles.add(r);
            }
        }
        ZoneId zone = null;
        String zoneText = form.getOrDefault("timeZone", "").strip();
        if (!zoneText.isEmpty() || isNew) {
            zone = zone(zoneText, errors);
        }
        StaffMember before = isNew ? null : admin.find(staffId).orElse(null);
        if (errors.isEmpty()) {
            try {
                StaffMember saved = admin.save(
                        staff.staffId(),
                        new StaffAdmin.StaffDraft(staffId, form.get("name"), form.get("workEmail"), roles, zone),
                        from(request));
                return Response.redirect("/staff/" + enc(saved.staffId()) + "?saved=1");
            } catch (StaffProblem p) {
                if (p.notFound()) {
                    return pages.notFound(staff);
                }
                errors.putAll(p.fields());
            }
        }
        if (isNew
                && before == null
                && !errors.containsKey("staffId")
                && admin.find(staffId).isPresent()) {
            errors.put("staffId", "is already on the staff list");
        }
        return staffForm(400, staff, isNew, before, form, errors, null);
    }

    private Response staffForm(
            int status,
            StaffSession staff,
            boolean isNew,
            StaffMember m,
            Map<String, String> form,
            Map<String, String> errors,
            String notice) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("isNew", isNew);
        model.put("action", isNew ? "/staff" : "/staff/" + enc(m.staffId()));
        model.put("form", complete(form, "staffId", "name", "workEmail", "timeZone"));
        model.put("errors", errors);
        model.put("errorList", errorList(errors));
        model.put("hasErrors", !errors.isEmpty());
        model.put("notice", notice);
        if (m != null) {
            model.put("id", m.staffId());
            model.put("activeAction", "/staff/" + enc(m.staffId()) + "/active");
            model.put("active", m.active());
            model.put("self", m.staffId().equals(staff.staffId()));
        }
        List<Map<String, Object>> roleBoxes = new ArrayList<>();
        for (StaffRole r : StaffRole.values()) {
            roleBoxes.add(Map.of(
                    "value", label(r), "checked", form.containsKey("role-" + label(r)), "id", "f-role-" + label(r)));
        }
        model.put("roleBoxes", roleBoxes);
        String title = isNew ? "Add a staff member" : "Staff member " + m.name();
        return pages.page(status, title, "staff-form", staff, model);
    }

    private Response setActive(Request request, StaffSession staff) {
        String id = request.pathParam("id");
        Optional<StaffMember> m = admin.find(id);
        if (m.isEmpty()) {
            return pages.notFound(staff);
        }
        String value = request.form().getOrDefault("active", "");
        if (!value.equals("true") && !value.equals("false")) {
            return staffForm(
                    400,
                    staff,
                    false,
                    m.get(),
                    formOf(m.get()),
                    Map.of("active", "choose deactivate or reactivate"),
                    null);
        }
        try {
            admin.setActive(staff.staffId(), id, Boolean.parseBoolean(value), from(request));
            return Response.redirect("/staff/" + enc(id) + "?saved=1");
        } catch (StaffProblem p) {
            if (p.notFound()) {
                return pages.notFound(staff);
            }
            Map<String, String> errors = new LinkedHashMap<>(p.fields());
            if (errors.isEmpty()) {
                errors.put("active", p.getMessage());
            }
            return staffForm(400, staff, false, m.get(), formOf(m.get()), errors, null);
        }
    }

    private static Map<String, String> formOf(StaffMember m) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", m.name());
        form.put("workEmail", m.workEmail());
        form.put("timeZone", m.timeZone().getId());
        for (StaffRole r : m.roles()) {
            form.put("role-" + label(r), "on");
        }
        return form;
    }

    // ---- /members/{id}/care-team

    private Response careTeamForm(Request request, StaffSession staff) {
        String memberId = request.pathParam("id");
        Optional<MemberRecord> member = member(memberId);
        audit.record(
                staff.staffId(),
                validId(memberId) ? memberId : null,
                "care-team.view",
                from(request),
                member.isEmpty() ? "not-found" : null);
        if (member.isEmpty()) {
            return pages.notFound(staff);
        }
        Optional<CareTeam> team = admin.careTeam(memberId);
        String primary = team.map(CareTeam::primaryStaffId).orElse(member.get().primaryStaffId());
        List<String> others =
                team.map(CareTeam::otherStaffIds).orElse(member.get().otherStaffIds());
        return careTeamPage(
                200,
                staff,
                member.get(),
                primary,
                others,
                Map.of(),
                request.query("saved").isPresent() ? "Care team saved." : null);
    }

    private Response setCareTeam(Request request, StaffSession staff) {
        String memberId = request.pathParam("id");
        Optional<MemberRecord> member = member(memberId);
        if (member.isEmpty()) {
            audit.record(
                    staff.staffId(), validId(memberId) ? memberId : null, "care-team.set", from(request), "not-found");
            return pages.notFound(staff);
        }
        Map<String, String> form = request.form();
        String primary = form.getOrDefault("primaryStaffId", "").strip();
        List<String> others = new ArrayList<>();
        for (int i = 1; i <= StaffRules.MAX_OTHERS; i++) {
            String o = form.getOrDefault("other-" + i, "").strip();
            if (!o.isEmpty()) {
                others.add(o);
            }
        }
        try {
            admin.assign(staff.staffId(), memberId, primary.isEmpty() ? null : primary, others, from(request));
            return Response.redirect("/members/" + enc(memberId) + "/care-team?saved=1");
        } catch (StaffProblem p) {
            if (p.notFound()) {
                return pages.notFound(staff);
            }
            return careTeamPage(400, staff, member.get(), primary, others, p.fields(), null);
        }
    }

    private Response careTeamPage(
            int status,
            StaffSession staff,
            MemberRecord member,
            String primary,
            List<String> others,
            Map<String, String> errors,
            String notice) {
        List<StaffMember> active = admin.activeStaff();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("memberId", member.memberId());
        model.put("memberName", member.firstName());
        model.put("externalId", member.externalId());
        model.put("action", "/members/" + enc(member.memberId()) + "/care-team");
        model.put("back", "/members/" + enc(member.memberId()));
        model.put("primaryOptions", options(active, primary));
        List<Map<String, Object>> otherSelects = new ArrayList<>();
        int slots = Math.min(StaffRules.MAX_OTHERS, Math.max(3, others.size() + 1));
        for (int i = 1; i <= slots; i++) {
            String chosen = i <= others.size() ? others.get(i - 1) : null;
            otherSelects.add(Map.of("n", i, "options", options(active, chosen)));
        }
        model.put("otherSelects", otherSelects);
        model.put("errors", errors);
        model.put("errorList", errorList(errors));
        model.put("hasErrors", !errors.isEmpty());
        model.put("notice", notice);
        model.put("noStaff", active.isEmpty());
        String name = member.firstName() == null ? member.memberId() : member.firstName();
        return pages.page(status, "Care team of " + name, "care-team", staff, model);
    }

    private static List<Map<String, Object>> options(List<StaffMember> active, String chosen) {
        List<Map<String, Object>> out = new ArrayList<>();
        boolean found = false;
        for (StaffMember m : active) {
            boolean selected = m.staffId().equals(chosen);
            found |= selected;
            out.add(Map.of("value", m.staffId(), "label", m.name() + " (" + m.staffId() + ")", "selected", selected));
        }
        if (chosen != null && !chosen.isEmpty() && !found) {
            // someone no longer active (or not on the list): shown, so the form says what is there now
            out.add(Map.of("value", chosen, "label", chosen + " (not an active staff member)", "selected", true));
        }
        return out;
    }

    private Optional<MemberRecord> member(String memberId) {
        if (!validId(memberId)) {
            return Optional.empty();
        }
        return records.of(memberId);
    }

    private static boolean validId(String memberId) {
        return memberId != null && memberId.matches("[A-Za-z0-9._:-]{1,64}");
    }

    // ---- /me/alerts

    private Response alertsForm(Request request, StaffSession staff) {
        Optional<StaffMember> me = admin.find(staff.staffId());
        audit.record(staff.staffId(), null, "alerts.view", from(request), null);
        Map<String, String> form = new LinkedHashMap<>();
        me.ifPresent(m -> {
            form.put("alertHigh", wire(m.cadenceFor(FlagSeverity.HIGH)));
            form.put("alertMedium", wire(m.cadenceFor(FlagSeverity.MEDIUM)));
            form.put("digestAt", m.digestAt().toString());
            form.put("timeZone", m.timeZone().getId());
        });
        return alertsPage(
                200,
                staff,
                me.isPresent(),
                form,
                Map.of(),
                request.query("saved").isPresent() ? "Your alert preferences are saved." : null);
    }

    private Response setAlerts(Request request, StaffSession staff) {
        if (admin.find(staff.staffId()).isEmpty()) {
            return alertsPage(409, staff, false, Map.of(), Map.of(), null);
        }
        Map<String, String> form = request.form();
        Map<String, String> errors = new LinkedHashMap<>();
        AlertCadence high = cadence(form.get("alertHigh"), "alertHigh", errors);
        AlertCadence medium = cadence(form.get("alertMedium"), "alertMedium", errors);
        LocalTime digestAt = null;
        try {
            digestAt = LocalTime.parse(form.getOrDefault("digestAt", "").strip());
        } catch (DateTimeException e) {
            errors.put("digestAt", "must be a time of day written HH:MM");
        }
        ZoneId zone = zone(form.getOrDefault("timeZone", "").strip(), errors);
        if (errors.isEmpty()) {
            try {
                admin.setAlerts(staff.staffId(), staff.staffId(), high, medium, digestAt, zone, from(request));
                return Response.redirect("/me/alerts?saved=1");
            } catch (StaffProblem p) {
                errors.putAll(p.fields());
            }
        }
        return alertsPage(400, staff, true, form, errors, null);
    }

    private Response alertsPage(
            int status,
            StaffSession staff,
            boolean onRecord,
            Map<String, String> form,
            Map<String, String> errors,
            String notice) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("onRecord", onRecord);
        model.put("form", complete(form, "alertHigh", "alertMedium", "digestAt", "timeZone"));
        model.put("errors", errors);
        model.put("errorList", errorList(errors));
        model.put("hasErrors", !errors.isEmpty());
        model.put("notice", notice);
        model.put("highOptions", cadenceOptions(form.get("alertHigh")));
        model.put("mediumOptions", cadenceOptions(form.get("alertMedium")));
        return pages.page(status, "Your alert preferences", "alerts", staff, model);
    }

    private static List<Map<String, Object>> cadenceOptions(String chosen) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (AlertCadence c : AlertCadence.values()) {
            out.add(Map.of("value", wire(c), "label", CADENCE_LABELS.get(c), "selected", wire(c).equals(chosen)));
        }
        return out;
    }

    private static AlertCadence cadence(String value, String field, Map<String, String> errors) {
        for (AlertCadence c : AlertCadence.values()) {
            if (wire(c).equals(value)) {
                return c;
            }
        }
        errors.put(field, "choose one of the offered choices");
        return null;
    }

    // ---- helpers

    /** The form's values with every field the template shows (a field left out is empty, not missing). */
    private static Map<String, String> complete(Map<String, String> form, String... fields) {
        Map<String, String> out = new LinkedHashMap<>(form);
        for (String f : fields) {
            out.putIfAbsent(f, "");
        }
        return out;
    }

    private static ZoneId zone(String text, Map<String, String> errors) {
        if (text.isEmpty()) {
            errors.put("timeZone", "is required (for example America/Chicago)");
            return null;
        }
        if (!StaffRules.isKnownTimeZone(text)) {
            errors.put("timeZone", "is not a known time zone (for example America/Chicago)");
            return null;
        }
        return ZoneId.of(text);
    }

    private static final Map<String, String> FIELD_LABELS = Map.ofEntries(
            Map.entry("staffId", "Staff id"),
            Map.entry("name", "Name"),
            Map.entry("workEmail", "Work email"),
            Map.entry("roles", "Roles"),
            Map.entry("timeZone", "Time zone"),
            Map.entry("active", "Active"),
            Map.entry("primaryStaffId", "Primary staff member"),
            Map.entry("otherStaffIds", "Others on the team"),
            Map.entry("alertHigh", "High flags"),
            Map.entry("alertMedium", "Medium flags"),
            Map.entry("digestAt", "Digest time"));

    /** The error summary at the top of a form: each links to its field. */
    private static List<Map<String, String>> errorList(Map<String, String> errors) {
        List<Map<String, String>> out = new ArrayList<>();
        errors.forEach((field, reason) -> out.add(
                Map.of("field", "f-" + field, "label", FIELD_LABELS.getOrDefault(field, field), "reason", reason)));
        return out;
    }

    private static String wire(AlertCadence c) {
        return Json.convert(c, String.class);
    }

    private static String label(StaffRole r) {
        return Json.convert(r, String.class);
    }

    private static String roleLabels(Set<StaffRole> roles) {
        return String.join(", ", roles.stream().sorted().map(StaffPages::label).toList());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String from(Request request) {
        String address = request.clientAddress();
        return address != null && address.matches("[0-9A-Fa-f.:%\\[\\]]{1,64}") ? address : null;
    }
}
