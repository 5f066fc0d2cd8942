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
    }

    /**
     * Imports the roster; {@code progress} hears the running totals after every batch.
     *
     * @throws MemberProblem (invalid) when the file itself is unusable (no header, unknown column, broken quoting)
     */
    public Report run(Reader csv, Consumer<Report> progress) throws IOException {
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
        Map<String, Integer> firstLineOf = new HashMap<>();
        List<Rejected> rejected = new ArrayList<>();
        List<EnrollmentParser.Enrollment> batch = new ArrayList<>(BATCH);
        int rows = 0;
        int created = 0;
        int unchanged = 0;
        while (true) {
            CsvReader.Row row;
            try {
                row = reader.next();
            } catch (CsvReader.MalformedCsv e) {
                // Everything after an unclosed quote is one broken field: reject it, report where.
                rows++;
                rejected.add(new Rejected(-1, Map.of("row", e.getMessage())));
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
                rejected.add(new Rejected(
                        row.line(),
                        Map.of("row", "has " + row.fields().size() + " fields, the header has " + columns.size())));
                count("rejected", 1);
                continue;
            }
            try {
                EnrollmentParser.Enrollment e = EnrollmentParser.parse(toJson(columns, row.fields()), clock.instant());
                Integer first = firstLineOf.putIfAbsent(e.externalId(), row.line());
                if (first != null) {
                    rejected.add(new Rejected(
                            row.line(), Map.of("externalId", "appears again (first on line " + first + ")")));
                    count("rejected", 1);
                    continue;
                }
                batch.add(e);
            } catch (MemberProblem p) {
                rejected.add(
                        new Rejected(row.line(), p.errors().isEmpty() ? Map.of("row", p.getMessage()) : p.errors()));
                count("rejected", 1);
            }
            if (batch.size() >= BATCH) {
                int made = flush(batch);
                created += made;
                unchanged += batch.size() - made;
                batch.clear();
                progress.accept(new Report(rows, created, unchanged, List.copyOf(rejected)));
            }
        }
        int made = flush(batch);
        created += made;
        unchanged += batch.size() - made;
        Report report = new Report(rows, created, unchanged, List.copyOf(rejected));
        progress.accept(report);
        return report;
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
    private static ObjectNode toJson(List<String> columns, List<String> fields) {
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
