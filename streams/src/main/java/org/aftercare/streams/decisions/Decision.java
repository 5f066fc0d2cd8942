package org.aftercare.streams.decisions;

import java.util.List;
import org.aftercare.events.checkin.CheckInStatusEvent;
import org.aftercare.events.flag.CaseFlag;
import org.aftercare.events.flag.FlagEvent;
import org.aftercare.events.outreach.OutreachEvent;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.risk.MemberRisk;
import org.aftercare.events.risk.RiskEvent;
import org.aftercare.streams.flags.FlagItem;

/**
 * What {@link MemberDecisions} decided: an intent for {@code outreach.requests}, an outcome for
 * {@code checkin.status}, a risk tier for {@code member.risk} (a null {@code risk} is the
 * tombstone of an erased member), a flag change for {@code case.flags}, or a flag as one staff
 * member's digest sees it (repartitioned by staffId to the digest side).
 */
public sealed interface Decision {

    record Intent(OutreachRequest request) implements Decision {}

    record Status(CheckInStatusEvent status) implements Decision {}

    record Risk(String memberId, MemberRisk risk) implements Decision {}

    record Flag(CaseFlag flag) implements Decision {}

    record StaffItem(FlagItem item) implements Decision {}

    /** The intent this decision carries, if any (for the {@code outreach.requests} branch). */
    static List<OutreachEvent> intents(Decision decision) {
        return switch (decision) {
            case Intent intent -> List.of(intent.request());
            case Status status -> List.of();
            case Flag flag -> List.of();
            case StaffItem item -> List.of();
            case Risk risk -> List.of();
        };
    }

    /** The status this decision carries, if any (for the {@code checkin.status} branch). */
    static List<CheckInStatusEvent> statuses(Decision decision) {
        return switch (decision) {
            case Intent intent -> List.of();
            case Status status -> List.of(status.status());
            case Flag flag -> List.of();
            case StaffItem item -> List.of();
            case Risk risk -> List.of();
        };
    }

    /** The flag change this decision carries, if any (for the {@code case.flags} branch). */
    static List<FlagEvent> flags(Decision decision) {
        return switch (decision) {
            case Flag flag -> List.of(flag.flag());
            case Intent intent -> List.of();
            case Status status -> List.of();
            case StaffItem item -> List.of();
            case Risk risk -> List.of();
        };
    }

    /** The staff item this decision carries, if any (for the digest side, keyed by staffId). */
    static List<FlagItem> staffItems(Decision decision) {
        return switch (decision) {
            case StaffItem item -> List.of(item.item());
            case Intent intent -> List.of();
            case Status status -> List.of();
            case Flag flag -> List.of();
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
