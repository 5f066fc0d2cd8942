package org.aftercare.events.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalTime;
import org.aftercare.events.Require;

/**
 * The member's own choices about email. Quiet hours hold encouragement and milestones, never an
 * escalation or the check-in prompt at the member's chosen time. {@code unsubscribed}: the member
 * unsubscribed (one click in a mail client or the page): their check-in prompts are paused
 * (status {@code paused}, so nothing is counted missed and silence escalates nothing) and no
 * routine email goes to them, but the replies to their own request for help or report of use
 * (crisis support, overdose safety) still do while they are enrolled. Cleared when they resume.
 *
 * <p>Issue 13, the member's own choices from their progress page: {@code trackRecoveryDate} (default
 * yes): the progress page counts the days since the recovery date and day milestones (days, years)
 * are congratulated; off, neither (the streak and its milestones stay). {@code weeklySummary}
 * (default no: opt-in): a short weekly email with the link to the progress page. Absent in JSON
 * written before they existed: the defaults.
 */
public record Preferences(
        LocalTime quietHoursStart,
        LocalTime quietHoursEnd,
        boolean encouragement,
        boolean milestones,
        boolean unsubscribed,
        boolean trackRecoveryDate,
        boolean weeklySummary) {

    public static final Preferences DEFAULTS =
            new Preferences(LocalTime.of(21, 0), LocalTime.of(8, 0), true, true, false, true, false);

    public Preferences {
        Require.present(quietHoursStart, "preferences.quietHoursStart");
        Require.present(quietHoursEnd, "preferences.quietHoursEnd");
    }

    /** Preferences of the shape before issue 13: the recovery date tracked, no weekly summary. */
    public Preferences(
            LocalTime quietHoursStart,
            LocalTime quietHoursEnd,
            boolean encouragement,
            boolean milestones,
            boolean unsubscribed) {
        this(quietHoursStart, quietHoursEnd, encouragement, milestones, unsubscribed, true, false);
    }

    /** Reads JSON: every boolean absent (written before it existed) takes its default. */
    @JsonCreator
    static Preferences read(
            @JsonProperty("quietHoursStart") LocalTime quietHoursStart,
            @JsonProperty("quietHoursEnd") LocalTime quietHoursEnd,
            @JsonProperty("encouragement") Boolean encouragement,
            @JsonProperty("milestones") Boolean milestones,
            @JsonProperty("unsubscribed") Boolean unsubscribed,
            @JsonProperty("trackRecoveryDate") Boolean trackRecoveryDate,
            @JsonProperty("weeklySummary") Boolean weeklySummary) {
        return new Preferences(
                quietHoursStart,
                quietHoursEnd,
                orDefault(encouragement, DEFAULTS.encouragement),
                orDefault(milestones, DEFAULTS.milestones),
                orDefault(unsubscribed, DEFAULTS.unsubscribed),
                orDefault(trackRecoveryDate, DEFAULTS.trackRecoveryDate),
                orDefault(weeklySummary, DEFAULTS.weeklySummary));
    }

    private static boolean orDefault(Boolean value, boolean fallback) {
        return value == null ? fallback : value;
    }

    /** The same preferences with the member's choice about counting days from their recovery date. */
    public Preferences withTrackRecoveryDate(boolean tracked) {
        return new Preferences(
                quietHoursStart, quietHoursEnd, encouragement, milestones, unsubscribed, tracked, weeklySummary);
    }

    /** The same preferences with the member's choice about the weekly summary email. */
    public Preferences withWeeklySummary(boolean wanted) {
        return new Preferences(
                quietHoursStart, quietHoursEnd, encouragement, milestones, unsubscribed, trackRecoveryDate, wanted);
    }

    /** The same preferences, unsubscribed from routine email or not. */
    public Preferences withUnsubscribed(boolean stopped) {
        return new Preferences(
                quietHoursStart, quietHoursEnd, encouragement, milestones, stopped, trackRecoveryDate, weeklySummary);
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
