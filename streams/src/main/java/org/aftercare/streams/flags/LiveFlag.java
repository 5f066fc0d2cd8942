package org.aftercare.streams.flags;

import java.time.Instant;
import java.util.List;
import org.aftercare.events.flag.CaseFlag;

/**
 * A member's latest flag as the engine keeps it: the flag after its latest change, the step of
 * the acknowledgement chain it is at (0 at the first active staff member of the care team, one
 * more at each reassignment), when it moves on ({@code nextStepAt}, null once acknowledged,
 * resolved, at the end of the chain, or for a severity that never moves on), and whom the chain
 * has had it so far ({@code passed}: staff ids, or {@link CaseFlag#ON_CALL}, in order; null in
 * entries written before it was kept). The next step goes to the first recipient of the chain as
 * it is then who is not in {@code passed}, so a care team changed or a staff member deactivated
 * meanwhile neither skips nor repeats anyone.
 */
public record LiveFlag(CaseFlag flag, int step, Instant nextStepAt, List<String> passed) {

    public LiveFlag {
        passed = passed == null ? null : List.copyOf(passed);
    }

    /** The same flag after a change that keeps its place in the chain. */
    LiveFlag with(CaseFlag next, Instant nextAt) {
        return new LiveFlag(next, step, nextAt, passed);
    }
}
