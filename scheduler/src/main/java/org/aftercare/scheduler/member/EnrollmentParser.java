package org.aftercare.scheduler.member;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.aftercare.events.ContractViolation;
import org.aftercare.events.Json;
import org.aftercare.events.profile.CheckInPlan;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.DateRange;
import org.aftercare.events.profile.ExitEvent;
import org.aftercare.events.profile.ExitKind;
import org.aftercare.events.profile.Preferences;
import org.aftercare.events.profile.QuestionnaireSchedule;

/**
 * Reads an enrollment from the admin API's JSON body and checks every field, collecting one
 * reason per field (RFC 9457 {@code errors}) rather than stopping at the first. Reasons describe
 * the rule, never echo the value.
 */
public final class EnrollmentParser {

    /** A new contact as the operator describes it; ids and state are the scheduler's to assign. */
    public record ContactInput(String name, String email, String relationship, Set<ConsentScope> consent) {}

    /** A validated enrollment. */
    public record Enrollment(
            String externalId,
            String firstName,
            String email,
            ZoneId timeZone,
            String locale,
            LocalDate treatmentEndedOn,
            LocalDate recoveryStartDate,
            CheckInPlan plan,
            List<String> copingPlan,
            List<ContactInput> contacts,
            Preferences preferences,
            List<ExitEvent> exitEvents,
            Choices choices) {}

    /**
     * The member's own choices as the body gave them ({@code preferences.trackRecoveryDate},
     * {@code preferences.weeklySummary}); null where it left one out. The member makes these on their
     * progress page, so an update that leaves one out keeps the member's choice
     * ({@link MemberLifecycle#update}); an enrollment takes the default
     * ({@link Enrollment#preferences()} already holds it).
     */
    public record Choices(Boolean trackRecoveryDate, Boolean weeklySummary) {

        static final Choices NONE = new Choices(null, null);

        /** {@code current} with every choice given here, the others as they were. */
        public Preferences applyTo(Preferences current) {
            Preferences p = current;
            if (trackRecoveryDate != null) {
                p = p.withTrackRecoveryDate(trackRecoveryDate);
            }
            if (weeklySummary != null) {
                p = p.withWeeklySummary(weeklySummary);
            }
            return p;
        }
    }

    /** Fields of a care team, refused on a member: the console owns care teams (issue 12). */
    private static final List<String> CARE_TEAM_FIELDS = List.of("careTeam", "primaryStaffId", "otherStaffIds");

    /** At most this many exit events on one member record. */
    static final int MAX_EXIT_EVENTS = 50;

    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$");
    static final int MAX_CONTACTS = 10;
    /** More than a program gives one member; a bound so a plan cannot grow without end. */
    static final int MAX_QUESTIONNAIRES = 10;

    private static final int MAX_COPING_STEPS = 20;
    private static final String NO_CONTROL_CHARACTERS = "must not contain line breaks or other control characters";

    private final Map<String, String> errors = new LinkedHashMap<>();

    private EnrollmentParser() {}

    /**
     * Parses an enrollment at {@code now}: a plan without a start date starts today <em>in the
     * member's own time zone</em> (in a zone behind UTC that can be the day before UTC's today, and
     * a check-in later that local day must not be lost).
     */
    public static Enrollment parse(JsonNode body, Instant now) {
        return parse(body, zone -> now.atZone(zone).toLocalDate());
    }

    /** Parses an enrollment with a fixed "today" for plans without a start date (tests). */
    public static Enrollment parse(JsonNode body, LocalDate today) {
        return parse(body, zone -> today);
    }

    private static Enrollment parse(JsonNode body, Function<ZoneId, LocalDate> todayIn) {
        EnrollmentParser p = new EnrollmentParser();
        if (body == null || !body.isObject()) {
            throw MemberProblem.invalid("the body must be a JSON object", Map.of());
        }
        String externalId = p.text(body, "externalId", 128, true);
        String firstName = p.text(body, "firstName", 100, true);
        String email = p.email(body, "email");
        ZoneId zone = p.zone(body, "timeZone");
        String locale = p.text(body, "locale", 16, false);
        LocalDate treatmentEnded = p.date(body, "treatmentEndedOn");
        LocalDate recoveryStart = p.date(body, "recoveryStartDate");
        LocalDate today = todayIn.apply(zone == null ? ZoneOffset.UTC : zone);
        CheckInPlan plan = p.plan(body.get("plan"), today);
        List<String> coping = p.strings(body, "copingPlan", MAX_COPING_STEPS, 300);
        List<ContactInput> contacts = p.contacts(body.get("contacts"));
        Preferences prefs = p.preferences(body.get("preferences"));
        Choices choices = p.choices(body.get("preferences"));
        List<ExitEvent> exitEvents = p.exitEvents(body.get("exitEvents"), today);
        for (String field : CARE_TEAM_FIELDS) {
            if (body.has(field)) {
                // Silently dropping it would leave the operator believing the member has a team.
                p.errors.put(
                        field, "is set in the staff console, which owns care teams; the scheduler does not take it");
            }
        }
        if (!p.errors.isEmpty()) {
            throw MemberProblem.invalid("the enrollment has " + p.errors.size() + " invalid field(s)", p.errors);
        }
        return new Enrollment(
                externalId,
                firstName,
                email,
                zone,
                locale == null ? "en" : locale,
                treatmentEnded,
                recoveryStart,
                plan,
                coping,
                contacts,
                prefs == null ? null : choices.applyTo(prefs),
                exitEvents,
                choices);
    }

    /**
     * Reads one exit event (the admin API's {@code POST .../exit-events}): a known kind and a date
     * no later than tomorrow in the member's time zone ({@code today} is the member's today).
     */
    public static ExitEvent parseExitEvent(JsonNode body, LocalDate today) {
        EnrollmentParser p = new EnrollmentParser();
        if (body == null || !body.isObject()) {
            throw MemberProblem.invalid("the body must be a JSON object", Map.of());
        }
        ExitEvent e = p.exitEvent(body, "", today);
        if (!p.errors.isEmpty()) {
            Map<String, String> errors = new LinkedHashMap<>();
            p.errors.forEach((f, r) -> errors.put(f.startsWith(".") ? f.substring(1) : f, r));
            throw MemberProblem.invalid("the exit event has " + errors.size() + " invalid field(s)", errors);
        }
        return e;
    }

    private List<ExitEvent> exitEvents(JsonNode v, LocalDate today) {
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray() || v.size() > MAX_EXIT_EVENTS) {
            errors.put("exitEvents", "must be a list of at most " + MAX_EXIT_EVENTS + " {kind, date} entries");
            return List.of();
        }
        List<ExitEvent> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isObject()) {
                errors.put("exitEvents", "must hold {kind, date} objects");
                return List.of();
            }
            ExitEvent e = exitEvent(item, "exitEvents", today);
            if (e != null && !out.contains(e)) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparing(ExitEvent::date));
        return List.copyOf(out);
    }

    private ExitEvent exitEvent(JsonNode node, String prefix, LocalDate today) {
        String kindText = text(node, "kind", prefix + ".kind", 40, true);
        ExitKind kind = null;
        if (kindText != null) {
            kind = exitKind(kindText);
            if (kind == null) {
                errors.put(
                        prefix + ".kind",
                        "must be one of discharge, stopped-medication, completed-detox, released-from-custody");
            }
        }
        LocalDate date = date(node, "date", prefix + ".date");
        if (date == null && !errors.containsKey(prefix + ".date")) {
            errors.put(prefix + ".date", "is required (YYYY-MM-DD)");
        }
        if (date != null && date.isAfter(today.plusDays(1))) {
            errors.put(prefix + ".date", "must not be later than tomorrow in the member's time zone");
            date = null;
        }
        return kind == null || date == null ? null : new ExitEvent(kind, date);
    }

    private static ExitKind exitKind(String s) {
        return wire(ExitKind.values(), s);
    }

    /** The constant whose JSON name (its {@code @JsonProperty}) or Java name is {@code s}; null when none. */
    private static <E extends Enum<E>> E wire(E[] values, String s) {
        for (E e : values) {
            if (Json.convert(e, String.class).equals(s) || e.name().equalsIgnoreCase(s)) {
                return e;
            }
        }
        return null;
    }

    /** Reads one support contact (the admin API's contact operations); field names without a prefix. */
    public static ContactInput parseContact(JsonNode body) {
        EnrollmentParser p = new EnrollmentParser();
        if (body == null || !body.isObject()) {
            throw MemberProblem.invalid("the body must be a JSON object", Map.of());
        }
        ContactInput k = p.contact(body, "");
        if (!p.errors.isEmpty()) {
            Map<String, String> errors = new LinkedHashMap<>();
            p.errors.forEach((f, r) -> errors.put(f.startsWith(".") ? f.substring(1) : f, r));
            throw MemberProblem.invalid("the contact has " + errors.size() + " invalid field(s)", errors);
        }
        return k;
    }

    private String text(JsonNode node, String field, int max, boolean required) {
        return text(node, field, field, max, required);
    }

    private String text(JsonNode node, String field, String path, int max, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            if (required) {
                errors.put(path, "is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            errors.put(path, "must be a string");
            return null;
        }
        if (hasControlCharacters(v.asText())) {
            errors.put(path, NO_CONTROL_CHARACTERS);
            return null;
        }
        String s = v.asText().strip();
        if (s.length() > max) {
            errors.put(path, "must be at most " + max + " characters");
            return null;
        }
        return s;
    }

    /**
     * Line breaks of any kind (CR, LF, NEL, U+2028, U+2029), other C0/C1 control characters and
     * the bidirectional embedding, override and isolate controls, which can make a name or a step
     * of a coping plan read differently in an email or on a page than what was stored.
     */
    public static boolean hasControlCharacters(String s) {
        return s.chars()
                .anyMatch(ch -> Character.isISOControl(ch)
                        || ch == '\u2028'
                        || ch == '\u2029'
                        || (ch >= '\u202A' && ch <= '\u202E')
                        || (ch >= '\u2066' && ch <= '\u2069'));
    }

    /** Is this an email address the pipeline can send to (the rule enrollments use)? */
    public static boolean isEmail(String s) {
        return EMAIL.matcher(s).matches();
    }

    private String email(JsonNode node, String path) {
        return email(node, "email", path);
    }

    private String email(JsonNode node, String field, String path) {
        String s = text(node, field, path, 320, true);
        if (s != null && !EMAIL.matcher(s).matches()) {
            errors.put(path, "is not a valid email address");
            return null;
        }
        return s;
    }

    private ZoneId zone(JsonNode node, String field) {
        String s = text(node, field, 64, true);
        if (s == null) {
            return null;
        }
        if (!ZoneId.getAvailableZoneIds().contains(s)) {
            errors.put(field, "is not a known IANA time zone (for example America/Chicago)");
            return null;
        }
        return ZoneId.of(s);
    }

    private LocalDate date(JsonNode node, String field) {
        return date(node, field, field);
    }

    private LocalDate date(JsonNode node, String field, String path) {
        String s = text(node, field, path, 10, false);
        if (s == null) {
            return null;
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeException e) {
            errors.put(path, "must be a date written YYYY-MM-DD");
            return null;
        }
    }

    private CheckInPlan plan(JsonNode plan, LocalDate today) {
        if (plan == null || plan.isNull()) {
            errors.put("plan", "is required (days and local times of the check-ins)");
            return null;
        }
        if (!plan.isObject()) {
            errors.put("plan", "must be an object");
            return null;
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        JsonNode d = plan.get("days");
        if (d == null || d.isNull()) {
            days = EnumSet.allOf(DayOfWeek.class);
        } else if (!d.isArray()) {
            errors.put("plan.days", "must be a list of weekdays");
        } else {
            for (JsonNode day : d) {
                DayOfWeek parsed = weekday(day.asText());
                if (parsed == null) {
                    errors.put("plan.days", "must hold weekdays such as MONDAY or mon");
                } else {
                    days.add(parsed);
                }
            }
        }
        List<LocalTime> times = new ArrayList<>();
        JsonNode t = plan.get("times");
        if (t == null || !t.isArray() || t.isEmpty()) {
            errors.put("plan.times", "must hold at least one local time such as 09:00");
        } else if (t.size() > 12) {
            errors.put("plan.times", "must hold at most 12 times a day");
        } else {
            for (JsonNode time : t) {
                try {
                    times.add(LocalTime.parse(time.asText()));
                } catch (DateTimeException e) {
                    errors.put("plan.times", "must hold times written HH:MM");
                }
            }
        }
        LocalDate start = date(plan, "startDate", "plan.startDate");
        LocalDate end = date(plan, "endDate", "plan.endDate");
        List<DateRange> pauses = new ArrayList<>();
        JsonNode ps = plan.get("pauses");
        if (ps != null && !ps.isNull()) {
            if (!ps.isArray()) {
                errors.put("plan.pauses", "must be a list of {from, to} date ranges");
            } else {
                for (JsonNode pause : ps) {
                    LocalDate from = date(pause, "from", "plan.pauses.from");
                    LocalDate to = date(pause, "to", "plan.pauses.to");
                    if (from != null && to != null) {
                        if (to.isBefore(from)) {
                            errors.put("plan.pauses", "a pause must not end before it starts");
                        } else {
                            pauses.add(new DateRange(from, to));
                        }
                    }
                }
            }
        }
        List<QuestionnaireSchedule> questionnaires = questionnaires(plan.get("questionnaires"));
        if (start == null && !errors.containsKey("plan.startDate")) {
            start = today;
        }
        if (start != null && end != null && end.isBefore(start)) {
            errors.put("plan.endDate", "must not be before plan.startDate");
        }
        if (errors.keySet().stream().anyMatch(k -> k.startsWith("plan"))) {
            return null;
        }
        try {
            return new CheckInPlan(days, times, start, end, pauses, questionnaires);
        } catch (ContractViolation e) {
            errors.put("plan", e.getMessage());
            return null;
        }
    }

    /**
     * The plan's questionnaires ({@code plan.questionnaires}): each an instrument, how it repeats
     * and a local time, in the shape of {@link QuestionnaireSchedule}. Whether the instruments exist
     * and can be given is checked against the program's definitions by {@link PlanQuestionnaires}.
     */
    private List<QuestionnaireSchedule> questionnaires(JsonNode list) {
        List<QuestionnaireSchedule> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            errors.put("plan.questionnaires", "must be a list of {instrument, repeat, time, ...}");
            return out;
        }
        if (list.size() > MAX_QUESTIONNAIRES) {
            errors.put("plan.questionnaires", "must hold at most " + MAX_QUESTIONNAIRES + " questionnaires");
            return out;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "plan.questionnaires[" + i + "]";
            JsonNode q = list.get(i);
            if (!q.isObject()) {
                errors.put(at, "must be an object {instrument, repeat, time, ...}");
                continue;
            }
            int before = errors.size();
            String instrument =
                    q.path("instrument").isTextual() ? q.get("instrument").asText() : null;
            if (instrument == null || !instrument.matches(QuestionnaireSchedule.INSTRUMENT_ID)) {
                errors.put(at + ".instrument", "must be an instrument id such as weekly-reflection");
            } else if (!seen.add(instrument)) {
                errors.put(at + ".instrument", "is named twice; a plan gives each questionnaire once");
            }
            QuestionnaireSchedule.Repeat repeat = null;
            String r = q.path("repeat").asText("");
            switch (r) {
                case "weekly" -> repeat = QuestionnaireSchedule.Repeat.WEEKLY;
                case "every-days" -> repeat = QuestionnaireSchedule.Repeat.EVERY_DAYS;
                case "monthly" -> repeat = QuestionnaireSchedule.Repeat.MONTHLY;
                default -> errors.put(at + ".repeat", "must be weekly, every-days or monthly");
            }
            Integer interval = whole(q, "interval", at + ".interval");
            Integer dayOfMonth = whole(q, "dayOfMonth", at + ".dayOfMonth");
            DayOfWeek day = null;
            if (q.hasNonNull("day")) {
                day = weekday(q.get("day").asText());
                if (day == null) {
                    errors.put(at + ".day", "must be a weekday such as SUNDAY or sun");
                }
            }
            LocalTime time = null;
            try {
                time = LocalTime.parse(q.path("time").asText(""));
            } catch (DateTimeException e) {
                errors.put(at + ".time", "must be a local time written HH:MM");
            }
            if (errors.size() > before) {
                continue;
            }
            try {
                out.add(new QuestionnaireSchedule(instrument, repeat, interval, day, dayOfMonth, time));
            } catch (ContractViolation e) {
                errors.put(at, e.getMessage().replace("questionnaires.", ""));
            }
        }
        return out;
    }

    private Integer whole(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            errors.put(path, "must be a whole number");
            return null;
        }
        return v.intValue();
    }

    private static DayOfWeek weekday(String s) {
        String up = s.strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().equals(up) || (up.length() == 3 && day.name().startsWith(up))) {
                return day;
            }
        }
        return null;
    }

    private List<String> strings(JsonNode node, String field, int maxItems, int maxLength) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray() || v.size() > maxItems) {
            errors.put(field, "must be a list of at most " + maxItems + " short texts");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual() || item.asText().isBlank() || item.asText().length() > maxLength) {
                errors.put(field, "must hold non-empty texts of at most " + maxLength + " characters");
                return List.of();
            }
            if (hasControlCharacters(item.asText())) {
                errors.put(field, NO_CONTROL_CHARACTERS);
                return List.of();
            }
            out.add(item.asText().strip());
        }
        return out;
    }

    private List<ContactInput> contacts(JsonNode v) {
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray() || v.size() > MAX_CONTACTS) {
            errors.put("contacts", "must be a list of at most " + MAX_CONTACTS + " contacts");
            return List.of();
        }
        List<ContactInput> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode c = v.get(i);
            String at = "contacts[" + i + "]";
            if (!c.isObject()) {
                errors.put(at, "must be an object");
                continue;
            }
            ContactInput k = contact(c, at);
            if (k.email() != null && !seen.add(k.email().toLowerCase(Locale.ROOT))) {
                errors.put(at + ".email", "appears twice among the contacts");
            }
            out.add(k);
        }
        return out;
    }

    private ContactInput contact(JsonNode c, String prefix) {
        String at = prefix;
        String name = text(c, "name", at + ".name", 100, true);
        String email = email(c, "email", at + ".email");
        String relationship = text(c, "relationship", at + ".relationship", 64, false);
        Set<ConsentScope> consent = EnumSet.noneOf(ConsentScope.class);
        JsonNode scopes = c.get("consent");
        if (scopes != null && scopes.isArray()) {
            for (JsonNode s : scopes) {
                ConsentScope scope = scope(s.asText());
                if (scope == null) {
                    errors.put(
                            at + ".consent", "must hold missed-check-ins, help-requested, use-reported or milestones");
                } else {
                    consent.add(scope);
                }
            }
        } else if (scopes != null && !scopes.isNull()) {
            errors.put(at + ".consent", "must be a list of consent scopes");
        }
        return new ContactInput(name, email, relationship, consent);
    }

    private static ConsentScope scope(String s) {
        return wire(ConsentScope.values(), s);
    }

    private Preferences preferences(JsonNode v) {
        if (v == null || v.isNull()) {
            return Preferences.DEFAULTS;
        }
        if (!v.isObject()) {
            errors.put("preferences", "must be an object");
            return null;
        }
        LocalTime start = time(v, "quietHoursStart", Preferences.DEFAULTS.quietHoursStart());
        LocalTime end = time(v, "quietHoursEnd", Preferences.DEFAULTS.quietHoursEnd());
        boolean encouragement =
                !v.has("encouragement") || v.get("encouragement").asBoolean(true);
        boolean milestones = !v.has("milestones") || v.get("milestones").asBoolean(true);
        return start == null || end == null ? null : new Preferences(start, end, encouragement, milestones, false);
    }

    /** The member's own choices, where the body gives them: each true or false. */
    private Choices choices(JsonNode v) {
        if (v == null || !v.isObject()) {
            return Choices.NONE;
        }
        return new Choices(choice(v, "trackRecoveryDate"), choice(v, "weeklySummary"));
    }

    private Boolean choice(JsonNode v, String field) {
        JsonNode value = v.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            errors.put("preferences." + field, "must be true or false");
            return null;
        }
        return value.booleanValue();
    }

    private LocalTime time(JsonNode v, String field, LocalTime fallback) {
        JsonNode t = v.get(field);
        if (t == null || t.isNull()) {
            return fallback;
        }
        try {
            return LocalTime.parse(t.asText());
        } catch (DateTimeException e) {
            errors.put("preferences." + field, "must be a time written HH:MM");
            return null;
        }
    }
}
