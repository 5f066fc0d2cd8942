package org.aftercare.streams.flags;

import org.aftercare.events.flag.CaseFlag;
import org.aftercare.streams.outbox.Outbox;

/**
 * Where the flag engine puts what it decides, besides intents: each flag change for
 * {@code case.flags}, and each flag as one staff member's digest sees it (for the staff side of the
 * topology). The processor forwards both with the timestamp of what caused them.
 */
public interface FlagOutbox extends Outbox {

    void flag(CaseFlag flag);

    void staffItem(FlagItem item);
}
