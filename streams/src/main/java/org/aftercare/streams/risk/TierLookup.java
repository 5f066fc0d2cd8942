package org.aftercare.streams.risk;

import java.time.Instant;
import org.aftercare.events.risk.RiskTier;

/**
 * A member's risk tier at an instant, as the engines that read it need it: the check-in windows
 * (chosen by the tier at dueAt) and the flag rules (a reported use is critical in the very-high and
 * high tiers, one missed check-in is a flag in the very-high tier). In: the member id and the
 * instant. Out: the tier (never null). {@link RiskTiers#tierAt} is the one answer; this interface
 * lets the readers not depend on how tiers are kept.
 */
@FunctionalInterface
public interface TierLookup {

    /** Every member in the standard tier: for engines and tests that have no risk tiers. */
    TierLookup STANDARD = (memberId, at) -> RiskTier.STANDARD;

    RiskTier tierAt(String memberId, Instant at);
}
