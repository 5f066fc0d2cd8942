package org.aftercare.console.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
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
    public record Done(JsonNode member) implements Outcome {}

    /**
     * The scheduler refused the change (400, 404, 409 ...): {@code reason} is its problem detail with
     * the reason per field, to show the staff member; {@code fields} the same reasons by the
     * scheduler's field name ({@code plan.times}, {@code email} ...), for a form to show beside its fields.
     */
    public record Refused(int status, String reason, Map<String, String> fields) implements Outcome {
        public Refused {
            fields = fields == null ? Map.of() : Map.copyOf(fields);
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

    private Outcome call(String method, String memberId, String suffix, JsonNode body, String operation) {
        URI uri = URI.create(settings.baseUrl() + "/api/members/"
                + URLEncoder.encode(memberId, StandardCharsets.UTF_8).replace("+", "%20") + suffix);
        HttpRequest.BodyPublisher publisher;
        try {
            publisher = body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(Json.writer().writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the request body", e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Authorization", "Bearer " + settings.token())
                .header("Accept", "application/json, application/problem+json")
                .method(method, publisher);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            log.warn(
                    "scheduler {} for member {}: cannot connect ({})",
                    operation,
                    memberId,
                    e.getClass().getSimpleName());
            return new Unavailable(
                    503,
                    "The scheduler cannot be reached just now, so nothing was changed. Try again in a minute.",
                    false);
        } catch (HttpTimeoutException e) {
            log.warn("scheduler {} for member {}: no answer in {}", operation, memberId, settings.requestTimeout());
            return new Unavailable(
                    503,
                    "The scheduler did not answer in time. The change may or may not have been made: reload the"
                            + " member page and check before trying again.",
                    !"GET".equals(method));
        } catch (IOException e) {
            log.warn(
                    "scheduler {} for member {}: {}",
                    operation,
                    memberId,
                    e.getClass().getSimpleName());
            return new Unavailable(
                    503,
                    "The scheduler cannot be reached just now, so nothing was changed. Try again in a minute.",
                    false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Unavailable(503, "The request was interrupted; nothing was changed.", false);
        }
        int status = response.statusCode();
        log.info("scheduler {} for member {}: {}", operation, memberId, status);
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
            return new Refused(status, reason(problem, status), fields(problem));
        }
        return new Unavailable(
                502,
                "The scheduler failed to make the change (it answered " + status + "), so nothing was changed.",
                false);
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

    /** The problem's reasons per field, each cut to 300 characters. */
    static Map<String, String> fields(JsonNode problem) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode errors = problem.get("errors");
        if (errors != null && errors.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = errors.fields(); it.hasNext() && out.size() < 50; ) {
                Map.Entry<String, JsonNode> e = it.next();
                String why = e.getValue().isTextual()
                        ? e.getValue().asText()
                        : e.getValue().toString();
                out.put(e.getKey(), why.length() > 300 ? why.substring(0, 300) + "…" : why);
            }
        }
        return out;
    }

    private static String text(JsonNode n) {
        return n != null && n.isTextual() && !n.asText().isBlank() ? n.asText() : null;
    }
}
