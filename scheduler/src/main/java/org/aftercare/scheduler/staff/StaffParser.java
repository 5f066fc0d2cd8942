package org.aftercare.scheduler.staff;

import java.util.Arrays;
import java.util.regex.Pattern;
import org.aftercare.events.Json;
import org.aftercare.events.flag.CaseFlag;
import org.aftercare.events.flag.FlagOutcome;

/**
 * What the staff actions read from a request: a staff id and a flag outcome. (Staff records and
 * care teams are no longer read from requests: the console owns them, issue 12.)
 */
public final class StaffParser {

    /** Staff ids: letters, digits, '.', '-' and '_' (never ':', which separates a link's subject). */
    private static final Pattern STAFF_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private StaffParser() {}

    /** Is this a valid staff id (and not the on-call address's key)? */
    public static boolean isStaffId(String s) {
        return s != null && STAFF_ID.matcher(s).matches() && !s.equals(CaseFlag.ON_CALL);
    }

    /** A flag outcome from its JSON name ({@code reached-safe}, ...); null when it is none. */
    public static FlagOutcome outcome(String s) {
        return s == null ? null : wire(FlagOutcome.values(), s);
    }

    /** The JSON names of the flag outcomes, for reasons. */
    public static String outcomeNames() {
        return String.join(
                ", ",
                Arrays.stream(FlagOutcome.values())
                        .map(o -> Json.convert(o, String.class))
                        .toList());
    }

    /** The constant whose JSON name (its {@code @JsonProperty}) or Java name is {@code s}. */
    static <E extends Enum<E>> E wire(E[] values, String s) {
        for (E e : values) {
            if (Json.convert(e, String.class).equals(s) || e.name().equalsIgnoreCase(s)) {
                return e;
            }
        }
        return null;
    }
}
