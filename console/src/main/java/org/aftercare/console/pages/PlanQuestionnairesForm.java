package org.aftercare.console.pages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aftercare.events.Json;
import org.aftercare.events.profile.QuestionnaireSchedule;
import org.aftercare.measures.Instrument;
import org.aftercare.measures.Instruments;

/**
 * The "Questionnaires" part of the check-in plan form: one row per instrument of the console's
 * loaded definitions, and one per questionnaire the scheduler's plan names that the console cannot
 * offer (its wording not installed, or no definition here). In: the scheduler's current {@code
 * plan.questionnaires} and the form as posted. Out: the whole list to send as {@code
 * plan.questionnaires} (a JSON merge patch replaces a list whole), the rows to show, and messages
 * beside each row's fields, from the console's own checks or the scheduler's refusals
 * ({@code plan.questionnaires[i].time} and the like).
 *
 * <p>A ready instrument is edited in full: not given, weekly on a day (every N weeks), every N
 * days, or monthly on a day of the month (every N months), at a local time. One that is not ready
 * is shown disabled with the reason; if the plan gives it (or an instrument the console has no
 * definition for), the row offers to keep it exactly as the scheduler holds it or to take it off
 * the plan, since the scheduler refuses a change to a plan naming a questionnaire it cannot give.
 * A row whose choice was not posted at all (a form opened before the row was offered) is left as
 * the scheduler holds it: only what the form shows is changed.
 */
final class PlanQuestionnairesForm {

    static final String NONE = "none";
    static final String KEEP = "keep";
    private static final List<String> REPEATS = List.of(NONE, "weekly", "every-days", "monthly");
    private static final List<String> FIELDS =
            List.of("general", "repeat", "day", "weeks", "days", "dayOfMonth", "months", "time");
    private static final Pattern REFUSED_FIELD = Pattern.compile("plan\\.questionnaires\\[(\\d+)](?:\\.(\\w+))?");

    /** One row as entered or as the scheduler holds it: the repeat code and the field values by name. */
    record Entry(String id, Map<String, String> values) {}

    /** The list to send, the instrument of each place in it, and the messages found before sending. */
    record Parsed(ArrayNode list, List<String> sentIds, Map<String, Map<String, String>> errors) {
        boolean valid() {
            return errors.isEmpty();
        }
    }

    private final Instruments instruments;

    PlanQuestionnairesForm(Instruments instruments) {
        this.instruments = instruments;
    }

    // ---- reading

    /** The rows' values as the scheduler's plan holds them (a row the plan does not give: "none"). */
    Map<String, Map<String, String>> current(JsonNode plan) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (JsonNode q : plan.path("questionnaires")) {
            String id = q.path("instrument").asText("");
            if (!id.matches(QuestionnaireSchedule.INSTRUMENT_ID)) {
                continue;
            }
            Map<String, String> v = new LinkedHashMap<>();
            String repeat = q.path("repeat").asText("");
            v.put("repeat", repeat);
            String interval =
                    q.path("interval").isIntegralNumber() ? q.get("interval").asText() : "1";
            switch (repeat) {
                case "weekly" -> {
                    v.put("day", q.path("day").asText(""));
                    v.put("weeks", interval);
                }
                case "every-days" -> v.put("days", interval);
                case "monthly" -> {
                    v.put("dayOfMonth", q.path("dayOfMonth").asText(""));
                    v.put("months", interval);
                }
                default -> {
                    // shown as the scheduler wrote it in the kept row's description
                }
            }
            v.put("time", hhmm(q.path("time").asText("")));
            out.put(id, v);
        }
        return out;
    }

    /**
     * Reads the posted form: ready instruments from their fields, the others kept as {@code
     * current} (the scheduler's record, read again for this) unless "take it off the plan" was chosen.
     */
    Parsed parse(Map<String, String> form, JsonNode currentPlan) {
        Map<String, JsonNode> held = new LinkedHashMap<>();
        for (JsonNode q : currentPlan.path("questionnaires")) {
            held.put(q.path("instrument").asText(""), q);
        }
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        List<String> sentIds = new ArrayList<>();
        Map<String, Map<String, String>> errors = new LinkedHashMap<>();
        for (String id : rowIds(held.keySet())) {
            Optional<Instrument> definition = instruments.latest(id);
            boolean editable = definition.isPresent() && readyVersion(id);
            if (!editable) {
                JsonNode kept = held.get(id);
                if (kept != null && !NONE.equals(form.get(field(id, "repeat")))) {
                    list.add(kept.deepCopy());
                    sentIds.add(id);
                } else if (kept == null
                        && form.containsKey(field(id, "repeat"))
                        && !NONE.equals(form.get(field(id, "repeat")))) {
                    errors.put(id, Map.of("general", notReady(id)));
                }
                continue;
            }
            if (!form.containsKey(field(id, "repeat"))) {
                // not on the form that was posted (one opened before this instrument was offered): unchanged
                if (held.containsKey(id)) {
                    list.add(held.get(id).deepCopy());
                    sentIds.add(id);
                }
                continue;
            }
            Map<String, String> v = entered(form, id);
            String repeat = v.get("repeat");
            if (repeat.equals(NONE)) {
                continue;
            }
            Map<String, String> e = new LinkedHashMap<>();
            ObjectNode q = Json.object();
            q.put("instrument", id);
            q.put("repeat", repeat);
            switch (repeat) {
                case "weekly" -> {
                    String day = v.get("day");
                    if (weekday(day) == null) {
                        e.put("day", "Choose the day of the week it is given on.");
                    } else {
                        q.put("day", weekday(day).name());
                    }
                    whole(v.get("weeks"), 1, 52)
                            .ifPresentOrElse(
                                    n -> q.put("interval", n), () -> e.put("weeks", wholeError(1, 52, "weeks")));
                }
                case "every-days" ->
                    whole(v.get("days"), 1, 366)
                            .ifPresentOrElse(
                                    n -> q.put("interval", n), () -> e.put("days", wholeError(1, 366, "days")));
                case "monthly" -> {
                    whole(v.get("dayOfMonth"), 1, 28)
                            .ifPresentOrElse(
                                    n -> q.put("dayOfMonth", n),
                                    () -> e.put(
                                            "dayOfMonth",
                                            "Give the day of the month, a whole number from 1 to 28 (so every month has"
                                                    + " it)."));
                    whole(v.get("months"), 1, 12)
                            .ifPresentOrElse(
                                    n -> q.put("interval", n), () -> e.put("months", wholeError(1, 12, "months")));
                }
                default -> e.put("repeat", "Choose how often it is given, or \"not given\".");
            }
            LocalTime time = time(v.get("time"));
            if (time == null) {
                e.put("time", "Give the local time it is sent, written HH:MM (for example 18:00).");
            } else {
                q.put("time", hhmm(time.toString()));
            }
            if (e.isEmpty()) {
                list.add(q);
                sentIds.add(id);
            } else {
                errors.put(id, e);
            }
        }
        // in the scheduler's order, the newly given after: an unchanged plan is sent as it is held
        List<String> order = new ArrayList<>();
        held.keySet().stream().filter(sentIds::contains).forEach(order::add);
        sentIds.stream().filter(id -> !order.contains(id)).forEach(order::add);
        ArrayNode ordered = JsonNodeFactory.instance.arrayNode();
        order.forEach(id -> ordered.add(list.get(sentIds.indexOf(id))));
        return new Parsed(ordered, order, errors);
    }

    /**
     * The scheduler's refusals of {@code plan.questionnaires...} fields by row and field; the rest
     * (another field, or the list as a whole) are left in {@code others}.
     */
    static Map<String, Map<String, String>> refusals(
            Map<String, String> refused,
            List<String> sentIds,
            Map<String, String> entered,
            Map<String, String> others) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        refused.forEach((field, why) -> {
            Matcher m = REFUSED_FIELD.matcher(field);
            if (!m.matches()) {
                others.put(field, why);
                return;
            }
            int i = Integer.parseInt(m.group(1));
            if (i >= sentIds.size()) {
                others.put(field, why);
                return;
            }
            String id = sentIds.get(i);
            String what = m.group(2) == null ? "instrument" : m.group(2);
            String ours = switch (what) {
                case "repeat", "day", "dayOfMonth", "time" -> what;
                case "interval" ->
                    switch (entered.getOrDefault(id, "")) {
                        case "weekly" -> "weeks";
                        case "monthly" -> "months";
                        default -> "days";
                    };
                default -> "general";
            };
            out.computeIfAbsent(id, k -> new LinkedHashMap<>())
                    .merge(ours, "The scheduler refused it: " + why, (a, b) -> a + "; " + b);
        });
        return out;
    }

    // ---- the rows to show

    /**
     * The rows for the template: {@code values} by instrument (the posted form, or the scheduler's
     * record), {@code held} the instruments the scheduler's plan gives with their JSON (for the kept
     * rows' description), {@code errors} by instrument and field.
     */
    List<Map<String, Object>> rows(
            Map<String, Map<String, String>> values,
            Map<String, JsonNode> held,
            Map<String, Map<String, String>> errors) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String id : rowIds(held.keySet())) {
            Optional<Instrument> definition = instruments.latest(id);
            boolean editable = definition.isPresent() && readyVersion(id);
            Map<String, String> v = values.getOrDefault(id, Map.of());
            Map<String, String> e = new LinkedHashMap<>(errors.getOrDefault(id, Map.of()));
            FIELDS.forEach(f -> e.putIfAbsent(f, ""));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", id);
            row.put("title", definition.map(PlanQuestionnairesForm::title).orElse(id));
            row.put("editable", editable);
            row.put("errors", e);
            row.put("hasErrors", errors.containsKey(id));
            if (editable) {
                String repeat = v.getOrDefault("repeat", NONE);
                for (String r : REPEATS) {
                    row.put("is-" + r, r.equals(repeat));
                }
                List<Map<String, Object>> days = new ArrayList<>();
                for (DayOfWeek d : DayOfWeek.values()) {
                    days.add(Map.of(
                            "code",
                            d.name(),
                            "label",
                            d.getDisplayName(TextStyle.FULL, Locale.ENGLISH),
                            "selected",
                            d.name().equalsIgnoreCase(v.getOrDefault("day", ""))));
                }
                row.put("days", days);
                row.put("weeks", v.getOrDefault("weeks", "1"));
                row.put("everyDays", v.getOrDefault("days", ""));
                row.put("dayOfMonth", v.getOrDefault("dayOfMonth", ""));
                row.put("months", v.getOrDefault("months", "1"));
                row.put("time", v.getOrDefault("time", ""));
                row.put("reason", null);
                row.put("kept", null);
            } else {
                row.put(
                        "reason",
                        definition.isEmpty()
                                ? "This console has no definition of " + id
                                        + " (the program may have removed its file), so it cannot be changed here."
                                : "Not ready to be given: " + notReady(id));
                JsonNode schedule = held.get(id);
                if (schedule == null) {
                    row.put("kept", null);
                } else {
                    Map<String, Object> kept = new LinkedHashMap<>();
                    kept.put("text", describe(schedule));
                    kept.put("remove", NONE.equals(v.get("repeat")));
                    row.put("kept", kept);
                }
            }
            rows.add(row);
        }
        return rows;
    }

    /** The error summary's lines: one per message, each linking to its row. */
    static List<Map<String, String>> summary(List<Map<String, Object>> rows, Map<String, Map<String, String>> errors) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            String id = (String) row.get("id");
            for (String why : errors.getOrDefault(id, Map.of()).values()) {
                out.add(Map.of("href", "#q-" + id, "text", row.get("title") + ": " + why));
            }
        }
        return out;
    }

    /**
     * The posted values of the rows (for showing the form again as entered); a row whose choice was
     * not posted shows {@code current}, the scheduler's record, as it is sent unchanged.
     */
    Map<String, Map<String, String>> entered(Map<String, String> form, Map<String, Map<String, String>> current) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String id : rowIds(current.keySet())) {
            out.put(
                    id,
                    form.containsKey(field(id, "repeat"))
                            ? entered(form, id)
                            : current.getOrDefault(id, Map.of("repeat", NONE)));
        }
        return out;
    }

    private static Map<String, String> entered(Map<String, String> form, String id) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("repeat", form.getOrDefault(field(id, "repeat"), NONE).strip());
        v.put("day", form.getOrDefault(field(id, "day"), "").strip());
        v.put("weeks", form.getOrDefault(field(id, "weeks"), "").strip());
        v.put("days", form.getOrDefault(field(id, "days"), "").strip());
        v.put("dayOfMonth", form.getOrDefault(field(id, "day-of-month"), "").strip());
        v.put("months", form.getOrDefault(field(id, "months"), "").strip());
        v.put("time", form.getOrDefault(field(id, "time"), "").strip());
        return v;
    }

    // ---- helpers

    /** Every instrument id of the loaded definitions (id order), then those only the plan names. */
    private Set<String> rowIds(Set<String> heldIds) {
        Set<String> ids = new LinkedHashSet<>();
        instruments.all().forEach(i -> ids.add(i.id()));
        heldIds.stream()
                .filter(id -> id.matches(QuestionnaireSchedule.INSTRUMENT_ID))
                .forEach(ids::add);
        return ids;
    }

    /** Whether a version of {@code id} can be given now (the scheduler gives the latest ready one). */
    private boolean readyVersion(String id) {
        return instruments.all().stream().filter(i -> i.id().equals(id)).anyMatch(Instrument::ready);
    }

    private String notReady(String id) {
        return instruments
                .latest(id)
                .flatMap(Instrument::notReadyReason)
                .orElse("this console has no definition of it");
    }

    private static String field(String id, String name) {
        return "q-" + id + "-" + name;
    }

    private static String title(Instrument instrument) {
        Map<String, String> t = instrument.title();
        String title = t.getOrDefault("en", t.values().stream().findFirst().orElse(instrument.id()));
        return title + " (" + instrument.id() + ")";
    }

    /** A schedule in words: "weekly on Sunday at 18:00", "every 14 days at 18:30". */
    static String describe(JsonNode q) {
        int interval = q.path("interval").asInt(1);
        String time = hhmm(q.path("time").asText(""));
        return switch (q.path("repeat").asText("")) {
            case "weekly" ->
                (interval == 1 ? "weekly" : "every " + interval + " weeks") + " on "
                        + Optional.ofNullable(weekday(q.path("day").asText("")))
                                .map(d -> d.getDisplayName(TextStyle.FULL, Locale.ENGLISH))
                                .orElse(q.path("day").asText("?"))
                        + " at " + time;
            case "every-days" -> "every " + interval + " days at " + time;
            case "monthly" ->
                (interval == 1 ? "monthly" : "every " + interval + " months") + " on day "
                        + q.path("dayOfMonth").asText("?") + " at " + time;
            default -> q.path("repeat").asText("?") + " at " + time;
        };
    }

    private static DayOfWeek weekday(String s) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equalsIgnoreCase(s)) {
                return d;
            }
        }
        return null;
    }

    private static Optional<Integer> whole(String s, int min, int max) {
        if (s == null || !s.matches("\\d{1,4}")) {
            return Optional.empty();
        }
        int n = Integer.parseInt(s);
        return n >= min && n <= max ? Optional.of(n) : Optional.empty();
    }

    private static String wholeError(int min, int max, String unit) {
        return "Give the " + unit + " from one to the next: a whole number from " + min + " to " + max + ".";
    }

    /** HH:MM or HH:MM:SS, a real time of day; null otherwise. */
    private static LocalTime time(String s) {
        if (s == null || !s.matches("\\d{2}:\\d{2}(:\\d{2})?")) {
            return null;
        }
        try {
            return LocalTime.parse(s);
        } catch (DateTimeException e) {
            return null;
        }
    }

    static String hhmm(String time) {
        return time.length() > 5 && time.charAt(5) == ':' && time.endsWith(":00") ? time.substring(0, 5) : time;
    }
}
