package org.aftercare.kit.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aftercare.events.Json;

/** What a handler answers: status, content type, body and extra headers. */
public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String HTML = "text/html; charset=utf-8";
    public static final String TEXT = "text/plain; charset=utf-8";

    public Response {
        headers = Map.copyOf(headers);
    }

    public static Response json(int status, Object value) {
        try {
            return new Response(status, JSON, Json.writer().writeValueAsBytes(value), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot write response of type " + value.getClass().getSimpleName(), e);
        }
    }

    public static Response html(int status, String html) {
        return new Response(status, HTML, html.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static Response text(int status, String text) {
        return new Response(status, TEXT, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static Response empty(int status) {
        return new Response(status, TEXT, new byte[0], Map.of());
    }

    public static Response redirect(String location) {
        return new Response(303, TEXT, new byte[0], Map.of("Location", location));
    }

    /** RFC 9457 problem details; {@code errors} lists a reason per field. */
    public static Response problem(int status, String title, String detail, Map<String, String> errors) {
        ObjectNode body = Json.object();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        if (errors != null && !errors.isEmpty()) {
            ObjectNode fields = body.putObject("errors");
            errors.forEach(fields::put);
        }
        return new Response(status, PROBLEM_JSON, body.toString().getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static Response problem(HttpProblem p) {
        return problem(p.status(), p.title(), p.getMessage(), p.errors());
    }

    public Response withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Response(status, contentType, body, more);
    }
}
