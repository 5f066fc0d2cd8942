package org.aftercare.streams.flags;

import java.time.Instant;
import org.aftercare.events.flag.CaseFlag;

/**
 * A member's latest flag as the engine keeps it: the flag after its latest change, the step of
 * the acknowledgement chain it is at ({@code step} 0 is the first active staff member of the care
 * team, the last is on-call) and when it moves on ({@code nextStepAt}, null once acknowledged,
 * resolved, at the end of the chain, or for a severity that never moves on).
 */
public record LiveFlag(CaseFlag flag, int step, Instant nextStepAt) {}
