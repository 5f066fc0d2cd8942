package org.aftercare.streams.flags;

import java.time.Instant;
import org.aftercare.streams.deadline.DeadlineIndex;

/** The acknowledgement timeout of a member's flag, in the flag deadline index ({@link FlagStores#DEADLINES}). */
public record FlagDeadline(String memberId, String flagId, Instant at) {

    /** {@link DeadlineIndex#key}: the time, then the member and flag. */
    public String key() {
        return DeadlineIndex.key(at, memberId, flagId);
    }
}
