package org.aftercare.console.pages;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.aftercare.console.audit.AccessAudit;
import org.aftercare.console.audit.AuditEntry;
import org.aftercare.console.audit.AuditPage;
import org.aftercare.console.audit.AuditQuery;
import org.aftercare.console.auth.StaffSession;
import org.aftercare.console.readmodel.StaffNames;
import org.aftercare.console.web.Pages;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code GET /audit?member=<id>} or {@code ?staff=<id>} (supervisors and admins only): the access
 * audit about one member or of one staff member, newest first, 100 rows a page; {@code GET
 * /audit.csv} with the same query exports every row (up to {@value #MAX_EXPORT}) as CSV through
 * Apache Commons CSV. Looking at the audit is itself audited.
 */
final class AuditView {

    static final int PAGE_SIZE = 100;
    static final int MAX_EXPORT = 100_000;
    static final String[] HEADER = {"at", "staff_id", "member_id", "what", "from", "detail"};

    private final AccessAudit audit;
    private final StaffNames names;
    private final Pages pages;

    AuditView(AccessAudit audit, StaffNames names, Pages pages) {
        this.audit = audit;
        this.names = names;
        this.pages = pages;
    }

    private record Subject(String member, String staff) {
        AuditQuery query(int page, int size) {
            return member != null ? AuditQuery.byMember(member, page, size) : AuditQuery.byStaff(staff, page, size);
        }
    }

    private static Optional<Subject> subject(Request request) {
        Optional<String> member = Params.id(request, "member");
        Optional<String> staff = Params.id(request, "staff");
        if (member.isPresent() && staff.isPresent()) {
            throw new BadRequest("Name either a member ('member') or a staff member ('staff'), not both.");
        }
        if (member.isEmpty() && staff.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Subject(member.orElse(null), staff.orElse(null)));
    }

    Response page(Request request, StaffSession staff) {
        Optional<Subject> subject = subject(request);
        int number = Params.integer(request, "page", 1, 1, 1_000_000);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("member", subject.map(Subject::member).orElse(null));
        model.put("staffId", subject.map(Subject::staff).orElse(null));
        model.put("chosen", subject.isPresent());
        model.put("entries", List.of());
        model.put("hasEntries", false);
        model.put("total", 0);
        model.put("previous", null);
        model.put("next", null);
        model.put("csv", null);
        model.put("pageNumber", number);
        if (subject.isPresent()) {
            Subject s = subject.get();
            AuditPage page = audit.list(s.query(number - 1, PAGE_SIZE));
            audit.record(staff.staffId(), s.member(), "audit.view", ConsolePages.from(request), null);
            Set<String> ids = new HashSet<>();
            page.entries().forEach(e -> ids.add(e.staffId()));
            Map<String, String> who = names.of(ids);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (AuditEntry e : page.entries()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("at", ConsolePages.whenUtc(e.at()));
                row.put("staffId", e.staffId());
                row.put("staffName", who.getOrDefault(e.staffId(), e.staffId()));
                row.put("memberId", e.memberId());
                row.put("what", e.what());
                row.put("from", e.from());
                row.put("detail", e.detail());
                rows.add(row);
            }
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("member", s.member());
            q.put("staff", s.staff());
            model.put("entries", rows);
            model.put("hasEntries", !rows.isEmpty());
            model.put("total", page.total());
            model.put("csv", ConsolePages.url("/audit.csv", q));
            if (number > 1) {
                Map<String, Object> prev = new LinkedHashMap<>(q);
                prev.put("page", number - 1);
                model.put("previous", ConsolePages.url("/audit", prev));
            }
            if (page.hasNext()) {
                Map<String, Object> next = new LinkedHashMap<>(q);
                next.put("page", number + 1);
                model.put("next", ConsolePages.url("/audit", next));
            }
        }
        return pages.page(200, "Access audit", "audit", staff, model);
    }

    Response csv(Request request, StaffSession staff) {
        Subject s = subject(request)
                .orElseThrow(() -> new BadRequest("Name a member ('member') or a staff member ('staff') to export."));
        audit.record(staff.staffId(), s.member(), "audit.export", ConsolePages.from(request), null);
        StringWriter out = new StringWriter();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(HEADER).get();
        try (CSVPrinter csv = new CSVPrinter(out, format)) {
            int written = 0;
            for (int page = 0; written < MAX_EXPORT; page++) {
                AuditPage p = audit.list(s.query(page, AuditQuery.MAX_PAGE_SIZE));
                for (AuditEntry e : p.entries()) {
                    csv.printRecord(e.at().toString(), e.staffId(), e.memberId(), e.what(), e.from(), e.detail());
                    written++;
                }
                if (!p.hasNext()) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String name = "access-audit-" + (s.member() != null ? "member-" + s.member() : "staff-" + s.staff()) + ".csv";
        return new Response(200, "text/csv; charset=utf-8", out.toString().getBytes(StandardCharsets.UTF_8), Map.of())
                .withHeader(
                        "Content-Disposition",
                        "attachment; filename=\"" + name.replaceAll("[^A-Za-z0-9._-]", "_") + "\"")
                .withHeader("Cache-Control", "no-store");
    }
}
