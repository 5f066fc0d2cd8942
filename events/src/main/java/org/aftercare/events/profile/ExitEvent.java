package org.aftercare.events.profile;

import java.time.LocalDate;
import org.aftercare.events.Require;

/** One exit event on the member record: what happened and on which (member-local) date. */
public record ExitEvent(ExitKind kind, LocalDate date) {

    public ExitEvent {
        Require.present(kind, "exitEvent.kind");
        Require.present(date, "exitEvent.date");
    }
}
