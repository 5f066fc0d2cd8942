package org.aftercare.scheduler.roster;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.Reader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aftercare.events.Json;
import org.aftercare.scheduler.member.EnrollmentParser;
import org.aftercare.scheduler.member.MemberLifecycle;
import org.aftercare.scheduler.member.MemberProblem;

/**
 * Bulk enrollment from a CSV roster (the admin API's {@code POST /api/members/import} and the
 * {@code import} command). Every row is checked by the same rules as the API's enrollment; a row
 * that fails is reported with its line number and a reason per field, and nothing else is dropped:
 * each data row ends up created, unchanged (its external id is already enrolled, so re-running a
 * file changes nothing) or rejected. Valid rows are enrolled in batches of {@value #BATCH} in one
 * transaction each; their profiles go to Kafka through the outbox.
 *
 * <p>Columns (header row required, any order, names case-insensitive; lists separated by {@code ;}):
 * {@code externalId, firstName, email, timeZone} (required), {@code times} (required, e.g.
 * {@code 09:00;18:30}), {@code days} ({@code mon;wed;fri}, empty = every day), {@code locale},
 * {@code treatmentEndedOn}, {@code recoveryStartDate}, {@code startDate}, {@code endDate},
 * {@code copingPlan}, and for up to three contacts {@code contactN_name}, {@code contactN_email},
 * {@code contactN_relationship}, {@code contactN_consent}. An unknown column refuses the whole file
 * (its data would otherwise be silently ignored).
 */
public final class RosterImport {

    static final int BATCH = 500;
    static final int MAX_CONTACTS = 3;

    /** A rejected data row: its line in the file and a reason per field. */
    public record Rejected(int line, Map<String, String> reasons) {}

    /** Where an import stands (also its final report). */
    public record Report(int rows, int created, int unchanged, List<Rejected> rejected) {
        public int rejectedCount() {
            return rejected.size();
        }
    }

    private static final Set<String> SIMPLE = Set.of(
            "externalid",
            "firstname",
            "email",
            "timezone",
            "locale",
            "treatmentendedon",
            "recoverystartdate",
            "days",
            "times",
            "startdate",
            "enddate",
            "copingplan");
    private static final Map<String, String> CANONICAL = new HashMap<>();
    private static final Pattern CONTACT_FIELD = Pattern.compile("contacts\\[(\\d+)](?:\\.(\\w+))?");

    static {
        for (String name : List.of(
                "externalId",
                "firstName",
                "email",
                "timeZone",
                "locale",
                "treatmentEndedOn",
                "recoveryStartDate",
                "days",
                "times",
                "startDate",
                "endDate",
                "copingPlan")) {
            CANONICAL.put(name.toLowerCase(Locale.ROOT), name);
        }
    }

    private final MemberLifecycle members;
    private final Clock clock;
    private final MeterRegistry registry;

    public RosterImport(MemberLifecycle members, Clock clock, MeterRegistry registry) {
        this.members = members;
        this.clock = clock;
        this.registry = registry;
        for (String outcome : List.of("created", "unchanged", "rejected")) {
            registry.counter("outreach.import.rows", "outcome", outcome);
        }
    }

    /**
     * What an import tells while it runs: every rejected row as it is found, and the running
     * totals after every batch and at the end.
     */
    public interface Listener {
        void rejected(RejectedRow row);

        void progress(Totals totals);
    }

    /** The running totals: data rows read so far, and what became of them. */
    public record Totals(int rows, int created, int unchanged, int rejected) {}

    /**
     * A rejected data row for the import job's report: its line, its external id when the row has
     * a usable one (the report is for staff; it never goes to a log), and a reason per CSV column
     * ({@code row} for the row as a whole). Reasons are the rules' fixed words, never the value.
     */
    public record RejectedRow(int line, String externalId, Map<String, String> reasons) {}

    /**
     * Imports the roster; {@code progress} hears the running totals after every batch.
     *
     * @throws MemberProblem (invalid) when the file itself is unusable (no header, unknown column, broken quoting)
     */
    public Report run(Reader csv, Consumer<Report> progress) throws IOException {
        List<Rejected> rejected = new ArrayList<>();
        Totals totals = run(
                csv,
                new Listener() {
                    @Override
                    public void rejected(RejectedRow row) {
                        // the synchronous report names the API's fields (plan.times), as it always has
                    }

                    @Override
                    public void progress(Totals t) {
                        progress.accept(new Report(t.rows(), t.created(), t.unchanged(), List.copyOf(rejected)));
                    }
                },
                rejected::add);
        return new Report(totals.rows(), totals.created(), totals.unchanged(), List.copyOf(rejected));
    }

    /**
     * Imports the roster, telling {@code listener} each rejected row (by CSV column) and the totals
     * after every batch; holds no more than one batch in memory, whatever the file's size.
     *
     * @throws MemberProblem (invalid) when the file itself is unusable (no header, unknown column, broken quoting)
     */
    public Totals run(Reader csv, Listener listener) throws IOException {
        return run(csv, listener, r -> {});
    }

    /**
     * Checks only the file's header (and that a data row follows), by the same rules as {@link
     * #run}: the import job API refuses an unusable file before it answers.
     *
     * @throws MemberProblem (invalid) naming the reason, per column where there is one
     */
    public static void checkHeader(Reader csv) throws IOException {
        CsvReader reader = new CsvReader(csv);
        try {
            CsvReader.Row header = reader.next();
            if (header == null || header.isBlank()) {
                throw MemberProblem.invalid("the roster is empty: a header row is required", Map.of());
            }
            columns(header);
            CsvReader.Row row;
            do {
                row = reader.next();
            } while (row != null && row.isBlank());
            if (row == null) {
                throw MemberProblem.invalid("the roster has a header but no data rows", Map.of());
            }
        } catch (CsvReader.MalformedCsv e) {
            throw MemberProblem.invalid("the roster is not valid CSV: " + e.getMessage(), Map.of());
        }
    }

    private Totals run(Reader csv, Listener listener, Consumer<Rejected> byField) throws IOException {
        CsvReader reader = new CsvReader(csv);
        CsvReader.Row header;
        try {
            header = reader.next();
        } catch (CsvReader.MalformedCsv e) {
            throw MemberProblem.invalid("the roster is not valid CSV: " + e.getMessage(), Map.of());
        }
        if (header == null) {
            throw MemberProblem.invalid("the roster is empty: a header row is required", Map.of());
        }
        List<String> columns = columns(header);
        int externalIdAt = columns.indexOf("externalId");
        Map<String, Integer> firstLineOf = new HashMap<>();
        List<EnrollmentParser.Enrollment> batch = new ArrayList<>(BATCH);
        int rows = 0;
        int created = 0;
        int unchanged = 0;
        int rejected = 0;
        while (true) {
            CsvReader.Row row;
            try {
                row = reader.next();
            } catch (CsvReader.MalformedCsv e) {
                // Everything after an unclosed quote is one broken field: reject it, report where.
                rows++;
                rejected++;
                byField.accept(new Rejected(-1, Map.of("row", e.getMessage())));
                listener.rejected(new RejectedRow(e.line(), null, Map.of("row", "a quoted field is never closed")));
                count("rejected", 1);
                break;
            }
            if (row == null) {
                break;
            }
            if (row.isBlank()) {
                continue;
            }
            rows++;
            if (row.fields().size() != columns.size()) {
                Map<String, String> reasons =
                        Map.of("row", "has " + row.fields().size() + " fields, the header has " + columns.size());
                rejected++;
                byField.accept(new Rejected(row.line(), reasons));
                listener.rejected(new RejectedRow(row.line(), externalId(row.fields(), externalIdAt), reasons));
                count("rejected", 1);
                continue;
            }
            List<Integer> contactNumbers = new ArrayList<>();
            try {
                EnrollmentParser.Enrollment e =
                        EnrollmentParser.parse(toJson(columns, row.fields(), contactNumbers), clock.instant());
                members.checkPlan(e);
                Integer first = firstLineOf.putIfAbsent(e.externalId(), row.line());
                if (first != null) {
                    Map<String, String> reasons = Map.of("externalId", "appears again (first on line " + first + ")");
                    rejected++;
                    byField.accept(new Rejected(row.line(), reasons));
                    listener.rejected(new RejectedRow(row.line(), e.externalId(), reasons));
                    count("rejected", 1);
                    continue;
                }
                batch.add(e);
            } catch (MemberProblem p) {
                Map<String, String> reasons = p.errors().isEmpty() ? Map.of("row", p.getMessage()) : p.errors();
                rejected++;
                byField.accept(new Rejected(row.line(), reasons));
                listener.rejected(new RejectedRow(
                        row.line(), externalId(row.fields(), externalIdAt), byColumn(reasons, contactNumbers)));
                count("rejected", 1);
            }
            if (batch.size() >= BATCH) {
                int made = flush(batch);
                created += made;
                unchanged += batch.size() - made;
                batch.clear();
                listener.progress(new Totals(rows, created, unchanged, rejected));
            }
        }
        int made = flush(batch);
        created += made;
        unchanged += batch.size() - made;
        Totals totals = new Totals(rows, created, unchanged, rejected);
        listener.progress(totals);
        return totals;
    }

    /** The row's external id for the report, when it is one the API could take (1 to 128 plain characters). */
    private static String externalId(List<String> fields, int at) {
        if (at < 0 || at >= fields.size()) {
            return null;
        }
        String v = fields.get(at).strip();
        if (v.isEmpty() || v.length() > 128 || v.codePoints().anyMatch(Character::isISOControl)) {
            return null;
        }
        return v;
    }

    /**
     * The enrollment's reasons (keyed by the API's fields: {@code plan.times}, {@code
     * contacts[0].email}) keyed by the roster's columns instead ({@code times}, {@code
     * contact1_email}); {@code contactNumbers} maps a contact's index to its column number.
     */
    static Map<String, String> byColumn(Map<String, String> reasons, List<Integer> contactNumbers) {
        Map<String, String> out = new LinkedHashMap<>();
        reasons.forEach((field, reason) -> out.merge(column(field, contactNumbers), reason, (a, b) -> a + "; " + b));
        return out;
    }

    private static String column(String field, List<Integer> contactNumbers) {
        if (field.startsWith("plan.")) {
            String rest = field.substring(5);
            return SIMPLE.contains(rest.toLowerCase(Locale.ROOT)) ? rest : "times";
        }
        if (field.equals("plan")) {
            return "times";
        }
        Matcher m = CONTACT_FIELD.matcher(field);
        if (m.matches()) {
            int index = Integer.parseInt(m.group(1));
            int n = index < contactNumbers.size() ? contactNumbers.get(index) : index + 1;
            return "contact" + n + (m.group(2) == null ? "" : "_" + m.group(2));
        }
        return field;
    }

    private int flush(List<EnrollmentParser.Enrollment> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        int made = (int) members.enrollAll(batch).stream().filter(b -> b).count();
        count("created", made);
        count("unchanged", batch.size() - made);
        return made;
    }

    private void count(String outcome, int n) {
        registry.counter("outreach.import.rows", "outcome", outcome).increment(n);
    }

    private static List<String> columns(CsvReader.Row header) {
        List<String> columns = new ArrayList<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (String raw : header.fields()) {
            String name = raw.strip().replace("\uFEFF", "");
            String key = name.toLowerCase(Locale.ROOT);
            if (SIMPLE.contains(key)) {
                columns.add(CANONICAL.get(key));
            } else if (key.matches("contact[1-" + MAX_CONTACTS + "]_(name|email|relationship|consent)")) {
                columns.add(key);
            } else {
                errors.put(name.isEmpty() ? "(empty)" : name, "is not a roster column");
            }
        }
        if (!errors.isEmpty()) {
            throw MemberProblem.invalid("the roster's header has unknown columns; nothing was imported", errors);
        }
        for (String required : List.of("externalId", "firstName", "email", "timeZone", "times")) {
            if (!columns.contains(required)) {
                errors.put(required, "column is required");
            }
        }
        if (!errors.isEmpty()) {
            throw MemberProblem.invalid("the roster's header lacks required columns; nothing was imported", errors);
        }
        return columns;
    }

    /** A row as the enrollment JSON the API takes, so both are checked by the same parser. */
    private static ObjectNode toJson(List<String> columns, List<String> fields, List<Integer> contactNumbers) {
        ObjectNode body = Json.object();
        ObjectNode plan = body.putObject("plan");
        Map<Integer, ObjectNode> contacts = new TreeMap<>();
        for (int i = 0; i < columns.size(); i++) {
            String column = columns.get(i);
            String value = fields.get(i).strip();
            if (value.isEmpty()) {
                continue;
            }
            switch (column) {
                case "days", "times" -> list(plan.putArray(column), value);
                case "startDate", "endDate" -> plan.put(column, value);
                case "copingPlan" -> list(body.putArray(column), value);
                default -> {
                    if (column.startsWith("contact")) {
                        int n = column.charAt(7) - '0';
                        String field = column.substring(column.indexOf('_') + 1);
                        ObjectNode contact = contacts.computeIfAbsent(n, k -> Json.object());
                        if (field.equals("consent")) {
                            list(contact.putArray("consent"), value);
                        } else {
                            contact.put(field, value);
                        }
                    } else {
                        body.put(column, value);
                    }
                }
            }
        }
        contactNumbers.addAll(contacts.keySet());
        if (!contacts.isEmpty()) {
            ArrayNode array = body.putArray("contacts");
            contacts.values().forEach(array::add);
        }
        return body;
    }

    private static void list(ArrayNode array, String value) {
        for (String part : value.split(";")) {
            if (!part.isBlank()) {
                array.add(part.strip());
            }
        }
    }
}
