package org.aftercare.console.pages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aftercare.console.audit.AccessAudit;
import org.aftercare.console.auth.StaffSession;
import org.aftercare.console.readmodel.Codes;
import org.aftercare.console.readmodel.MemberSeries;
import org.aftercare.console.readmodel.ProgramOverview;
import org.aftercare.console.web.Pages;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.risk.RiskTier;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;

/**
 * {@code GET /overview}: the program overview for supervisors and admins (the route lets no one
 * else in). Counts only, no member named; the answered/missed chart is the member page's bar
 * chart ({@link Charts#weeks}) drawn per day, with the same figures in a table beside it. The
 * view is audited as {@code overview.view}.
 */
final class OverviewView {

    static final String AUDIT_WHAT = "overview.view";

    private final ProgramOverview overview;
    private final AccessAudit audit;
    private final Pages pages;

    OverviewView(ProgramOverview overview, AccessAudit audit, Pages pages) {
        this.overview = overview;
        this.audit = audit;
        this.pages = pages;
    }

    Response page(Request request, StaffSession staff) {
        ProgramOverview.Overview o = overview.read();
        audit.record(staff.staffId(), null, AUDIT_WHAT, ConsolePages.from(request), null);

        List<Map<String, Object>> tiers = new ArrayList<>();
        for (RiskTier t : RiskTier.values()) {
            tiers.add(Map.of("tier", Codes.of(t), "count", o.tiers().byTier().get(t)));
        }
        tiers.add(Map.of("tier", "none", "count", o.tiers().withoutTier()));

        List<Map<String, Object>> flags = new ArrayList<>();
        for (FlagSeverity s : FlagSeverity.values()) {
            ProgramOverview.Flags f = o.flags().get(s);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("severity", Codes.of(s));
            row.put("open", f.open());
            row.put("overdue", s == FlagSeverity.MEDIUM ? "n/a" : Long.toString(f.overdue()));
            flags.add(row);
        }

        List<Map<String, Object>> days = new ArrayList<>();
        List<MemberSeries.Week> bars = new ArrayList<>();
        int answered = 0;
        int missed = 0;
        for (ProgramOverview.Day d : o.days()) {
            days.add(Map.of("day", d.day().toString(), "answered", d.answered(), "missed", d.missed()));
            bars.add(new MemberSeries.Week(d.day(), d.answered(), d.missed()));
            answered += d.answered();
            missed += d.missed();
        }

        Map<String, Object> model = new LinkedHashMap<>();
        model.put("asOf", ConsolePages.whenUtc(o.at()));
        model.put("members", o.tiers().total());
        model.put("tiers", tiers);
        model.put("flags", flags);
        model.put("openFlags", o.openFlags());
        model.put("overdueFlags", o.overdueFlags());
        model.put("ackCriticalMinutes", ProgramOverview.ACK_CRITICAL.toMinutes());
        model.put("ackHighHours", ProgramOverview.ACK_HIGH.toHours());
        model.put("chartDays", ProgramOverview.DAYS);
        model.put(
                "chart",
                Charts.weeks(
                        "checkins-per-day",
                        "Check-ins answered and missed per day over the last " + ProgramOverview.DAYS + " days: "
                                + answered + " answered, " + missed + " missed",
                        bars));
        model.put("days", days);
        model.put("answered", answered);
        model.put("missed", missed);
        model.put("emailDays", ProgramOverview.EMAIL_DAYS);
        model.put("emailsFailed", o.emailsFailed());
        model.put("emailsBounced", o.emailsBounced());
        model.put("contactsAwaiting", o.contacts().awaiting());
        model.put("contactMembers", o.contacts().members());
        return pages.page(200, "Program overview", "overview", staff, model);
    }
}
