package org.aftercare.streams.decisions;

import java.util.List;
import org.aftercare.events.checkin.CheckInStatusEvent;
import org.aftercare.events.outreach.OutreachEvent;
import org.aftercare.events.outreach.OutreachRequest;

/** What {@link MemberDecisions} decided: an intent for {@code outreach.requests} or an outcome for {@code checkin.status}. */
public sealed interface Decision {

    record Intent(OutreachRequest request) implements Decision {}

    record Status(CheckInStatusEvent status) implements Decision {}

    /** The intent this decision carries, if any (for the {@code outreach.requests} branch). */
    static List<OutreachEvent> intents(Decision decision) {
        return switch (decision) {
            case Intent intent -> List.of(intent.request());
            case Status status -> List.of();
        };
    }

    /** The status this decision carries, if any (for the {@code checkin.status} branch). */
    static List<CheckInStatusEvent> statuses(Decision decision) {
        return switch (decision) {
            case Intent intent -> List.of();
            case Status status -> List.of(status.status());
        };
    }
}
