package org.aftercare.events.profile;

import java.time.LocalTime;
import org.aftercare.events.Require;

/**
 * The member's own choices about email. Quiet hours hold encouragement and milestones, never an
 * escalation or the check-in prompt at the member's chosen time. {@code unsubscribed}: the member
 * unsubscribed (one click in a mail client or the page): their check-in prompts are paused
 * (status {@code paused}, so nothing is counted missed and silence escalates nothing) and no
 * routine email goes to them, but the replies to their own request for help or report of use
 * (crisis support, overdose safety) still do while they are enrolled. Cleared when they resume.
 */
public record Preferences(
        LocalTime quietHoursStart,
        LocalTime quietHoursEnd,
        boolean encouragement,
        boolean milestones,
        boolean unsubscribed) {

    public static final Preferences DEFAULTS =
            new Preferences(LocalTime.of(21, 0), LocalTime.of(8, 0), true, true, false);

    public Preferences {
        Require.present(quietHoursStart, "preferences.quietHoursStart");
        Require.present(quietHoursEnd, "preferences.quietHoursEnd");
    }

    /** True if the local time falls inside quiet hours (which may span midnight). */
    public boolean isQuiet(LocalTime time) {
        if (quietHoursStart.equals(quietHoursEnd)) {
            return false;
        }
        return quietHoursStart.isBefore(quietHoursEnd)
                ? !time.isBefore(quietHoursStart) && time.isBefore(quietHoursEnd)
                : !time.isBefore(quietHoursStart) || time.isBefore(quietHoursEnd);
    }
}
