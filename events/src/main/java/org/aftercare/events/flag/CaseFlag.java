package org.aftercare.events.flag;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.aftercare.events.Require;

/**
 * One staff flag after a change: the whole flag, so a reader needs only the latest event per
 * {@code flagId}. It records why (the rules that fired, the ids of the check-ins or requests
 * behind them and the answers' categories such as {@code used} or {@code craving-high}, never
 * their text or notes), when, who was alerted ({@code alerted}: staff ids, or {@code on-call}),
 * and where it stands. The event id is deterministic (flag and change number), so a
 * reprocessed change is the same record.
 */
@JsonTypeName("case.flag")
public record CaseFlag(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String memberId,
        String flagId,
        int change,
        FlagChange what,
        FlagSeverity severity,
        FlagState state,
        Set<FlagReason> reasons,
        List<String> evidence,
        Set<String> categories,
        Instant raisedAt,
        Instant updatedAt,
        List<String> alerted,
        String acknowledgedBy,
        Instant acknowledgedAt,
        String contactedBy,
        Instant contactedAt,
        String resolvedBy,
        Instant resolvedAt,
        FlagOutcome outcome)
        implements FlagEvent {

    public static final int SCHEMA_VERSION = 1;
    /** The {@link #alerted} entry for the program's on-call address. */
    public static final String ON_CALL = "on-call";

    public CaseFlag {
        Require.envelope(eventId, schemaVersion, occurredAt, memberId);
        Require.text(flagId, "flagId");
        Require.atLeast(change, "change", 1);
        Require.present(what, "what");
        Require.present(severity, "severity");
        Require.present(state, "state");
        reasons = Require.set(reasons);
        Require.check(!reasons.isEmpty(), "reasons must name at least one rule");
        evidence = Require.list(evidence);
        categories = Require.set(categories);
        Require.present(raisedAt, "raisedAt");
        Require.present(updatedAt, "updatedAt");
        alerted = Require.list(alerted);
        Require.check((state == FlagState.RESOLVED) == (outcome != null), "outcome goes with a resolved flag");
    }
}
