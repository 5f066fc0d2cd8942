package org.aftercare.streams.decisions;

import java.util.List;
import org.aftercare.events.checkin.CheckInStatusEvent;
import org.aftercare.events.outreach.OutreachEvent;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.risk.MemberRisk;
import org.aftercare.events.risk.RiskEvent;

/**
 * What {@link MemberDecisions} decided: an intent for {@code outreach.requests}, an outcome for
 * {@code checkin.status}, or a risk tier for {@code member.risk} (a null {@code risk} is the
 * tombstone of an erased member).
 */
public sealed interface Decision {

    record Intent(OutreachRequest request) implements Decision {}

    record Status(CheckInStatusEvent status) implements Decision {}

    record Risk(String memberId, MemberRisk risk) implements Decision {}

    /** The intent this decision carries, if any (for the {@code outreach.requests} branch). */
    static List<OutreachEvent> intents(Decision decision) {
        return switch (decision) {
            case Intent intent -> List.of(intent.request());
            case Status status -> List.of();
            case Risk risk -> List.of();
        };
    }

    /** The status this decision carries, if any (for the {@code checkin.status} branch). */
    static List<CheckInStatusEvent> statuses(Decision decision) {
        return switch (decision) {
            case Intent intent -> List.of();
            case Status status -> List.of(status.status());
            case Risk risk -> List.of();
        };
    }

    /** Is this a risk tier (or its tombstone), for the {@code member.risk} branch? */
    static boolean isRisk(Decision decision) {
        return decision instanceof Risk;
    }

    /** The risk tier this decision carries; null for a tombstone (only called on {@link #isRisk} decisions). */
    static RiskEvent riskOf(Decision decision) {
        return decision instanceof Risk risk ? risk.risk() : null;
    }
}
