package org.aftercare.events.staff;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.aftercare.events.Require;
import org.aftercare.events.flag.FlagSeverity;

/**
 * One staff member's full record (the latest per staffId is the truth): name, work email, roles,
 * and per severity how they want to hear of flags; {@code digestAt} is the local time (in
 * {@code timeZone}) of the daily digest. A severity without a preference is {@link #cadenceFor}'s default.
 * Critical flags always come at once, whatever the preference says.
 */
@JsonTypeName("staff.member")
public record StaffMember(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String staffId,
        long revision,
        String name,
        String workEmail,
        Set<StaffRole> roles,
        Map<FlagSeverity, AlertCadence> alerts,
        LocalTime digestAt,
        ZoneId timeZone,
        boolean active)
        implements StaffDirectoryEvent {

    public static final int SCHEMA_VERSION = 1;
    public static final LocalTime DEFAULT_DIGEST_AT = LocalTime.of(8, 0);

    public StaffMember {
        Require.text(eventId, "eventId");
        Require.atLeast(schemaVersion, "schemaVersion", 1);
        Require.present(occurredAt, "occurredAt");
        Require.text(staffId, "staffId");
        Require.text(name, "name");
        Require.text(workEmail, "workEmail");
        roles = Require.set(roles);
        Require.check(!roles.isEmpty(), "roles must name at least one role");
        alerts = alerts == null || alerts.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(alerts));
        digestAt = digestAt == null ? DEFAULT_DIGEST_AT : digestAt;
        Require.present(timeZone, "timeZone");
    }

    /** How this staff member hears of flags of {@code severity}: critical always at once; otherwise their choice (high: at once, medium: daily digest by default). */
    @JsonIgnore
    public AlertCadence cadenceFor(FlagSeverity severity) {
        if (severity == FlagSeverity.CRITICAL) {
            return AlertCadence.IMMEDIATELY;
        }
        AlertCadence chosen = alerts.get(severity);
        if (chosen != null) {
            return chosen;
        }
        return severity == FlagSeverity.HIGH ? AlertCadence.IMMEDIATELY : AlertCadence.DAILY_DIGEST;
    }
}
