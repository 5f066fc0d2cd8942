package org.aftercare.streams.flags;

import java.time.Instant;
import java.util.Set;
import org.aftercare.events.Require;
import org.aftercare.events.flag.FlagChange;
import org.aftercare.events.flag.FlagReason;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.flag.FlagState;

/**
 * One flag as one staff member's digest sees it, sent from the member's side to the staff side
 * (repartitioned by {@code staffId}): the member and flag ids, severity, reasons (codes), state,
 * the change that sent it and when. {@code listed} false means the staff member no longer sees it
 * (resolved, they left the member's care team, or the member was erased). No member data.
 */
public record FlagItem(
        String staffId,
        String memberId,
        String flagId,
        FlagSeverity severity,
        Set<FlagReason> reasons,
        FlagState state,
        FlagChange change,
        Instant at,
        boolean listed) {

    public FlagItem {
        // Sorted, so the reasons read the same on every run (a digest lists them in this order).
        reasons = Require.set(reasons);
    }

    /** The staff member no longer sees this flag. */
    static FlagItem removed(String staffId, String memberId, String flagId, Instant at) {
        return new FlagItem(staffId, memberId, flagId, null, Set.of(), null, null, at, false);
    }

    /** A change that tells the staff member something new (not only that someone acted on it). */
    boolean news() {
        return listed && (change == FlagChange.RAISED || change == FlagChange.UPDATED);
    }
}
