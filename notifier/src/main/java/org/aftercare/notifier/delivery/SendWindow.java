package org.aftercare.notifier.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.RecipientRole;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.Preferences;

/**
 * When a routine email may go out: not in the member's quiet hours (member-local time, the
 * member's own {@link Preferences}), and not past the per-recipient daily cap (routine emails per
 * member-local calendar day). {@code URGENT} (escalations, crisis support) and {@code SCHEDULED}
 * (the member's own prompt and reminder) are never held, except the weekly summary, which the
 * member's quiet hours hold as they hold encouragement (it is not counted against the cap). Pure: the caller passes the clock's
 * instant and the count of today's routine sends.
 *
 * <p>Staff are not held at all: not by the member's quiet hours (a staff member chose their own
 * cadence: at once, or a digest), nor by the member's daily cap; nor is a staff flag or digest
 * sent to the on-call address, nor a contact's follow-up (an open escalation waits on its answer).
 *
 * <p>Contacts have no preferences of their own; a routine email to a contact follows the member's
 * quiet hours and time zone (contacts are usually near the member), which errs on the quiet side.
 */
public final class SendWindow {

    public static final String QUIET_HOURS = "quiet-hours";
    public static final String DAILY_CAP = "daily-cap";

    /** Why and until when an email is held. */
    public record Hold(String reason, Instant until) {}

    private final int dailyCap;

    /** @param dailyCap routine emails per recipient per member-local day; 0 means no cap */
    public SendWindow(int dailyCap) {
        if (dailyCap < 0) {
            throw new IllegalArgumentException("dailyCap must be >= 0");
        }
        this.dailyCap = dailyCap;
    }

    /** The start of the member-local day {@code now} falls in (the daily cap's window). */
    public static Instant startOfDay(MemberProfile profile, Instant now) {
        ZoneId zone = profile.timeZone();
        return LocalDate.ofInstant(now, zone).atStartOfDay(zone).toInstant();
    }

    /**
     * May this intent be held at all? Only a routine email to the member or a contact about them, and
     * the member's weekly summary (scheduled: by quiet hours, not by the daily cap).
     */
    public static boolean mayHold(OutreachRequest request) {
        return (request.urgency() == Urgency.ROUTINE || isWeeklySummary(request))
                && request.recipient().role() != RecipientRole.STAFF
                && request.kind() != OutreachKind.STAFF_FLAG
                && request.kind() != OutreachKind.STAFF_DIGEST
                && request.kind() != OutreachKind.CONTACT_FOLLOW_UP;
    }

    /** Empty if the email may go now; else the hold. {@code sentToday}: routine sends to this recipient today. */
    public Optional<Hold> check(OutreachRequest request, MemberProfile profile, int sentToday, Instant now) {
        if (!mayHold(request)) {
            return Optional.empty();
        }
        ZoneId zone = profile.timeZone();
        Preferences prefs = profile.preferences();
        ZonedDateTime local = now.atZone(zone);
        if (prefs.isQuiet(local.toLocalTime())) {
            return Optional.of(new Hold(QUIET_HOURS, quietEnd(prefs, local)));
        }
        if (dailyCap > 0 && sentToday >= dailyCap && request.urgency() == Urgency.ROUTINE) {
            Instant nextDay = LocalDate.ofInstant(now, zone)
                    .plusDays(1)
                    .atStartOfDay(zone)
                    .toInstant();
            return Optional.of(new Hold(DAILY_CAP, nextDay));
        }
        return Optional.empty();
    }

    private static boolean isWeeklySummary(OutreachRequest request) {
        return request.kind() == OutreachKind.WEEKLY_SUMMARY
                && request.recipient().role() == RecipientRole.MEMBER;
    }

    /** The next instant, after {@code local}, at which the quiet hours end (DST gaps resolve forward). */
    static Instant quietEnd(Preferences prefs, ZonedDateTime local) {
        LocalDateTime endToday = local.toLocalDate().atTime(prefs.quietHoursEnd());
        ZonedDateTime end = ZonedDateTime.of(endToday, local.getZone());
        if (!end.isAfter(local)) {
            end = ZonedDateTime.of(endToday.plusDays(1), local.getZone());
        }
        // Never hold for less than a second: the end must be strictly in the future.
        return end.toInstant().isAfter(local.toInstant())
                ? end.toInstant()
                : local.toInstant().plus(Duration.ofSeconds(1));
    }
}
