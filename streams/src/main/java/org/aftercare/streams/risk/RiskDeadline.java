package org.aftercare.streams.risk;

import java.time.Instant;
import org.aftercare.streams.deadline.DeadlineIndex;

/**
 * When a member's tier changes by the passage of time (the start of the member-local day of
 * {@code nextChangeOn}), stored in {@link RiskTiers#DEADLINES} (a {@link DeadlineIndex}).
 */
public record RiskDeadline(String memberId, Instant at) {

    /** Zero-padded epoch millis, then the member ({@link DeadlineIndex#key}): byte order is time order. */
    public String key() {
        return DeadlineIndex.key(at, memberId);
    }
}
