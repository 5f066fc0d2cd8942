package org.aftercare.console.pages;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import org.aftercare.console.audit.AccessAudit;
import org.aftercare.console.auth.Role;
import org.aftercare.console.auth.StaffSession;
import org.aftercare.console.notes.StaffNotes;
import org.aftercare.console.readmodel.Access;
import org.aftercare.console.readmodel.Caseload;
import org.aftercare.console.readmodel.FlagQueue;
import org.aftercare.console.readmodel.MeasureResults;
import org.aftercare.console.readmodel.MemberRecords;
import org.aftercare.console.readmodel.ProgramOverview;
import org.aftercare.console.readmodel.ReadModelDatabase;
import org.aftercare.console.readmodel.StaffNames;
import org.aftercare.console.scheduler.SchedulerClient;
import org.aftercare.console.web.Authenticated;
import org.aftercare.console.web.ConsoleWeb;
import org.aftercare.events.staff.StaffRole;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Routes;
import org.aftercare.measures.Definitions;
import org.aftercare.measures.Instruments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's pages over the read model, every one behind {@link Authenticated}:
 *
 * <ul>
 *   <li>{@code GET /}: the caseload ({@link CaseloadView});
 *   <li>{@code GET /members/{id}} and {@code POST /members/{id}/flags/{flagId}}: the member page and
 *       its flag actions ({@link MemberView});
 *   <li>{@code POST /members/{id}/notes}, {@code /pause}, {@code /resume}, {@code /away}, {@code
 *       /away/clear}, {@code /exit-events}, {@code /discharge}: staff notes and member edits through
 *       the scheduler ({@link MemberActionsView});
 *   <li>{@code GET/POST /members/{id}/plan}, {@code GET/POST /members/{id}/contacts...}: the
 *       check-in plan and the support contacts, edited at the scheduler ({@link MemberEditsView});
 *   <li>{@code GET /flags}: the flag queue ({@link FlagQueueView});
 *   <li>{@code GET /audit} and {@code GET /audit.csv}: the access audit, supervisors and admins only
 *       ({@link AuditView});
 *   <li>{@code GET /overview}: the program overview, supervisors and admins only ({@link OverviewView});
 *   <li>{@code GET} and {@code POST /members/new}: the enroll form, supervisors and admins only
 *       ({@link EnrollView});
 *   <li>{@code GET} and {@code POST /imports}, {@code GET /imports/{jobId}} and {@code
 *       /imports/{jobId}/rejections.csv}: roster imports as jobs at the scheduler, supervisors and
 *       admins only ({@link ImportsView}).
 * </ul>
 *
 * A bad query value gets the 400 page with the reason. Every view of a member's record, every
 * refusal and every action is written to the {@link AccessAudit}.
 */
public final class ConsolePages {

    private static final Logger log = LoggerFactory.getLogger(ConsolePages.class);
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f.:%\\[\\]]{1,64}");
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ConsoleWeb web;
    private final CaseloadView caseload;
    private final MemberView member;
    private final FlagQueueView flags;
    private final AuditView audit;
    private final MemberActionsView memberActions;
    private final MemberEditsView memberEdits;
    private final OverviewView overview;
    private final EnrollView enroll;
    private final ImportsView imports;

    /** The largest roster upload the console takes (the scheduler's own limit, plus the form around it). */
    static final long MAX_UPLOAD_BYTES = (256L << 20) + (64 << 10);

    static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(10);

    static final String NOT_FOR_CLINICIANS =
            "Clinicians do not enroll or import members: a supervisor or an admin does. Ask one of them.";

    /** Without member edits (no scheduler configured). */
    public ConsolePages(
            ReadModelDatabase db, Clock clock, AccessAudit accessAudit, StaffActionPublisher actions, ConsoleWeb web) {
        this(db, clock, accessAudit, actions, null, Definitions.shipped(), web);
    }

    /**
     * @param scheduler the scheduler's admin API for member edits; null when none is configured
     * @param instruments the questionnaire definitions the member page's charts take ranges and bands from
     */
    public ConsolePages(
            ReadModelDatabase db,
            Clock clock,
            AccessAudit accessAudit,
            StaffActionPublisher actions,
            SchedulerClient scheduler,
            Instruments instruments,
            ConsoleWeb web) {
        this.web = web;
        StaffNames names = new StaffNames(db);
        this.caseload = new CaseloadView(new Caseload(db, clock), accessAudit, web.pages());
        MemberRecords records = new MemberRecords(db, clock);
        Access access = new Access(db);
        this.memberActions =
                new MemberActionsView(records, access, accessAudit, new StaffNotes(db, clock), scheduler, web.pages());
        this.memberEdits = new MemberEditsView(memberActions, accessAudit, scheduler, instruments, web.pages());
        this.member = new MemberView(
                records,
                access,
                names,
                accessAudit,
                actions,
                clock,
                web.pages(),
                memberActions,
                new QuestionnaireCharts(new MeasureResults(db), instruments));
        this.flags = new FlagQueueView(new FlagQueue(db), accessAudit, web.pages());
        this.audit = new AuditView(accessAudit, names, web.pages());
        this.overview = new OverviewView(new ProgramOverview(db, clock), accessAudit, web.pages());
        this.enroll = new EnrollView(scheduler, accessAudit, web.pages());
        this.imports = new ImportsView(scheduler, accessAudit, web.pages());
    }

    public Routes register(Routes routes) {
        Authenticated auth = web.auth();
        Set<Role> supervisors = EnumSet.of(Role.SUPERVISOR, Role.ADMIN);
        routes.get("/", auth.signedIn(guard(caseload::page)));
        // before /members/{id}: "new" is not a member id
        routes.get("/members/new", auth.signedIn(supervisors, NOT_FOR_CLINICIANS, guard(enroll::form)));
        routes.post("/members/new", auth.signedIn(supervisors, NOT_FOR_CLINICIANS, guard(enroll::enroll)));
        routes.get("/members/{id}", auth.signedIn(guard(member::page)));
        routes.post("/members/{id}/flags/{flagId}", auth.signedIn(guard(member::flagAction)));
        routes.post("/members/{id}/notes", auth.signedIn(guard(memberActions::addNote)));
        routes.post("/members/{id}/pause", auth.signedIn(guard(memberActions::pause)));
        routes.post("/members/{id}/resume", auth.signedIn(guard(memberActions::resume)));
        routes.post("/members/{id}/away", auth.signedIn(guard(memberActions::setAway)));
        routes.post("/members/{id}/away/clear", auth.signedIn(guard(memberActions::clearAway)));
        routes.post("/members/{id}/exit-events", auth.signedIn(guard(memberActions::addExitEvent)));
        routes.post("/members/{id}/discharge", auth.signedIn(guard(memberActions::discharge)));
        routes.get("/members/{id}/plan", auth.signedIn(guard(memberEdits::planForm)));
        routes.post("/members/{id}/plan", auth.signedIn(guard(memberEdits::savePlan)));
        routes.get("/members/{id}/contacts", auth.signedIn(guard(memberEdits::contacts)));
        routes.post("/members/{id}/contacts", auth.signedIn(guard(memberEdits::addContact)));
        routes.post("/members/{id}/contacts/{contactId}", auth.signedIn(guard(memberEdits::updateContact)));
        routes.post("/members/{id}/contacts/{contactId}/remove", auth.signedIn(guard(memberEdits::removeContact)));
        routes.get("/flags", auth.signedIn(guard(flags::page)));
        routes.get("/imports", auth.signedIn(supervisors, NOT_FOR_CLINICIANS, guard(imports::form)));
        routes.streamed(
                "POST",
                "/imports",
                MAX_UPLOAD_BYTES,
                UPLOAD_TIMEOUT,
                auth.upload(supervisors, NOT_FOR_CLINICIANS, UPLOAD_TIMEOUT, imports::upload));
        routes.get("/imports/{jobId}", auth.signedIn(supervisors, NOT_FOR_CLINICIANS, guard(imports::job)));
        routes.get(
                "/imports/{jobId}/rejections.csv", auth.signedIn(supervisors, NOT_FOR_CLINICIANS, guard(imports::csv)));
        routes.get("/audit", auth.signedIn(supervisors, guard(audit::page)));
        routes.get("/audit.csv", auth.signedIn(supervisors, guard(audit::csv)));
        routes.get("/overview", auth.signedIn(supervisors, guard(overview::page)));
        return routes;
    }

    /** A bad query or form value → the 400 page with the reason. */
    private Authenticated.StaffHandler guard(Authenticated.StaffHandler handler) {
        return (request, staff) -> {
            try {
                return handler.handle(request, staff);
            } catch (BadRequest e) {
                Map<String, Object> model = new LinkedHashMap<>();
                model.put("reason", e.getMessage());
                return web.pages().page(400, "Bad request", "bad-request", staff, model);
            }
        };
    }

    /** The session's roles as the read model's access rules name them. */
    static Set<StaffRole> roles(StaffSession staff) {
        Set<StaffRole> roles = EnumSet.noneOf(StaffRole.class);
        for (Role r : staff.roles()) {
            roles.add(StaffRole.valueOf(r.name()));
        }
        return roles;
    }

    /** The client address for the audit, or null when it is not a plain address. */
    static String from(Request request) {
        String address = request.clientAddress();
        return address != null && ADDRESS.matcher(address).matches() ? address : null;
    }

    static String when(Instant at, ZoneId zone) {
        return at == null ? null : WHEN.format(at.atZone(zone));
    }

    static String whenUtc(Instant at) {
        return at == null ? null : WHEN.format(at.atZone(ZoneOffset.UTC)) + " UTC";
    }

    /** A URL with the given query (null values left out), values encoded. */
    static String url(String path, Map<String, ?> query) {
        StringJoiner q = new StringJoiner("&");
        query.forEach((k, v) -> {
            if (v != null && !v.toString().isEmpty()) {
                q.add(k + "=" + URLEncoder.encode(v.toString(), StandardCharsets.UTF_8));
            }
        });
        return q.length() == 0 ? path : path + "?" + q;
    }

    static Logger log() {
        return log;
    }
}
