package org.aftercare.console.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aftercare.events.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's admin API ({@code scheduler/.../api/MemberApi}) as the console uses it, on the
 * JDK's {@link HttpClient} (nothing more is needed for a handful of JSON calls), with a connect and
 * a request timeout and the service credential as the bearer token. Each call is one request to
 * the scheduler, which applies it whole or not at all. Logs name the member id, the operation and
 * the status only, never a body.
 */
public final class SchedulerClient {

    private static final Logger log = LoggerFactory.getLogger(SchedulerClient.class);

    /** What a call came to. */
    public sealed interface Outcome {}

    /** The scheduler made the change; {@code member} is its view of the member after it. */
    public record Done(JsonNode member) implements Outcome {
        /** The answer's body: the member, or for the import calls the job or the report's page. */
        public JsonNode body() {
            return member;
        }
    }

    /**
     * The scheduler refused the change (400, 404, 409 ...): {@code reason} is its problem detail with
     * the reason per field, to show the staff member; {@code errors} the same reasons by the
     * scheduler's field name ({@code email}, {@code plan.times}), to show beside a form's fields.
     */
    public record Refused(int status, String reason, Map<String, String> errors) implements Outcome {
        public Refused {
            errors = Map.copyOf(errors);
        }

        public Refused(int status, String reason) {
            this(status, reason, Map.of());
        }
    }

    /**
     * The scheduler could not be asked or did not answer properly; nothing was changed unless
     * {@code maybeApplied} (it timed out after the request was sent). {@code status} is the page's:
     * 503 unreachable or timed out, 502 a bad answer (5xx, or the credential refused).
     */
    public record Unavailable(int status, String reason, boolean maybeApplied) implements Outcome {}

    private final SchedulerSettings settings;
    private final HttpClient http;

    public SchedulerClient(SchedulerSettings settings) {
        if (!settings.configured()) {
            throw new IllegalArgumentException("the scheduler's URL is not set");
        }
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public Outcome member(String memberId) {
        return call("GET", memberId, "", null, "get");
    }

    public Outcome pause(String memberId) {
        return call("POST", memberId, "/pause", null, "pause");
    }

    public Outcome resume(String memberId) {
        return call("POST", memberId, "/resume", null, "resume");
    }

    /** A planned absence: {@code until} the last day away (member-local); {@code keepPrompts} keeps check-ins coming. */
    public Outcome setAway(String memberId, LocalDate until, boolean keepPrompts) {
        ObjectNode body = Json.object();
        body.put("until", until.toString());
        body.put("keepPrompts", keepPrompts);
        return call("PUT", memberId, "/away", body, "away.set");
    }

    public Outcome clearAway(String memberId) {
        return call("DELETE", memberId, "/away", null, "away.clear");
    }

    /** An exit event: {@code kind} an ExitKind wire code, {@code date} YYYY-MM-DD (the scheduler checks it is not in the future). */
    public Outcome addExitEvent(String memberId, String kind, LocalDate date) {
        ObjectNode body = Json.object();
        body.put("kind", kind);
        body.put("date", date.toString());
        return call("POST", memberId, "/exit-events", body, "exit-event");
    }

    /**
     * Ends the member's participation (the scheduler stops their check-ins and keeps the record):
     * {@code POST /api/members/{id}/discharge}.
     */
    public Outcome discharge(String memberId) {
        return call("POST", memberId, "/discharge", null, "discharge");
    }

    /**
     * A JSON merge patch of the member's editable fields ({@code PATCH /api/members/{id}}): the
     * console sends {@code timeZone} and {@code plan}; the scheduler validates the whole result.
     */
    public Outcome updateMember(String memberId, JsonNode mergePatch) {
        return call("PATCH", memberId, "", mergePatch, "update");
    }

    /** A new support contact ({@code name}, {@code email}, {@code relationship}, {@code consent}): invited by the scheduler. */
    public Outcome addContact(String memberId, JsonNode contact) {
        return call("POST", memberId, "/contacts", contact, "contact.add");
    }

    /**
     * A merge patch of one contact; a new address or a wider consent makes the scheduler invite them
     * again. {@code contactId} must be a UUID (checked here: it goes into the path).
     */
    public Outcome updateContact(String memberId, String contactId, JsonNode patch) {
        return call("PATCH", memberId, "/contacts/" + uuid(contactId), patch, "contact.update");
    }

    /** Removes a contact: they are never told anything again. */
    public Outcome removeContact(String memberId, String contactId) {
        return call("DELETE", memberId, "/contacts/" + uuid(contactId), null, "contact.remove");
    }

    private static String uuid(String contactId) {
        try {
            return UUID.fromString(contactId).toString();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("a contact id is a UUID");
        }
    }

    /**
     * Enrolls a member ({@code POST /api/members}) with the body the scheduler's enrollment takes;
     * {@link Done} holds the member (new, or the one already enrolled under that externalId).
     */
    public Outcome enroll(JsonNode enrollment) {
        return send(
                "POST",
                "/api/members",
                json(enrollment),
                "application/json",
                settings.requestTimeout(),
                "enroll",
                "new");
    }

    /**
     * Starts a roster import job ({@code POST /api/members/import-jobs}), streaming {@code csv}
     * ({@code length} bytes) to the scheduler as it is read; {@link Done} holds the job (202).
     */
    public Outcome startImport(InputStream csv, long length) {
        HttpRequest.BodyPublisher publisher =
                HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> csv), length);
        return send("POST", IMPORT_JOBS, publisher, "text/csv; charset=utf-8", UPLOAD_TIMEOUT, "import.start", "new");
    }

    /** Where an import job stands ({@code GET /api/members/import-jobs/{jobId}}). */
    public Outcome importJob(String jobId) {
        return send(
                "GET", IMPORT_JOBS + "/" + encode(jobId), null, null, settings.requestTimeout(), "import.job", jobId);
    }

    /**
     * A page of an import job's report ({@code GET .../rejections?after=&limit=}): {@link Done}
     * holds {@code rejections} (line, column, reason, externalId) and {@code next} (null on the last page).
     */
    public Outcome importRejections(String jobId, int after, int limit) {
        return send(
                "GET",
                IMPORT_JOBS + "/" + encode(jobId) + "/rejections?after=" + after + "&limit=" + limit,
                null,
                null,
                settings.requestTimeout(),
                "import.rejections",
                jobId);
    }

    /** How long an upload of a roster to the scheduler may take (it streams up to 256 MiB). */
    static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(10);

    private static final String IMPORT_JOBS = "/api/members/import-jobs";

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static HttpRequest.BodyPublisher json(JsonNode body) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(Json.writer().writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the request body", e);
        }
    }

    private Outcome call(String method, String memberId, String suffix, JsonNode body, String operation) {
        return send(
                method,
                "/api/members/" + encode(memberId) + suffix,
                body == null ? null : json(body),
                body == null ? null : "application/json",
                settings.requestTimeout(),
                operation,
                memberId);
    }

    /**
     * One request to the admin API. {@code subject} names what the log line is about (a member or
     * job id, or "new"): the log carries it, the operation and the status, never a body.
     */
    private Outcome send(
            String method,
            String path,
            HttpRequest.BodyPublisher body,
            String contentType,
            Duration timeout,
            String operation,
            String subject) {
        URI uri = URI.create(settings.baseUrl() + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", "Bearer " + settings.token())
                .header("Accept", "application/json, application/problem+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            log.warn(
                    "scheduler {} for {}: cannot connect ({})",
                    operation,
                    subject,
                    e.getClass().getSimpleName());
            return new Unavailable(
                    503,
                    "The scheduler cannot be reached just now, so nothing was changed. Try again in a minute.",
                    false);
        } catch (HttpTimeoutException e) {
            log.warn("scheduler {} for {}: no answer in {}", operation, subject, timeout);
            return new Unavailable(
                    503,
                    "The scheduler did not answer in time. The change may or may not have been made: reload the"
                            + " page and check before trying again.",
                    !"GET".equals(method));
        } catch (IOException e) {
            log.warn("scheduler {} for {}: {}", operation, subject, e.getClass().getSimpleName());
            return new Unavailable(
                    503,
                    "The scheduler cannot be reached just now, so nothing was changed. Try again in a minute.",
                    false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Unavailable(503, "The request was interrupted; nothing was changed.", false);
        }
        int status = response.statusCode();
        log.info("scheduler {} for {}: {}", operation, subject, status);
        if (status >= 200 && status < 300) {
            return new Done(parse(response.body()));
        }
        if (status == 401 || status == 403) {
            log.warn("scheduler {}: the console's service credential was refused ({})", operation, status);
            return new Unavailable(
                    502,
                    "The scheduler refused the console's service credential, so nothing was changed. Tell an"
                            + " administrator.",
                    false);
        }
        if (status >= 400 && status < 500) {
            JsonNode problem = parse(response.body());
            return new Refused(status, reason(problem, status), errors(problem));
        }
        return new Unavailable(
                502,
                "The scheduler failed to make the change (it answered " + status + "), so nothing was changed.",
                false);
    }

    /** The problem's reasons by field, as the scheduler names the fields. */
    static Map<String, String> errors(JsonNode problem) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode errors = problem.get("errors");
        if (errors != null && errors.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = errors.fields(); it.hasNext() && out.size() < 50; ) {
                Map.Entry<String, JsonNode> e = it.next();
                String reason = e.getValue().isTextual()
                        ? e.getValue().asText()
                        : e.getValue().toString();
                out.put(e.getKey(), reason.length() > 300 ? reason.substring(0, 300) + "…" : reason);
            }
        }
        return out;
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return Json.object();
        }
        try {
            JsonNode node = Json.reader().readTree(body);
            return node == null ? Json.object() : node;
        } catch (IOException e) {
            return Json.object();
        }
    }

    /** The problem's detail and its reasons per field: "the exit event has 1 invalid field(s): date must not be ...". */
    static String reason(JsonNode problem, int status) {
        String detail = text(problem.get("detail"));
        if (detail == null) {
            detail = text(problem.get("title"));
        }
        List<String> fields = new ArrayList<>();
        JsonNode errors = problem.get("errors");
        if (errors != null && errors.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = errors.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                fields.add(e.getKey() + " "
                        + (e.getValue().isTextual() ? e.getValue().asText() : e.getValue()));
            }
        }
        StringBuilder b = new StringBuilder(detail == null ? "refused (" + status + ")" : detail);
        if (!fields.isEmpty()) {
            b.append(": ").append(String.join("; ", fields));
        }
        String out = b.toString();
        return out.length() > 1000 ? out.substring(0, 1000) + "…" : out;
    }

    private static String text(JsonNode n) {
        return n != null && n.isTextual() && !n.asText().isBlank() ? n.asText() : null;
    }
}
