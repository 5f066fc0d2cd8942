package org.aftercare.streams.flags;

import java.time.Instant;
import org.aftercare.events.risk.RiskTier;

/**
 * A member's risk tier at an instant, as the flag rules need it: a reported use is critical in
 * the very-high and high tiers, and one missed check-in is a flag in the very-high tier. In: the
 * member id and the instant of the signal. Out: the tier (never null). It exists so the flag rules
 * do not depend on how tiers are kept (the {@code risk} engine owns them).
 */
@FunctionalInterface
public interface TierLookup {

    /** Every member in the standard tier: for engines and tests that have no risk tiers. */
    TierLookup STANDARD = (memberId, at) -> RiskTier.STANDARD;

    RiskTier tierAt(String memberId, Instant at);
}
