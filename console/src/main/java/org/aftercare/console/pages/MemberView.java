package org.aftercare.console.pages;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.aftercare.console.audit.AccessAudit;
import org.aftercare.console.auth.StaffSession;
import org.aftercare.console.notes.StaffNote;
import org.aftercare.console.readmodel.Access;
import org.aftercare.console.readmodel.Codes;
import org.aftercare.console.readmodel.FlagView;
import org.aftercare.console.readmodel.MemberRecord;
import org.aftercare.console.readmodel.MemberRecords;
import org.aftercare.console.readmodel.MemberSeries;
import org.aftercare.console.readmodel.StaffNames;
import org.aftercare.console.readmodel.TimelineEntry;
import org.aftercare.console.web.Pages;
import org.aftercare.events.Ids;
import org.aftercare.events.flag.FlagOutcome;
import org.aftercare.events.staff.FlagAcknowledged;
import org.aftercare.events.staff.FlagContacted;
import org.aftercare.events.staff.FlagResolved;
import org.aftercare.events.staff.StaffActionEvent;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;

/**
 * {@code GET /members/{id}?to=<instant>}: one member's record for staff who may see it (otherwise
 * the 403 page, and the refusal audited); every view audited. The head (first name, program id,
 * status, tier, exit event, answer rate, care team), open and closed flags with who acted and
 * when, the flag actions, charts over 30 and 90 days, and the timeline newest first, 50 rows a
 * page, paged by the {@code to} cursor (the oldest time shown).
 *
 * <p>{@code POST /members/{id}/flags/{flagId}} (CSRF-checked by {@code Authenticated}): {@code
 * action} = {@code acknowledge}, {@code contacted} or {@code resolve} (with {@code outcome}, a
 * FlagOutcome code) and {@code nonce} (fresh in every rendered form): publishes the staff action to
 * {@code staff.actions} with an event id derived from the nonce (a resubmitted form is one
 * action), audits it and goes back to the member page.
 */
final class MemberView {

    /** How often the page of a member just enrolled reloads itself until the record has arrived. */
    static final int PENDING_REFRESH_SECONDS = 2;

    static final int TIMELINE_PAGE = 50;
    static final int MAX_SKIP = 900;
    /** The most staff notes shown with one timeline page. */
    static final int MAX_NOTES = 200;

    private static final String NONCE = "[A-Za-z0-9_-]{16,64}";

    private final MemberRecords records;
    private final Access access;
    private final StaffNames names;
    private final AccessAudit audit;
    private final StaffActionPublisher actions;
    private final Clock clock;
    private final Pages pages;
    private final MemberActionsView memberActions;
    private final QuestionnaireCharts questionnaires;

    MemberView(
            MemberRecords records,
            Access access,
            StaffNames names,
            AccessAudit audit,
            StaffActionPublisher actions,
            Clock clock,
            Pages pages,
            MemberActionsView memberActions,
            QuestionnaireCharts questionnaires) {
        this.memberActions = memberActions;
        this.questionnaires = questionnaires;
        this.records = records;
        this.access = access;
        this.names = names;
        this.audit = audit;
        this.actions = actions;
        this.clock = clock;
        this.pages = pages;
    }

    Response page(Request request, StaffSession staff) {
        String memberId = request.pathParam("id");
        if (!memberId.matches(Params.ID)) {
            return pages.notFound(staff);
        }
        String from = ConsolePages.from(request);
        if (!access.mayView(staff.staffId(), ConsolePages.roles(staff), memberId)) {
            audit.record(staff.staffId(), memberId, "member.view.denied", from, null);
            return pages.forbidden(staff, "This member is not in your care team's caseload.");
        }
        Optional<Instant> to = Params.instant(request, "to");
        Optional<MemberRecord> found = records.of(memberId);
        audit.record(staff.staffId(), memberId, "member.view", from, found.isEmpty() ? "not-found" : null);
        if (found.isEmpty()) {
            if (staff.seesAllMembers()
                    && "enrolled".equals(request.query("done").orElse(null))) {
                // Just enrolled at the scheduler: the record arrives over member.profile in a few seconds.
                return pages.page(
                        200,
                        "Member enrolled",
                        "member-pending",
                        staff,
                        Map.of("href", "/members/" + memberId + "?done=enrolled"),
                        PENDING_REFRESH_SECONDS);
            }
            return pages.notFound(staff);
        }
        MemberRecord m = found.get();
        ZoneId zone = m.timeZone();
        // The cursor is the oldest time shown plus one microsecond (the databases' precision) and how
        // many rows at that time were shown already: rows sharing the boundary time are neither lost
        // nor shown twice.
        int skip = Params.integer(request, "skip", 0, 0, MAX_SKIP);
        List<TimelineEntry> fetched = records.timeline(
                memberId, null, to.orElse(null), Math.min(MemberRecords.MAX_TIMELINE, skip + TIMELINE_PAGE + 1));
        List<TimelineEntry> timeline = fetched.subList(Math.min(skip, fetched.size()), fetched.size());
        boolean more = timeline.size() > TIMELINE_PAGE;
        if (more) {
            timeline = timeline.subList(0, TIMELINE_PAGE);
        }
        String olderLink = null;
        if (more) {
            Instant oldest = timeline.getLast().occurredAt();
            long atOldest =
                    timeline.stream().filter(e -> e.occurredAt().equals(oldest)).count();
            Instant cursor = oldest.plus(1, ChronoUnit.MICROS);
            long nextSkip = atOldest + (to.isPresent() && to.get().equals(cursor) ? skip : 0);
            if (nextSkip <= MAX_SKIP) {
                Map<String, Object> q = new LinkedHashMap<>();
                q.put("to", cursor.toString());
                q.put("skip", nextSkip == 0 ? null : nextSkip);
                olderLink = ConsolePages.url("/members/" + memberId, q) + "#timeline";
            }
        }
        Set<String> staffIds = new HashSet<>();
        if (m.primaryStaffId() != null) {
            staffIds.add(m.primaryStaffId());
        }
        staffIds.addAll(m.otherStaffIds());
        for (FlagView f : m.openFlags()) {
            addActors(staffIds, f);
        }
        for (FlagView f : m.closedFlags()) {
            addActors(staffIds, f);
        }
        for (TimelineEntry e : timeline) {
            if (e.staffId() != null) {
                staffIds.add(e.staffId());
            }
        }
        // Staff notes (the console's own data) in the same window as the events on this page.
        List<StaffNote> notes = memberActions
                .notes()
                .of(memberId, more ? timeline.getLast().occurredAt() : null, to.orElse(null), MAX_NOTES);
        for (StaffNote n : notes) {
            staffIds.add(n.staffId());
        }
        Map<String, String> who = names.of(staffIds);

        Map<String, Object> model = new LinkedHashMap<>();
        model.put("member", head(m, who));
        model.put("openFlags", flags(m.openFlags(), who, zone, true));
        model.put("closedFlags", flags(m.closedFlags(), who, zone, false));
        model.put("hasOpenFlags", !m.openFlags().isEmpty());
        model.put("hasClosedFlags", !m.closedFlags().isEmpty());
        model.put("outcomes", outcomes());
        model.put("sent", sentNotice(request.query("sent").orElse(null)));
        model.put("charts", List.of(chart(m, 30, zone), chart(m, 90, zone)));
        List<Map<String, Object>> measures = questionnaires.model(memberId, clock.instant(), zone);
        model.put("questionnaires", measures);
        model.put("hasQuestionnaires", !measures.isEmpty());
        List<Map<String, Object>> sent = questionnaires.sent(memberId, clock.instant(), zone);
        model.put("questionnairesSent", sent);
        model.put("hasQuestionnairesSent", !sent.isEmpty());
        model.put("timeline", merged(timeline(timeline, who, zone), timeline, notes, who, zone));
        model.put("hasTimeline", !timeline.isEmpty() || !notes.isEmpty());
        model.put("actions", memberActions.model());
        model.put("done", MemberActionsView.notice(request.query("done").orElse(null)));
        model.put("timelineNewer", to.isPresent() ? "/members/" + memberId + "#timeline" : null);
        model.put("timelineOlder", olderLink);
        return pages.page(200, m.firstName() + " (" + m.externalId() + ")", "member", staff, model);
    }

    Response flagAction(Request request, StaffSession staff) {
        String memberId = request.pathParam("id");
        String flagId = request.pathParam("flagId");
        if (!memberId.matches(Params.ID) || !flagId.matches(Params.ID)) {
            return pages.notFound(staff);
        }
        String from = ConsolePages.from(request);
        if (!access.mayView(staff.staffId(), ConsolePages.roles(staff), memberId)) {
            audit.record(staff.staffId(), memberId, "flag.action.denied", from, code(flagId));
            return pages.forbidden(staff, "This member is not in your care team's caseload.");
        }
        Map<String, String> form = request.form();
        String action = form.getOrDefault("action", "");
        String nonce = form.getOrDefault("nonce", "");
        if (!nonce.matches(NONCE)) {
            throw new BadRequest("The form has no valid nonce; reload the member page and try again.");
        }
        FlagOutcome outcome = null;
        if (action.equals("resolve")) {
            String code = form.getOrDefault("outcome", "");
            try {
                outcome = Codes.parse(FlagOutcome.class, code);
            } catch (IllegalArgumentException e) {
                outcome = null;
            }
            if (outcome == null) {
                throw new BadRequest(
                        "Choose an outcome to resolve the flag: one of " + Params.codes(FlagOutcome.class) + ".");
            }
        } else if (!action.equals("acknowledge") && !action.equals("contacted")) {
            throw new BadRequest("'action' must be acknowledge, contacted or resolve.");
        }
        Optional<MemberRecord> m = records.of(memberId);
        if (m.isEmpty()) {
            return pages.notFound(staff);
        }
        Optional<FlagView> flag = m.get().openFlags().stream()
                .filter(f -> f.flagId().equals(flagId))
                .findFirst();
        if (flag.isEmpty()) {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("reason", "This flag is not open on this member's record (it may be resolved already).");
            return pages.page(409, "Flag not open", "bad-request", staff, model);
        }
        String actionId = Ids.nameBased("console-staff-action", memberId, flagId, action, nonce);
        Instant now = clock.instant();
        StaffActionEvent event = switch (action) {
            case "acknowledge" -> FlagAcknowledged.of(actionId, memberId, staff.staffId(), flagId, now);
            case "contacted" -> FlagContacted.of(actionId, memberId, staff.staffId(), flagId, now);
            default -> FlagResolved.of(actionId, memberId, staff.staffId(), flagId, outcome, now);
        };
        try {
            actions.publish(event);
        } catch (StaffActionPublisher.PublishFailed e) {
            ConsolePages.log().warn("staff action {} not published: {}", event.eventId(), e.getMessage());
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("reason", "The action could not be sent just now, so it was not recorded. Try again.");
            return pages.page(503, "Not sent", "bad-request", staff, model);
        }
        audit.record(staff.staffId(), memberId, "flag." + action, from, code(flagId));
        ConsolePages.log().info("staff member {} sent {} for flag {}", staff.staffId(), event.eventId(), flagId);
        return Response.redirect("/members/" + memberId + "?sent=" + action + "#flags");
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** 128 random bits, base64url: a form's nonce. */
    static String nonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String code(String id) {
        return id.matches("[A-Za-z0-9._:-]{1,64}") ? id : null;
    }

    private static void addActors(Set<String> ids, FlagView f) {
        for (String s : new String[] {f.acknowledgedBy(), f.contactedBy(), f.resolvedBy()}) {
            if (s != null) {
                ids.add(s);
            }
        }
    }

    private static String name(Map<String, String> who, String staffId) {
        return staffId == null ? null : who.getOrDefault(staffId, staffId);
    }

    private Map<String, Object> head(MemberRecord m, Map<String, String> who) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("id", m.memberId());
        h.put("firstName", m.firstName());
        h.put("externalId", m.externalId());
        h.put("status", Codes.of(m.status()));
        h.put("tier", m.tier() == null ? "not yet" : Codes.of(m.tier()));
        h.put("riskCause", m.riskCause() == null ? null : Codes.of(m.riskCause()));
        h.put(
                "windowStartedOn",
                m.windowStartedOn() == null ? null : m.windowStartedOn().toString());
        h.put("daysSinceWindowStart", m.daysSinceWindowStart());
        h.put(
                "treatmentEndedOn",
                m.treatmentEndedOn() == null ? null : m.treatmentEndedOn().toString());
        h.put(
                "exit",
                m.latestExitOn() == null
                        ? "none recorded"
                        : m.latestExitOn() + " (" + Codes.of(m.latestExitKind()) + ", " + m.daysSinceExit()
                                + " days ago)");
        h.put("awayUntil", m.awayUntil() == null ? null : m.awayUntil().toString());
        h.put(
                "lastAnswer",
                m.lastAnswerStatus() == null
                        ? "never answered"
                        : Codes.of(m.lastAnswerStatus()) + ", " + ConsolePages.when(m.lastAnswerAt(), m.timeZone()));
        Integer percent = m.answerRate().percent();
        h.put(
                "rate",
                percent == null
                        ? "nothing due"
                        : percent + "% (" + m.answerRate().answered() + " of "
                                + m.answerRate().due() + ")");
        h.put("timeZone", m.timeZone().getId());
        h.put("primary", m.primaryStaffId() == null ? "none" : name(who, m.primaryStaffId()));
        List<String> others = new ArrayList<>();
        for (String s : m.otherStaffIds()) {
            others.add(name(who, s));
        }
        h.put("others", others.isEmpty() ? null : String.join(", ", others));
        return h;
    }

    private List<Map<String, Object>> flags(List<FlagView> flags, Map<String, String> who, ZoneId zone, boolean open) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (FlagView f : flags) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("flagId", f.flagId());
            row.put("severity", Codes.of(f.severity()));
            row.put("state", Codes.of(f.state()));
            row.put("reasons", ReasonWords.of(f.reasons()));
            row.put("raisedAt", ConsolePages.when(f.raisedAt(), zone));
            row.put("acknowledged", actor(who, f.acknowledgedBy(), f.acknowledgedAt(), zone));
            row.put("contacted", actor(who, f.contactedBy(), f.contactedAt(), zone));
            row.put("resolved", actor(who, f.resolvedBy(), f.resolvedAt(), zone));
            row.put("outcome", f.outcome() == null ? null : Codes.of(f.outcome()));
            if (open) {
                // A fresh nonce per rendered form: the action's event id is derived from it.
                row.put("nonceAck", nonce());
                row.put("nonceContacted", nonce());
                row.put("nonceResolve", nonce());
            }
            out.add(row);
        }
        return out;
    }

    private static String actor(Map<String, String> who, String staffId, Instant at, ZoneId zone) {
        if (staffId == null && at == null) {
            return "—";
        }
        return (staffId == null ? "someone" : name(who, staffId))
                + (at == null ? "" : ", " + ConsolePages.when(at, zone));
    }

    private static List<Map<String, Object>> outcomes() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (FlagOutcome o : FlagOutcome.values()) {
            out.add(Map.of("code", Codes.of(o)));
        }
        return out;
    }

    private static String sentNotice(String action) {
        if (action == null) {
            return null;
        }
        return switch (action) {
                    case "acknowledge" -> "Acknowledgement sent.";
                    case "contacted" -> "Marked as contacted.";
                    case "resolve" -> "Resolution sent.";
                    default -> null;
                }
                + (action.matches("acknowledge|contacted|resolve")
                        ? " The flag's state changes here once the flag service has applied it."
                        : "");
    }

    private Map<String, Object> chart(MemberRecord m, int days, ZoneId zone) {
        MemberSeries series = records.series(m.memberId(), days);
        Instant to = clock.instant();
        Instant from = to.minus(days, ChronoUnit.DAYS);
        List<Map<String, Object>> answers = new ArrayList<>();
        for (MemberSeries.Point p : series.answers()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("at", ConsolePages.when(p.at(), zone));
            row.put("craving", p.craving() == null ? "—" : p.craving().toString());
            row.put("mood", p.mood() == null ? "—" : p.mood().toString());
            answers.add(row);
        }
        List<Map<String, Object>> weeks = new ArrayList<>();
        for (MemberSeries.Week w : series.weeks()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("weekStart", w.weekStart().toString());
            row.put("answered", w.answered());
            row.put("missed", w.missed());
            weeks.add(row);
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("days", days);
        c.put(
                "craving",
                Charts.line(
                        "craving-" + days,
                        "Craving (0 to 10) per answer over the last " + days + " days",
                        series.answers(),
                        MemberSeries.Point::craving,
                        0,
                        10,
                        from,
                        to,
                        zone));
        c.put(
                "mood",
                Charts.line(
                        "mood-" + days,
                        "Mood (1 to 5) per answer over the last " + days + " days",
                        series.answers(),
                        MemberSeries.Point::mood,
                        1,
                        5,
                        from,
                        to,
                        zone));
        c.put(
                "weeksChart",
                Charts.weeks(
                        "weeks-" + days,
                        "Check-ins answered and missed per week over the last " + days + " days",
                        series.weeks()));
        c.put("answers", answers);
        c.put("hasAnswers", !answers.isEmpty());
        c.put("weeks", weeks);
        return c;
    }

    private List<Map<String, Object>> timeline(List<TimelineEntry> entries, Map<String, String> who, ZoneId zone) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (TimelineEntry e : entries) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("at", ConsolePages.when(e.occurredAt(), zone));
            row.put("kind", e.kind());
            row.put("what", describe(e, who));
            row.put("note", e.note());
            String anchor = switch (e.kind()) {
                case "measure.completed" -> QuestionnaireCharts.anchor(e.instrumentId());
                case "questionnaire.due", "questionnaire.missed" -> "questionnaires-sent";
                default -> null;
            };
            row.put("href", anchor == null ? null : "#" + anchor);
            row.put("linkText", e.kind().equals("measure.completed") ? "see the results" : "see what was sent");
            rows.add(row);
        }
        return rows;
    }

    /** The event rows (newest first, in step with {@code entries}) and the staff notes merged, newest first. */
    private static List<Map<String, Object>> merged(
            List<Map<String, Object>> rows,
            List<TimelineEntry> entries,
            List<StaffNote> notes,
            Map<String, String> who,
            ZoneId zone) {
        List<Map<String, Object>> out = new ArrayList<>(rows.size() + notes.size());
        int i = 0;
        for (StaffNote n : notes) {
            while (i < entries.size() && !entries.get(i).occurredAt().isBefore(n.createdAt())) {
                out.add(rows.get(i++));
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("at", ConsolePages.when(n.createdAt(), zone));
            row.put("kind", "staff-note");
            row.put("what", "Staff note by " + name(who, n.staffId()));
            row.put("note", n.text());
            row.put("href", null);
            out.add(row);
        }
        while (i < entries.size()) {
            out.add(rows.get(i++));
        }
        return out;
    }

    /**
     * What happened, from codes, numbers and questionnaire titles only (the note is shown in its own
     * cell; a questionnaire's answers are never on the timeline).
     */
    private String describe(TimelineEntry e, Map<String, String> who) {
        return switch (e.kind()) {
            case "checkin.completed" -> "Check-in completed" + (e.status() == null ? "" : " (" + e.status() + ")");
            case "checkin.late" -> "Check-in late";
            case "checkin.missed" -> "Check-in missed";
            case "checkin.answered" ->
                "Answered: " + e.status() + (e.craving() == null ? "" : ", craving " + e.craving())
                        + (e.mood() == null ? "" : ", mood " + e.mood());
            case "help.requested" -> "Asked for help";
            case "measure.completed" ->
                "Questionnaire finished: " + questionnaires.title(e.instrumentId())
                        + (e.severity() == null ? "" : " (" + e.severity() + " flag rule)");
            case "questionnaire.due" -> "Questionnaire sent: " + questionnaires.title(e.instrumentId());
            case "questionnaire.missed" -> "Questionnaire not answered: " + questionnaires.title(e.instrumentId());
            case "delivery" ->
                "Email " + e.deliveryKind() + " to " + e.recipientRole() + ": " + e.deliveryOutcome()
                        + (e.deliveryReason() == null ? "" : " (" + e.deliveryReason() + ")");
            case "contact.action" ->
                "Support contact: " + e.contactAction() + (e.status() == null ? "" : " (" + e.status() + ")");
            case "flag" ->
                "Flag " + e.flagChange() + (e.severity() == null ? "" : " (" + e.severity() + ")")
                        + (e.status() == null ? "" : ", now " + e.status())
                        + (e.staffId() == null ? "" : " by " + name(who, e.staffId()))
                        + (e.outcome() == null ? "" : ", outcome " + e.outcome());
            case "risk" -> "Risk tier " + e.status();
            default -> e.kind();
        };
    }
}
