package org.aftercare.scheduler.staff;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.aftercare.events.Json;
import org.aftercare.events.flag.CaseFlag;
import org.aftercare.events.flag.FlagOutcome;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.staff.AlertCadence;
import org.aftercare.events.staff.StaffRole;
import org.aftercare.scheduler.member.EnrollmentParser;
import org.aftercare.scheduler.member.MemberProblem;

/**
 * Reads a staff record and a care team from the admin API's JSON bodies and checks every field,
 * one reason per field (as {@link EnrollmentParser} does for members); reasons never echo the value.
 */
public final class StaffParser {

    /** A validated staff record, without the id, revision and envelope the directory assigns. */
    public record StaffInput(
            String name,
            String workEmail,
            Set<StaffRole> roles,
            Map<FlagSeverity, AlertCadence> alerts,
            LocalTime digestAt,
            ZoneId timeZone,
            boolean active) {}

    /** A validated care team: the primary staff member and the others, in order. */
    public record CareTeamInput(String primaryStaffId, List<String> otherStaffIds) {}

    /** Staff ids: letters, digits, '.', '-' and '_' (never ':', which separates a link's subject). */
    private static final Pattern STAFF_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    static final int MAX_OTHERS = 10;

    private final Map<String, String> errors = new LinkedHashMap<>();

    private StaffParser() {}

    /** Is this a valid staff id (and not the on-call address's key)? */
    public static boolean isStaffId(String s) {
        return s != null && STAFF_ID.matcher(s).matches() && !s.equals(CaseFlag.ON_CALL);
    }

    /** Refuses a staff id in a path that cannot be one. */
    public static String requireStaffId(String staffId) {
        if (!isStaffId(staffId)) {
            throw MemberProblem.invalid(
                    "the staff id is invalid",
                    Map.of("staffId", "must be 1-64 letters, digits, '.', '-' or '_', and not 'on-call'"));
        }
        return staffId;
    }

    public static StaffInput parseStaff(JsonNode body, String staffId) {
        StaffParser p = new StaffParser();
        if (body == null || !body.isObject()) {
            throw MemberProblem.invalid("the body must be a JSON object", Map.of());
        }
        if (body.has("staffId") && !staffId.equals(body.get("staffId").asText())) {
            p.errors.put("staffId", "must be the id in the path (or left out)");
        }
        if (body.has("revision")) {
            p.errors.put("revision", "is assigned by the scheduler and cannot be changed");
        }
        String name = p.text(body, "name", 100);
        String email = p.text(body, "workEmail", 320);
        if (email != null && !EnrollmentParser.isEmail(email)) {
            p.errors.put("workEmail", "is not a valid email address");
        }
        Set<StaffRole> roles = p.roles(body.get("roles"));
        Map<FlagSeverity, AlertCadence> alerts = p.alerts(body.get("alerts"));
        LocalTime digestAt = p.digestAt(body.get("digestAt"));
        ZoneId zone = p.zone(body);
        boolean active = true;
        JsonNode a = body.get("active");
        if (a != null && !a.isNull()) {
            if (!a.isBoolean()) {
                p.errors.put("active", "must be true or false");
            } else {
                active = a.asBoolean();
            }
        }
        if (!p.errors.isEmpty()) {
            throw MemberProblem.invalid("the staff record has " + p.errors.size() + " invalid field(s)", p.errors);
        }
        return new StaffInput(name, email, roles, alerts, digestAt, zone, active);
    }

    public static CareTeamInput parseCareTeam(JsonNode body) {
        StaffParser p = new StaffParser();
        if (body == null || !body.isObject()) {
            throw MemberProblem.invalid("the body must be a JSON object", Map.of());
        }
        JsonNode primary = body.get("primaryStaffId");
        String primaryId = null;
        if (primary == null || primary.isNull()) {
            p.errors.put("primaryStaffId", "is required (every care team has a primary staff member)");
        } else if (!primary.isTextual() || !isStaffId(primary.asText())) {
            p.errors.put("primaryStaffId", "must be a staff id");
        } else {
            primaryId = primary.asText();
        }
        List<String> others = new ArrayList<>();
        JsonNode o = body.get("otherStaffIds");
        if (o != null && !o.isNull()) {
            if (!o.isArray() || o.size() > MAX_OTHERS) {
                p.errors.put("otherStaffIds", "must be a list of at most " + MAX_OTHERS + " staff ids");
            } else {
                for (JsonNode id : o) {
                    if (!id.isTextual() || !isStaffId(id.asText())) {
                        p.errors.put("otherStaffIds", "must hold staff ids");
                    } else if (others.contains(id.asText())) {
                        p.errors.put("otherStaffIds", "must not name a staff member twice");
                    } else if (id.asText().equals(primaryId)) {
                        p.errors.put("otherStaffIds", "must not include the primary staff member");
                    } else {
                        others.add(id.asText());
                    }
                }
            }
        }
        if (!p.errors.isEmpty()) {
            throw MemberProblem.invalid("the care team has " + p.errors.size() + " invalid field(s)", p.errors);
        }
        return new CareTeamInput(primaryId, List.copyOf(others));
    }

    private String text(JsonNode node, String field, int max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            errors.put(field, "is required");
            return null;
        }
        if (!v.isTextual()) {
            errors.put(field, "must be a string");
            return null;
        }
        if (EnrollmentParser.hasControlCharacters(v.asText())) {
            errors.put(field, "must not contain line breaks or other control characters");
            return null;
        }
        String s = v.asText().strip();
        if (s.length() > max) {
            errors.put(field, "must be at most " + max + " characters");
            return null;
        }
        return s;
    }

    private Set<StaffRole> roles(JsonNode v) {
        Set<StaffRole> roles = EnumSet.noneOf(StaffRole.class);
        if (v == null || !v.isArray() || v.isEmpty()) {
            errors.put("roles", "must list at least one of clinician, supervisor, admin");
            return roles;
        }
        for (JsonNode r : v) {
            StaffRole role = wire(StaffRole.values(), r.asText());
            if (role == null) {
                errors.put("roles", "must hold clinician, supervisor or admin");
            } else {
                roles.add(role);
            }
        }
        return roles;
    }

    private Map<FlagSeverity, AlertCadence> alerts(JsonNode v) {
        Map<FlagSeverity, AlertCadence> alerts = new EnumMap<>(FlagSeverity.class);
        if (v == null || v.isNull()) {
            return alerts;
        }
        if (!v.isObject()) {
            errors.put("alerts", "must be an object of severity (critical, high, medium) to cadence");
            return alerts;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = "alerts." + e.getKey();
            FlagSeverity severity = wire(FlagSeverity.values(), e.getKey());
            if (severity == null) {
                errors.put("alerts", "names severities critical, high and medium only");
                continue;
            }
            AlertCadence cadence = wire(AlertCadence.values(), e.getValue().asText());
            if (cadence == null) {
                errors.put(path, "must be immediately, every-3-hours or daily-digest");
            } else if (severity == FlagSeverity.CRITICAL && cadence != AlertCadence.IMMEDIATELY) {
                errors.put(path, "critical flags always come at once: only immediately");
            } else {
                alerts.put(severity, cadence);
            }
        }
        return alerts;
    }

    private LocalTime digestAt(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            LocalTime t = LocalTime.parse(v.asText());
            return t.withSecond(0).withNano(0);
        } catch (DateTimeException e) {
            errors.put("digestAt", "must be a local time written HH:MM");
            return null;
        }
    }

    private ZoneId zone(JsonNode body) {
        String s = text(body, "timeZone", 64);
        if (s == null) {
            return null;
        }
        if (!ZoneId.getAvailableZoneIds().contains(s)) {
            errors.put("timeZone", "is not a known IANA time zone (for example America/Chicago)");
            return null;
        }
        return ZoneId.of(s);
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
