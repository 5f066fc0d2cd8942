package org.aftercare.scheduler.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.aftercare.events.Json;
import org.aftercare.kit.http.HttpProblem;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.http.Routes;
import org.aftercare.scheduler.roster.ImportJobs;

/**
 * The admin API's roster import jobs (bearer token), the asynchronous form of {@code POST
 * /api/members/import} for files of any size:
 *
 * <ul>
 *   <li>{@code POST /api/members/import-jobs} with a {@code text/csv} body (streamed to a spool
 *       file, up to {@value #MAX_BYTES} bytes within {@link #READ_TIMEOUT}): 202 with the job and a
 *       {@code Location}; 415 for another content type; 400 for an empty file, a header naming an
 *       unknown column or lacking a required one (a reason per column), or no data row; 429 with
 *       {@code Retry-After} when the instance already has a job running and {@value
 *       ImportJobs#MAX_QUEUED} waiting;
 *   <li>{@code GET /api/members/import-jobs/{jobId}}: state ({@code queued}, {@code running},
 *       {@code done}, {@code failed} with a {@code failure} of {@code interrupted} or {@code error}),
 *       rows read, enrolled, unchanged, rejected, times and an estimate of the seconds left;
 *   <li>{@code GET /api/members/import-jobs/{jobId}/rejections?after=&limit=}: the report, one entry
 *       per column at fault in a rejected row (line, column, reason in fixed words, the row's
 *       externalId), in file order, paged by {@code next}.
 * </ul>
 */
public final class ImportJobApi {

    /** The largest roster the job API takes: far beyond 100,000 rows (about 15 MB). */
    public static final long MAX_BYTES = 256L << 20;

    /** The time a roster has to arrive whole. */
    public static final Duration READ_TIMEOUT = Duration.ofMinutes(10);

    public static final int DEFAULT_PAGE = 500;
    public static final int MAX_PAGE = 2000;

    private static final String JOBS = "/api/members/import-jobs";
    private static final String JOB = JOBS + "/{jobId}";
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private final ImportJobs jobs;
    private final AdminAuth auth;

    public ImportJobApi(ImportJobs jobs, AdminAuth auth) {
        this.jobs = jobs;
        this.auth = auth;
    }

    public Routes register(Routes routes) {
        return routes.streamed("POST", JOBS, MAX_BYTES, READ_TIMEOUT, MemberApi.admin(auth, this::submit))
                .get(JOB, MemberApi.admin(auth, this::status))
                .get(JOB + "/rejections", MemberApi.admin(auth, this::rejections));
    }

    private Response submit(Request request) throws Exception {
        String type = request.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith("text/csv")) {
            throw new HttpProblem(415, "Unsupported media type", "send the roster as text/csv");
        }
        ImportJobs.Job job;
        try {
            job = jobs.submit(request.bodyStream());
        } catch (ImportJobs.Busy e) {
            return Response.problem(
                            429,
                            "Too many imports",
                            "an import is running on this instance and " + ImportJobs.MAX_QUEUED
                                    + " are waiting; try again when one is done",
                            Map.of())
                    .withHeader("Retry-After", "60");
        }
        return Response.json(202, view(job)).withHeader("Location", JOBS + "/" + job.jobId());
    }

    private Response status(Request request) {
        return Response.json(200, view(find(request)));
    }

    private ImportJobs.Job find(Request request) {
        String jobId = request.pathParam("jobId");
        if (!jobId.matches(UUID)) {
            throw HttpProblem.notFound("no import job with that id");
        }
        return jobs.find(jobId).orElseThrow(() -> HttpProblem.notFound("no import job with that id"));
    }

    private Response rejections(Request request) {
        Map<String, String> errors = new java.util.LinkedHashMap<>();
        for (String name : request.queryNames()) {
            if (!List.of("after", "limit").contains(name)) {
                errors.put(name, "not a parameter of the report (after, limit)");
            }
        }
        int after = number(request, "after", 0, Integer.MAX_VALUE, 0, errors);
        int limit = number(request, "limit", 1, MAX_PAGE, DEFAULT_PAGE, errors);
        if (!errors.isEmpty()) {
            throw HttpProblem.badRequest("the report has " + errors.size() + " invalid parameter(s)", errors);
        }
        ImportJobs.Job job = find(request);
        List<ImportJobs.Rejection> page = jobs.rejections(job.jobId(), after, limit);
        ObjectNode out = Json.object();
        out.put("jobId", job.jobId());
        out.put("state", job.state().wire());
        ArrayNode items = out.putArray("rejections");
        for (ImportJobs.Rejection r : page) {
            ObjectNode item = items.addObject();
            item.put("line", r.line());
            item.put("column", r.column());
            item.put("reason", r.reason());
            item.put("externalId", r.externalId());
        }
        if (page.size() == limit) {
            out.put("next", page.getLast().seq());
        } else {
            out.putNull("next");
        }
        return Response.json(200, out);
    }

    private static int number(
            Request request, String name, int min, int max, int fallback, Map<String, String> errors) {
        String raw = request.query(name).orElse(null);
        if (raw == null) {
            return fallback;
        }
        if (raw.matches("[0-9]{1,10}")) {
            long n = Long.parseLong(raw);
            if (n >= min && n <= max) {
                return (int) n;
            }
        }
        errors.put(name, "must be a whole number from " + min + " to " + max);
        return fallback;
    }

    /** A job as the API shows it. */
    static ObjectNode view(ImportJobs.Job job) {
        ObjectNode out = Json.object();
        out.put("jobId", job.jobId());
        out.put("state", job.state().wire());
        out.put("failure", job.failure());
        out.put("rowsRead", job.rows());
        out.put("enrolled", job.enrolled());
        out.put("unchanged", job.unchanged());
        out.put("rejected", job.rejected());
        out.put("bytesTotal", job.bytesTotal());
        out.put("bytesRead", job.bytesRead());
        out.put("createdAt", text(job.createdAt()));
        out.put("startedAt", text(job.startedAt()));
        out.put("finishedAt", text(job.finishedAt()));
        if (job.timeLeft() == null) {
            out.putNull("secondsLeft");
        } else {
            out.put("secondsLeft", Math.max(0, (job.timeLeft().toMillis() + 999) / 1000));
        }
        out.put("rejections", JOBS + "/" + job.jobId() + "/rejections");
        return out;
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
