package org.aftercare.events.risk;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.time.LocalDate;
import org.aftercare.events.Require;
import org.aftercare.events.profile.ExitKind;

/**
 * A member's risk tier, published when it changes: the tier, since when, the window it counts
 * from ({@code windowStartedOn}, member-local, and what opened it) and when it will next change
 * by itself ({@code nextChangeOn}, null in the standard tier). The event id is deterministic
 * (member, tier, window start and the member's change number), so a reprocessed change is the
 * same record and a return to an earlier tier and window is a record of its own.
 */
@JsonTypeName("member.risk")
public record MemberRisk(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String memberId,
        RiskTier tier,
        Instant since,
        LocalDate windowStartedOn,
        RiskCause cause,
        ExitKind exitKind,
        LocalDate nextChangeOn)
        implements RiskEvent {

    public static final int SCHEMA_VERSION = 1;

    public MemberRisk {
        Require.envelope(eventId, schemaVersion, occurredAt, memberId);
        Require.present(tier, "tier");
        Require.present(since, "since");
        Require.present(cause, "cause");
        Require.check((cause == RiskCause.EXIT_EVENT) == (exitKind != null), "exitKind goes with an exit-event cause");
        Require.check((cause == RiskCause.NONE) == (windowStartedOn == null), "windowStartedOn goes with a window");
    }
}
