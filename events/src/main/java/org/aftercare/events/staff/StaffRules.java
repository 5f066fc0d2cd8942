package org.aftercare.events.staff;

import java.time.ZoneId;
import java.util.regex.Pattern;
import org.aftercare.events.flag.CaseFlag;
import org.aftercare.events.flag.FlagSeverity;

/**
 * The rules a staff record and a care team must meet before anyone publishes them on {@code
 * staff.directory} or {@code care.assignments}: one place for every writer (the console owns the
 * records; the scheduler's stop-gap {@code StaffParser} checks the same rules). Each answers yes or
 * no; the writer words the reason beside its own field and never echoes the value.
 */
public final class StaffRules {

    /** The longest name a staff record holds. */
    public static final int MAX_NAME = 100;

    /** The longest work email (RFC 5321's path limit). */
    public static final int MAX_EMAIL = 320;

    /** A care team holds the primary and at most this many others. */
    public static final int MAX_OTHERS = 10;

    /** Staff ids: letters, digits, '.', '-' and '_' (never ':', which separates a link's subject). */
    private static final Pattern STAFF_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$");

    private StaffRules() {}

    /** A valid staff id, and not the on-call address's key. */
    public static boolean isStaffId(String s) {
        return s != null && STAFF_ID.matcher(s).matches() && !s.equals(CaseFlag.ON_CALL);
    }

    /** A plain address, local part and domain (no display name, no comments). */
    public static boolean isEmail(String s) {
        return s != null && s.length() <= MAX_EMAIL && EMAIL.matcher(s).matches();
    }

    /**
     * Line breaks of any kind, other control characters and the bidirectional controls, which can
     * make a name read differently on a page or in an email than what was stored.
     */
    public static boolean hasControlCharacters(String s) {
        return s.chars()
                .anyMatch(ch -> Character.isISOControl(ch)
                        || ch == '\u2028'
                        || ch == '\u2029'
                        || (ch >= '\u202A' && ch <= '\u202E')
                        || (ch >= '\u2066' && ch <= '\u2069'));
    }

    /** An IANA time-zone id this JVM knows (not an offset such as {@code +02:00}). */
    public static boolean isKnownTimeZone(String s) {
        return s != null && ZoneId.getAvailableZoneIds().contains(s);
    }

    /** Whether a staff member may choose {@code cadence} for {@code severity}: critical flags always come at once. */
    public static boolean cadenceAllowed(FlagSeverity severity, AlertCadence cadence) {
        return cadence != null && (severity != FlagSeverity.CRITICAL || cadence == AlertCadence.IMMEDIATELY);
    }
}
