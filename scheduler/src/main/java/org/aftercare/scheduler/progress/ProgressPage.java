package org.aftercare.scheduler.progress;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.http.Routes;
import org.aftercare.kit.links.LinkKind;
import org.aftercare.kit.links.LinkToken;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.member.MemberChanges;
import org.aftercare.scheduler.web.Page;
import org.aftercare.scheduler.web.TokenGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The member's own progress page ({@code /s/}, {@link LinkKind#PROGRESS}, from milestone emails):
 * GET only, it shows and never acts. In: the sealed link (reusable, the member as subject). Out:
 * the page {@link ProgressView} works out from the member's record and check-ins, with a neutral
 * title, kind words and the crisis lines and "I need help now" link at the foot. Only the holder of
 * the member's link sees it; nothing on it goes anywhere else. Logs the member id only.
 */
public final class ProgressPage {

    private static final Logger log = LoggerFactory.getLogger(ProgressPage.class);

    /** The page's title and heading: neutral (someone may read over the member's shoulder). */
    public static final String TITLE = "Your check-ins so far";

    private final TokenGate gate;
    private final MemberChanges members;
    private final CheckInRecords records;
    private final Clock clock;

    public ProgressPage(TokenGate gate, MemberChanges members, CheckInRecords records, Clock clock) {
        this.gate = gate;
        this.members = members;
        this.records = records;
        this.clock = clock;
    }

    public Routes register(Routes routes) {
        return routes.get(LinkKind.PROGRESS.path() + "{token}", this::show);
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
            MemberProfile m = member.get();
            Instant now = clock.instant();
            var rows = records.since(m.memberId(), ProgressView.readSince(m.timeZone(), now));
            return Page.forMember(
                    200,
                    TITLE,
                    Page.Body.of(
                            "progress", ProgressView.model(m.recoveryStartDate(), m.away(), rows, m.timeZone(), now)),
                    gate.helpPath(m.memberId()));
        } catch (Database.DatabaseException e) {
            log.warn("member {} progress page not shown: {}", link.memberId(), e.getMessage());
            return Page.tryAgainLater();
        }
    }
}
