package org.aftercare.console.pages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aftercare.console.audit.AccessAudit;
import org.aftercare.console.auth.StaffSession;
import org.aftercare.console.readmodel.Codes;
import org.aftercare.console.readmodel.FlagQueue;
import org.aftercare.console.web.Pages;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;

/**
 * {@code GET /flags}: every open flag the staff member may see, critical first and oldest first
 * within a severity, with the count in the page title. The page reloads itself every
 * {@value #REFRESH_SECONDS} seconds ({@code <meta http-equiv="refresh">}: no script, so the strict
 * CSP stays as it is and the queue refreshes in any browser).
 */
final class FlagQueueView {

    static final int REFRESH_SECONDS = 30;
    static final int LIMIT = 500;

    private final FlagQueue queue;
    private final AccessAudit audit;
    private final Pages pages;

    FlagQueueView(FlagQueue queue, AccessAudit audit, Pages pages) {
        this.queue = queue;
        this.audit = audit;
        this.pages = pages;
    }

    Response page(Request request, StaffSession staff) {
        boolean all = staff.seesAllMembers();
        long count = queue.count(staff.staffId(), all);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (FlagQueue.QueuedFlag q : queue.open(staff.staffId(), all, LIMIT)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("memberId", q.flag().memberId());
            row.put("flagId", q.flag().flagId());
            row.put("firstName", q.firstName());
            row.put("externalId", q.externalId());
            row.put("severity", Codes.of(q.flag().severity()));
            row.put("state", Codes.of(q.flag().state()));
            row.put("reasons", ReasonWords.of(q.flag().reasons()));
            row.put("raisedAt", ConsolePages.whenUtc(q.flag().raisedAt()));
            rows.add(row);
        }
        audit.record(staff.staffId(), null, "flags.view", ConsolePages.from(request), null);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("count", count);
        model.put("flags", rows);
        model.put("hasFlags", !rows.isEmpty());
        model.put("shown", rows.size());
        model.put("more", count > rows.size());
        model.put("refreshSeconds", REFRESH_SECONDS);
        model.put("allMembers", all);
        return pages.page(200, "Flags (" + count + " open)", "flags", staff, model, REFRESH_SECONDS);
    }
}
