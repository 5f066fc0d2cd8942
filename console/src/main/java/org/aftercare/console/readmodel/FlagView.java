package org.aftercare.console.readmodel;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.aftercare.events.flag.FlagOutcome;
import org.aftercare.events.flag.FlagReason;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.flag.FlagState;

/** A flag as the member page shows it: the latest change read from {@code case.flags}. */
public record FlagView(
        String flagId,
        String memberId,
        int change,
        FlagSeverity severity,
        FlagState state,
        Set<FlagReason> reasons,
        List<String> evidence,
        Set<String> categories,
        Instant raisedAt,
        Instant updatedAt,
        String acknowledgedBy,
        Instant acknowledgedAt,
        String contactedBy,
        Instant contactedAt,
        String resolvedBy,
        Instant resolvedAt,
        FlagOutcome outcome) {

    public boolean open() {
        return state.live();
    }
}
