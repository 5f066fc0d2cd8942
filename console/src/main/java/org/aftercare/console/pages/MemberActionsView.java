package org.aftercare.console.pages;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aftercare.console.audit.AccessAudit;
import org.aftercare.console.auth.StaffSession;
import org.aftercare.console.notes.StaffNote;
import org.aftercare.console.notes.StaffNotes;
import org.aftercare.console.readmodel.Access;
import org.aftercare.console.readmodel.Codes;
import org.aftercare.console.readmodel.MemberRecords;
import org.aftercare.console.scheduler.SchedulerClient;
import org.aftercare.console.web.Pages;
import org.aftercare.events.profile.ExitKind;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;

/**
 * The member page's actions beyond flags, every one CSRF-checked (by {@code Authenticated}), only
 * for staff who may view the member (a clinician on the care team, a supervisor, an admin;
 * otherwise the 403 page, the refusal audited) and audited with a code, never a note's text:
 *
 * <ul>
 *   <li>{@code POST /members/{id}/notes} ({@code text}, 1 to 2,000 characters): a staff note in
 *       the console's own database, shown on the timeline; audited {@code note.add} with the note id;
 *   <li>{@code POST /members/{id}/pause}, {@code /resume}, {@code /away} ({@code until}
 *       YYYY-MM-DD, {@code keepPrompts} yes/no), {@code /away/clear}, {@code /exit-events}
 *       ({@code kind} an exit kind code, {@code date} YYYY-MM-DD): the change made by the scheduler
 *       (the system of record) through its admin API; its refusal's reason is shown with its
 *       status, a scheduler that cannot be reached gets a 503 (a bad answer 502) and nothing is
 *       changed. Audited {@code member.<action>} with {@code done}, {@code refused-<status>} or
 *       {@code unavailable-<status>}. The member page shows the change once the scheduler's
 *       {@code member.profile} update reaches the read model;
 *   <li>{@code POST /members/{id}/discharge} ({@code confirm=yes}): the end of the member's
 *       participation, the same way. The plan and the contacts are edited on their own pages
 *       ({@link MemberEditsView}).
 * </ul>
 */
final class MemberActionsView {

    private static final String DATE = "\\d{4}-\\d{2}-\\d{2}";

    private final MemberRecords records;
    private final Access access;
    private final AccessAudit audit;
    private final StaffNotes notes;
    private final SchedulerClient scheduler;
    private final Pages pages;

    /** @param scheduler null when the console has no scheduler configured (member edits are then refused with 503) */
    MemberActionsView(
            MemberRecords records,
            Access access,
            AccessAudit audit,
            StaffNotes notes,
            SchedulerClient scheduler,
            Pages pages) {
        this.records = records;
        this.access = access;
        this.audit = audit;
        this.notes = notes;
        this.scheduler = scheduler;
        this.pages = pages;
    }

    StaffNotes notes() {
        return notes;
    }

    /** What the member page's action forms need. */
    Map<String, Object> model() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("edits", scheduler != null);
        m.put("noteMax", StaffNotes.MAX_LENGTH);
        List<Map<String, Object>> kinds = new ArrayList<>();
        for (ExitKind k : ExitKind.values()) {
            kinds.add(Map.of("code", Codes.of(k)));
        }
        m.put("exitKinds", kinds);
        return m;
    }

    /** The notice after an action redirected back to the member page; null for none. */
    static String notice(String done) {
        if (done == null) {
            return null;
        }
        String what = switch (done) {
            case "note" -> "Note added.";
            case "pause" -> "Paused by the scheduler.";
            case "resume" -> "Resumed by the scheduler.";
            case "away" -> "Absence set by the scheduler.";
            case "away-clear" -> "Absence cleared by the scheduler.";
            case "exit-event" -> "Exit event recorded by the scheduler.";
            case "discharge" -> "Discharged by the scheduler: no more check-ins are sent.";
            case "plan" -> "Check-in plan changed by the scheduler.";
            case "enrolled" -> "Enrolled by the scheduler.";
            default -> null;
        };
        if (what == null || done.equals("note") || done.equals("enrolled")) {
            return what;
        }
        return what + " The record here shows it once the scheduler's update has arrived.";
    }

    Response addNote(Request request, StaffSession staff) {
        String memberId = request.pathParam("id");
        Response refused = refusal(request, staff, memberId, "note.add");
        if (refused != null) {
            return refused;
        }
        String text = request.form().get("text");
        String reason = StaffNotes.problem(text);
        if (reason != null) {
            throw new BadRequest(reason);
        }
        StaffNote note = notes.add(memberId, staff.staffId(), text);
        audit.record(staff.staffId(), memberId, "note.add", ConsolePages.from(request), note.noteId());
        ConsolePages.log()
                .info("staff member {} added note {} for member {}", staff.staffId(), note.noteId(), memberId);
        return Response.redirect("/members/" + memberId + "?done=note#timeline");
    }

    Response pause(Request request, StaffSession staff) {
        return edit(request, staff, "pause", id -> scheduler.pause(id));
    }

    Response resume(Request request, StaffSession staff) {
        return edit(request, staff, "resume", id -> scheduler.resume(id));
    }

    Response setAway(Request request, StaffSession staff) {
        return edit(request, staff, "away", id -> {
            Map<String, String> form = request.form();
            LocalDate until = date(form.get("until"), "until", "the last day away");
            boolean keep = switch (form.getOrDefault("keepPrompts", "")) {
                case "yes" -> true;
                case "no" -> false;
                default -> throw new BadRequest("Choose whether check-in prompts keep coming while away (yes or no).");
            };
            return scheduler.setAway(id, until, keep);
        });
    }

    Response clearAway(Request request, StaffSession staff) {
        return edit(request, staff, "away-clear", id -> scheduler.clearAway(id));
    }

    Response addExitEvent(Request request, StaffSession staff) {
        return edit(request, staff, "exit-event", id -> {
            Map<String, String> form = request.form();
            String kind = form.getOrDefault("kind", "").strip();
            try {
                Codes.parse(ExitKind.class, kind);
            } catch (IllegalArgumentException e) {
                kind = "";
            }
            if (kind.isEmpty()) {
                throw new BadRequest("Choose the kind of exit event: one of " + Params.codes(ExitKind.class) + ".");
            }
            return scheduler.addExitEvent(id, kind, date(form.get("date"), "date", "the day of the exit event"));
        });
    }

    /** Ends the member's participation; the form's {@code confirm=yes} box must be ticked. */
    Response discharge(Request request, StaffSession staff) {
        return edit(request, staff, "discharge", id -> {
            if (!"yes".equals(request.form().get("confirm"))) {
                throw new BadRequest("Tick the box to confirm the discharge; nothing was changed.");
            }
            return scheduler.discharge(id);
        });
    }

    @FunctionalInterface
    private interface Call {
        SchedulerClient.Outcome on(String memberId);
    }

    private Response edit(Request request, StaffSession staff, String action, Call call) {
        String memberId = request.pathParam("id");
        String what = "member." + action;
        Response refused = refusal(request, staff, memberId, what);
        if (refused != null) {
            return refused;
        }
        String from = ConsolePages.from(request);
        if (scheduler == null) {
            audit.record(staff.staffId(), memberId, what, from, "not-configured");
            return problem(
                    staff,
                    503,
                    "Not available",
                    "Member edits are not available: the console has no scheduler configured.");
        }
        SchedulerClient.Outcome outcome = call.on(memberId);
        return switch (outcome) {
            case SchedulerClient.Done d -> {
                audit.record(staff.staffId(), memberId, what, from, "done");
                yield Response.redirect("/members/" + memberId + "?done=" + action + "#actions");
            }
            case SchedulerClient.Refused r -> {
                audit.record(staff.staffId(), memberId, what, from, "refused-" + r.status());
                int status = r.status() == 404 || r.status() == 409 ? r.status() : 400;
                yield problem(staff, status, "Not changed", "The scheduler refused the change: " + r.reason());
            }
            case SchedulerClient.Unavailable u -> {
                audit.record(
                        staff.staffId(),
                        memberId,
                        what,
                        from,
                        "unavailable-" + u.status() + (u.maybeApplied() ? "-maybe" : ""));
                yield problem(staff, u.status(), "Scheduler unavailable", u.reason());
            }
        };
    }

    /** The 404 or 403 page when the member id is not one or the staff member may not act; null when they may. */
    Response refusal(Request request, StaffSession staff, String memberId, String what) {
        if (!memberId.matches(Params.ID)) {
            return pages.notFound(staff);
        }
        if (!access.mayView(staff.staffId(), ConsolePages.roles(staff), memberId)) {
            audit.record(staff.staffId(), memberId, what + ".denied", ConsolePages.from(request), null);
            return pages.forbidden(staff, "This member is not in your care team's caseload.");
        }
        if (records.of(memberId).isEmpty()) {
            return pages.notFound(staff);
        }
        return null;
    }

    Response problem(StaffSession staff, int status, String title, String reason) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("heading", title);
        model.put("reason", reason);
        return pages.page(status, title, "bad-request", staff, model);
    }

    private static LocalDate date(String value, String name, String meaning) {
        String v = value == null ? "" : value.strip();
        if (!v.matches(DATE)) {
            throw new BadRequest("'" + name + "' must be " + meaning + ", written YYYY-MM-DD.");
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeException e) {
            throw new BadRequest("'" + name + "' must be " + meaning + ", written YYYY-MM-DD.");
        }
    }
}
