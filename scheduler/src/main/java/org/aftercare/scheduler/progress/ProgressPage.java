package org.aftercare.scheduler.progress;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.http.Routes;
import org.aftercare.kit.links.LinkKind;
import org.aftercare.kit.links.LinkToken;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.member.MemberChanges;
import org.aftercare.scheduler.member.MemberLifecycle;
import org.aftercare.scheduler.web.Page;
import org.aftercare.scheduler.web.TokenGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The member's own progress page ({@code /s/}, {@link LinkKind#PROGRESS}, from milestone and weekly
 * summary emails). In: the sealed link (reusable, the member as subject). Out: the page
 * {@link ProgressView} works out from the member's record and check-ins, with a neutral title, kind
 * words and the crisis lines and "I need help now" link at the foot. Only the holder of the
 * member's link sees it; nothing on it goes anywhere else. Logs the member id only.
 *
 * <p>GET shows and never acts (mail scanners prefetch links). The page's one form POSTs the
 * member's own choices back to the same link ({@link MemberLifecycle#setOwnChoices}): whether the
 * page counts days since their recovery date (and day milestones come), and whether the weekly
 * summary email comes. As on every member page, the sealed token in the path is what lets the
 * POST act (no one without the link can make it), and the pages' policy allows forms to post only
 * to this site. Each choice must be {@code yes} or {@code no}; anything else is refused with 400
 * and the page says what to fix.
 */
public final class ProgressPage {

    private static final Logger log = LoggerFactory.getLogger(ProgressPage.class);

    /** The page's title and heading: neutral (someone may read over the member's shoulder). */
    public static final String TITLE = "Your check-ins so far";

    /** Form fields: each {@code yes} or {@code no}. */
    static final String TRACK = "trackRecoveryDate";

    static final String WEEKLY = "weeklySummary";

    private final TokenGate gate;
    private final MemberChanges members;
    private final MemberLifecycle lifecycle;
    private final CheckInRecords records;
    private final Clock clock;

    public ProgressPage(
            TokenGate gate, MemberChanges members, MemberLifecycle lifecycle, CheckInRecords records, Clock clock) {
        this.gate = gate;
        this.members = members;
        this.lifecycle = lifecycle;
        this.records = records;
        this.clock = clock;
    }

    public Routes register(Routes routes) {
        return routes.get(LinkKind.PROGRESS.path() + "{token}", this::show)
                .post(LinkKind.PROGRESS.path() + "{token}", this::choose);
    }

    private Response show(Request request) {
        LinkToken link;
        try {
            link = gate.open(request.pathParam("token"), LinkKind.PROGRESS);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        try {
            Optional<MemberProfile> member = members.find(link.memberId());
            if (member.isEmpty()) {
                return Page.noLongerActive();
            }
            return page(200, member.get(), false, List.of());
        } catch (Database.DatabaseException e) {
            log.warn("member {} progress page not shown: {}", link.memberId(), e.getMessage());
            return Page.tryAgainLater();
        }
    }

    private Response choose(Request request) {
        LinkToken link;
        try {
            link = gate.open(request.pathParam("token"), LinkKind.PROGRESS);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        try {
            Optional<MemberProfile> member = members.find(link.memberId());
            if (member.isEmpty()) {
                return Page.noLongerActive();
            }
            Map<String, String> form = request.form();
            Boolean track = yesOrNo(form.get(TRACK));
            Boolean weekly = yesOrNo(form.get(WEEKLY));
            if (track == null || weekly == null) {
                List<String> errors = new ArrayList<>();
                if (track == null) {
                    errors.add("Please choose whether this page counts your days.");
                }
                if (weekly == null) {
                    errors.add("Please choose whether you would like the weekly email.");
                }
                return page(400, member.get(), false, errors);
            }
            Optional<MemberProfile> after = lifecycle.setOwnChoices(link.memberId(), track, weekly);
            if (after.isEmpty()) {
                return Page.noLongerActive();
            }
            log.info("member {} set their progress page choices", link.memberId());
            return page(200, after.get(), true, List.of());
        } catch (Database.DatabaseException e) {
            log.warn("member {} progress page choices not recorded: {}", link.memberId(), e.getMessage());
            return Page.tryAgainLater();
        }
    }

    private static Boolean yesOrNo(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.strip()) {
            case "yes" -> Boolean.TRUE;
            case "no" -> Boolean.FALSE;
            default -> null;
        };
    }

    private Response page(int status, MemberProfile m, boolean saved, List<String> errors) {
        Instant now = clock.instant();
        var rows = records.since(m.memberId(), ProgressView.readSince(m.timeZone(), now));
        Map<String, Object> model = ProgressView.model(
                m.recoveryStartDate(), m.preferences().trackRecoveryDate(), m.away(), rows, m.timeZone(), now);
        model.put("weeklyYes", m.preferences().weeklySummary());
        model.put("weeklyNo", !m.preferences().weeklySummary());
        model.put("saved", saved);
        model.put("hasErrors", !errors.isEmpty());
        model.put("errors", errors);
        return Page.forMember(status, TITLE, Page.Body.of("progress", model), gate.helpPath(m.memberId()));
    }
}
