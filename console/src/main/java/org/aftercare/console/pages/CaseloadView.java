package org.aftercare.console.pages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aftercare.console.audit.AccessAudit;
import org.aftercare.console.auth.StaffSession;
import org.aftercare.console.readmodel.Caseload;
import org.aftercare.console.readmodel.CaseloadPage;
import org.aftercare.console.readmodel.CaseloadQuery;
import org.aftercare.console.readmodel.CaseloadRow;
import org.aftercare.console.readmodel.Codes;
import org.aftercare.console.web.Pages;
import org.aftercare.events.risk.RiskTier;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;

/**
 * {@code GET /?q=&tier=&open=1&page=2}: the signed-in clinician's members (a supervisor's or
 * admin's: all), ranked by need, as a table; search by first name or program id (a prefix),
 * filters by tier and open flags, pages of 50 (numbered from 1 in the URL).
 */
final class CaseloadView {

    private final Caseload caseload;
    private final AccessAudit audit;
    private final Pages pages;

    CaseloadView(Caseload caseload, AccessAudit audit, Pages pages) {
        this.caseload = caseload;
        this.audit = audit;
        this.pages = pages;
    }

    Response page(Request request, StaffSession staff) {
        String search =
                Params.text(request, "q", CaseloadQuery.MAX_SEARCH_LENGTH).orElse(null);
        RiskTier tier = Params.code(request, "tier", RiskTier.class).orElse(null);
        boolean open = Params.flag(request, "open");
        int number = Params.integer(request, "page", 1, 1, 1_000_000);
        int size = Params.integer(request, "size", CaseloadQuery.DEFAULT_PAGE_SIZE, 1, CaseloadQuery.MAX_PAGE_SIZE);
        CaseloadQuery query =
                new CaseloadQuery(staff.staffId(), staff.seesAllMembers(), search, tier, open, size, number - 1);
        CaseloadPage page = caseload.page(query);
        audit.record(staff.staffId(), null, "caseload.view", ConsolePages.from(request), null);

        List<Map<String, Object>> rows = new ArrayList<>();
        for (CaseloadRow r : page.rows()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", r.memberId());
            row.put("firstName", r.firstName());
            row.put("externalId", r.externalId());
            row.put("tier", r.tier() == null ? "not yet" : Codes.of(r.tier()));
            row.put("tierClass", r.tier() == null ? "none" : Codes.of(r.tier()));
            row.put(
                    "daysSinceExit",
                    r.daysSinceExit() == null ? "—" : r.daysSinceExit().toString());
            row.put("critical", r.openCritical());
            row.put("high", r.openHigh());
            row.put("medium", r.openMedium());
            row.put("hasFlags", r.openFlags() > 0);
            row.put("lastAnswer", r.lastAnswerStatus() == null ? "never answered" : Codes.of(r.lastAnswerStatus()));
            row.put("lastAnswerAt", ConsolePages.whenUtc(r.lastAnswerAt()));
            Integer percent = r.answerRate().percent();
            row.put(
                    "rate",
                    percent == null
                            ? "nothing due"
                            : percent + "% (" + r.answerRate().answered() + " of "
                                    + r.answerRate().due() + ")");
            rows.add(row);
        }
        List<Map<String, Object>> tiers = new ArrayList<>();
        for (RiskTier t : RiskTier.values()) {
            Map<String, Object> option = new LinkedHashMap<>();
            option.put("code", Codes.of(t));
            option.put("selected", t == tier);
            tiers.add(option);
        }
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("q", search);
        filters.put("tier", tier == null ? null : Codes.of(tier));
        filters.put("open", open ? "1" : null);
        filters.put("size", size == CaseloadQuery.DEFAULT_PAGE_SIZE ? null : size);

        Map<String, Object> model = new LinkedHashMap<>();
        model.put("allMembers", staff.seesAllMembers());
        model.put("members", rows);
        model.put("hasMembers", !rows.isEmpty());
        model.put("search", search);
        model.put("tiers", tiers);
        model.put("openOnly", open);
        model.put("total", page.total());
        model.put("pageNumber", number);
        model.put("pageCount", Math.max(1, page.pageCount()));
        model.put("previous", number > 1 ? link(filters, number - 1) : null);
        model.put("next", page.hasNext() ? link(filters, number + 1) : null);
        model.put("filtered", search != null || tier != null || open);
        return pages.page(200, "Caseload", "home", staff, model);
    }

    private static String link(Map<String, Object> filters, int number) {
        Map<String, Object> q = new LinkedHashMap<>(filters);
        q.put("page", number);
        return ConsolePages.url("/", q);
    }
}
