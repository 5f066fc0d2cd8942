package org.aftercare.kit.http;

import java.util.Map;

/**
 * An error a handler answers with: becomes an RFC 9457 problem details response. {@code errors}
 * maps a field name to its reason. Messages must not quote member data.
 */
public final class HttpProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;
    private final transient Map<String, String> errors;

    public HttpProblem(int status, String title, String detail, Map<String, String> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = errors == null ? Map.of() : Map.copyOf(errors);
    }

    public HttpProblem(int status, String title, String detail) {
        this(status, title, detail, Map.of());
    }

    public static HttpProblem badRequest(String detail, Map<String, String> errors) {
        return new HttpProblem(400, "Invalid request", detail, errors);
    }

    public static HttpProblem notFound(String detail) {
        return new HttpProblem(404, "Not found", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public Map<String, String> errors() {
        return errors;
    }
}
