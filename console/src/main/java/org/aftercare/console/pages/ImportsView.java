package org.aftercare.console.pages;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aftercare.console.audit.AccessAudit;
import org.aftercare.console.audit.AuditEntry;
import org.aftercare.console.audit.AuditQuery;
import org.aftercare.console.auth.StaffSession;
import org.aftercare.console.scheduler.SchedulerClient;
import org.aftercare.console.web.Pages;
import org.aftercare.kit.http.MultipartForm;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Roster imports for supervisors and admins, as jobs at the scheduler:
 *
 * <ul>
 *   <li>{@code GET /imports}: the upload form and the staff member's own recent imports (from the
 *       access audit);
 *   <li>{@code POST /imports} (multipart/form-data, CSRF in the form): the file, spooled to disk by
 *       the upload and streamed on to the scheduler's {@code POST /api/members/import-jobs}; its
 *       refusal (a bad header, another import running) is shown on the form; audited {@code
 *       import.start} with the job id;
 *   <li>{@code GET /imports/{jobId}}: the job's progress ({@code <progress>} with rows done,
 *       rejected and time left; the page reloads itself every {@value #REFRESH_SECONDS} s while the
 *       job runs, no script needed, and has a reload link), then the report of every rejected row,
 *       {@value #REPORT_PAGE} a page; a report view is audited {@code import.report};
 *   <li>{@code GET /imports/{jobId}/rejections.csv}: the whole report as CSV, audited {@code
 *       import.report.csv}.
 * </ul>
 */
final class ImportsView {

    static final int REFRESH_SECONDS = 2;
    static final int REPORT_PAGE = 500;
    private static final int CSV_PAGE = 2000;
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private final SchedulerClient scheduler;
    private final AccessAudit audit;
    private final Pages pages;

    ImportsView(SchedulerClient scheduler, AccessAudit audit, Pages pages) {
        this.scheduler = scheduler;
        this.audit = audit;
        this.pages = pages;
    }

    Response form(Request request, StaffSession staff) {
        return form(staff, 200, null, Map.of());
    }

    private Response form(StaffSession staff, int status, String problem, Map<String, String> columns) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("problem", problem);
        List<Map<String, String>> cols = new ArrayList<>();
        columns.forEach((c, r) -> cols.add(Map.of("column", c, "reason", r)));
        model.put("columns", cols);
        model.put("hasColumns", !cols.isEmpty());
        List<Map<String, String>> recent = recent(staff);
        model.put("recent", recent);
        model.put("hasRecent", !recent.isEmpty());
        model.put("available", scheduler != null);
        return pages.page(
                status, problem == null ? "Import a roster" : "Import a roster (not started)", "imports", staff, model);
    }

    /** The staff member's last imports, from their own audit rows. */
    private List<Map<String, String>> recent(StaffSession staff) {
        List<Map<String, String>> out = new ArrayList<>();
        for (AuditEntry e :
                audit.list(AuditQuery.byStaff(staff.staffId(), 0, 200)).entries()) {
            if (e.what().equals("import.start")
                    && e.detail() != null
                    && e.detail().matches(UUID)
                    && out.size() < 10) {
                out.add(Map.of("jobId", e.detail(), "at", ConsolePages.whenUtc(e.at())));
            }
        }
        return out;
    }

    Response upload(Request request, StaffSession staff, MultipartForm form) throws IOException {
        String from = ConsolePages.from(request);
        if (scheduler == null) {
            audit.record(staff.staffId(), null, "import.start", from, "not-configured");
            return form(staff, 503, "Imports are not available: the console has no scheduler configured.", Map.of());
        }
        Optional<MultipartForm.FilePart> file = form.file("roster");
        if (file.isEmpty() || file.get().length() == 0) {
            return form(staff, 400, "Choose a roster file (CSV) to import.", Map.of());
        }
        SchedulerClient.Outcome outcome;
        try (InputStream in = file.get().open()) {
            outcome = scheduler.startImport(in, file.get().length());
        }
        return switch (outcome) {
            case SchedulerClient.Done d -> {
                String jobId = d.body().path("jobId").asText("");
                if (!jobId.matches(UUID)) {
                    audit.record(staff.staffId(), null, "import.start", from, "bad-answer");
                    yield form(staff, 502, "The scheduler's answer named no import job.", Map.of());
                }
                audit.record(staff.staffId(), null, "import.start", from, jobId);
                ConsolePages.log().info("staff member {} started import job {}", staff.staffId(), jobId);
                yield Response.redirect("/imports/" + jobId);
            }
            case SchedulerClient.Refused r -> {
                audit.record(staff.staffId(), null, "import.start", from, "refused-" + r.status());
                int status = r.status() == 429 || r.status() == 413 || r.status() == 415 ? r.status() : 400;
                yield form(staff, status, "The scheduler did not start the import: " + r.reason(), r.errors());
            }
            case SchedulerClient.Unavailable u -> {
                audit.record(
                        staff.staffId(),
                        null,
                        "import.start",
                        from,
                        "unavailable-" + u.status() + (u.maybeApplied() ? "-maybe" : ""));
                yield form(staff, u.status(), u.reason(), Map.of());
            }
        };
    }

    Response job(Request request, StaffSession staff) {
        String jobId = request.pathParam("jobId");
        if (!jobId.matches(UUID) || scheduler == null) {
            return pages.notFound(staff);
        }
        SchedulerClient.Outcome outcome = scheduler.importJob(jobId);
        if (!(outcome instanceof SchedulerClient.Done d)) {
            return unavailable(staff, outcome);
        }
        JsonNode job = d.body();
        String state = job.path("state").asText();
        boolean over = state.equals("done") || state.equals("failed");
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("jobId", jobId);
        model.put("state", state);
        model.put("running", !over);
        model.put("interrupted", "interrupted".equals(job.path("failure").asText(null)));
        model.put("failed", state.equals("failed"));
        model.put("rowsRead", job.path("rowsRead").asInt());
        model.put("enrolled", job.path("enrolled").asInt());
        model.put("unchanged", job.path("unchanged").asInt());
        model.put("rejected", job.path("rejected").asInt());
        long total = Math.max(1, job.path("bytesTotal").asLong());
        long read = over && state.equals("done")
                ? total
                : Math.min(total, job.path("bytesRead").asLong());
        model.put("progressMax", total);
        model.put("progressValue", read);
        model.put("percent", (int) (100 * read / total));
        model.put("timeLeft", timeLeft(job.path("secondsLeft")));
        model.put("createdAt", when(job.path("createdAt")));
        model.put("startedAt", when(job.path("startedAt")));
        model.put("finishedAt", when(job.path("finishedAt")));
        if (over) {
            int after = Params.integer(request, "after", 0, 0, Integer.MAX_VALUE);
            SchedulerClient.Outcome page = scheduler.importRejections(jobId, after, REPORT_PAGE);
            if (!(page instanceof SchedulerClient.Done p)) {
                return unavailable(staff, page);
            }
            audit.record(staff.staffId(), null, "import.report", ConsolePages.from(request), jobId);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (JsonNode r : p.body().path("rejections")) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("line", r.path("line").asInt());
                row.put("column", r.path("column").asText());
                row.put("reason", r.path("reason").asText());
                row.put(
                        "externalId",
                        r.path("externalId").isTextual() ? r.path("externalId").asText() : null);
                rows.add(row);
            }
            model.put("report", rows);
            model.put("hasReport", !rows.isEmpty());
            model.put("noRejections", rows.isEmpty() && after == 0);
            JsonNode next = p.body().path("next");
            model.put("nextPage", next.isNumber() ? "/imports/" + jobId + "?after=" + next.asInt() + "#report" : null);
            model.put("firstPage", after > 0 ? "/imports/" + jobId + "#report" : null);
            model.put("csv", "/imports/" + jobId + "/rejections.csv");
        }
        String title = "Import " + (over ? state : "in progress");
        return pages.page(200, title, "import-job", staff, model, over ? 0 : REFRESH_SECONDS);
    }

    Response csv(Request request, StaffSession staff) {
        String jobId = request.pathParam("jobId");
        if (!jobId.matches(UUID) || scheduler == null) {
            return pages.notFound(staff);
        }
        audit.record(staff.staffId(), null, "import.report.csv", ConsolePages.from(request), jobId);
        StringWriter out = new StringWriter();
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setHeader("line", "column", "reason", "externalId")
                .get();
        try (CSVPrinter csv = new CSVPrinter(out, format)) {
            int after = 0;
            while (true) {
                SchedulerClient.Outcome outcome = scheduler.importRejections(jobId, after, CSV_PAGE);
                if (!(outcome instanceof SchedulerClient.Done d)) {
                    return unavailable(staff, outcome);
                }
                for (JsonNode r : d.body().path("rejections")) {
                    csv.printRecord(
                            r.path("line").asInt(),
                            r.path("column").asText(),
                            r.path("reason").asText(),
                            cell(
                                    r.path("externalId").isTextual()
                                            ? r.path("externalId").asText()
                                            : ""));
                }
                JsonNode next = d.body().path("next");
                if (!next.isNumber()) {
                    break;
                }
                after = next.asInt();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Response(200, "text/csv; charset=utf-8", out.toString().getBytes(StandardCharsets.UTF_8), Map.of())
                .withHeader("Content-Disposition", "attachment; filename=\"import-" + jobId + "-rejections.csv\"");
    }

    /** A value a spreadsheet would not run as a formula. */
    static String cell(String value) {
        return !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    private Response unavailable(StaffSession staff, SchedulerClient.Outcome outcome) {
        return switch (outcome) {
            // (no "when" guard: the format check runs on the build's own JDK, which may be 17)
            case SchedulerClient.Refused r ->
                r.status() == 404 ? pages.notFound(staff) : problem(staff, 400, "The scheduler refused: " + r.reason());
            case SchedulerClient.Unavailable u -> problem(staff, u.status(), u.reason());
            case SchedulerClient.Done d -> problem(staff, 502, "Unexpected answer from the scheduler.");
        };
    }

    private Response problem(StaffSession staff, int status, String reason) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("heading", "Import not shown");
        model.put("reason", reason);
        return pages.page(status, "Import not shown", "bad-request", staff, model);
    }

    private static String timeLeft(JsonNode seconds) {
        if (!seconds.isNumber()) {
            return null;
        }
        long s = seconds.asLong();
        if (s < 60) {
            return "less than a minute";
        }
        long m = (s + 59) / 60;
        return "about " + m + (m == 1 ? " minute" : " minutes");
    }

    private static String when(JsonNode at) {
        if (!at.isTextual()) {
            return null;
        }
        try {
            return ConsolePages.whenUtc(Instant.parse(at.asText()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
