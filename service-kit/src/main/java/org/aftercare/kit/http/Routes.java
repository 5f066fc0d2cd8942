package org.aftercare.kit.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Method + path pattern → handler. A pattern segment in braces ({@code /api/members/{id}})
 * matches one path segment and is handed to the handler as a path parameter.
 */
public final class Routes {

    /**
     * A route's body: read whole before the handler runs (up to the listener's limit), or left to
     * the handler to read as a stream ({@link Request#bodyStream()}) up to {@code maxBytes}, with
     * {@code readTimeout} for the whole body to arrive instead of the listener's read timeout.
     */
    record Body(boolean streamed, long maxBytes, Duration readTimeout) {
        static final Body WHOLE = new Body(false, 0, null);
    }

    record Route(String method, String pattern, String[] segments, Handler handler, Body body) {
        Route(String method, String pattern, String[] segments, Handler handler) {
            this(method, pattern, segments, handler, Body.WHOLE);
        }
    }

    record Match(Route route, Map<String, String> params) {}

    private final List<Route> routes = new ArrayList<>();

    public Routes get(String pattern, Handler handler) {
        return add("GET", pattern, handler);
    }

    public Routes post(String pattern, Handler handler) {
        return add("POST", pattern, handler);
    }

    public Routes put(String pattern, Handler handler) {
        return add("PUT", pattern, handler);
    }

    public Routes patch(String pattern, Handler handler) {
        return add("PATCH", pattern, handler);
    }

    public Routes delete(String pattern, Handler handler) {
        return add("DELETE", pattern, handler);
    }

    public Routes add(String method, String pattern, Handler handler) {
        routes.add(new Route(method, pattern, split(pattern), handler));
        return this;
    }

    /**
     * A route whose handler reads the body as a stream ({@link Request#bodyStream()}) rather than
     * whole: for uploads larger than the listener's body limit (a roster of 100,000 rows). The
     * stream ends the request with 413 past {@code maxBytes}; the whole body must arrive within
     * {@code readTimeout} of the request's start (the listener's read timeout still applies to
     * the request line and headers, and its idle timeout whenever nothing moves).
     */
    public Routes streamed(String method, String pattern, long maxBytes, Duration readTimeout, Handler handler) {
        if (maxBytes < 1 || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("a streamed body needs a positive limit and read timeout");
        }
        routes.add(new Route(method, pattern, split(pattern), handler, new Body(true, maxBytes, readTimeout)));
        return this;
    }

    /** Every registered route as {@code "METHOD pattern"}, in registration order (for API descriptions and their tests). */
    public List<String> list() {
        return routes.stream().map(r -> r.method() + " " + r.pattern()).toList();
    }

    /** The routes in registration order (for the server that serves them). */
    List<Route> all() {
        return List.copyOf(routes);
    }

    Optional<Match> find(String method, String path) {
        String[] parts = split(path);
        for (Route r : routes) {
            if (r.method().equals(method)
                    || (method.equals("HEAD") && r.method().equals("GET"))) {
                Map<String, String> params = match(r.segments(), parts);
                if (params != null) {
                    return Optional.of(new Match(r, params));
                }
            }
        }
        return Optional.empty();
    }

    /** The methods some route allows for this path (for 405 and its Allow header). */
    Set<String> allowed(String path) {
        String[] parts = split(path);
        Set<String> methods = new TreeSet<>();
        for (Route r : routes) {
            if (match(r.segments(), parts) != null) {
                methods.add(r.method());
            }
        }
        return methods;
    }

    private static Map<String, String> match(String[] pattern, String[] path) {
        if (pattern.length != path.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                if (path[i].isEmpty()) {
                    return null;
                }
                params.put(p.substring(1, p.length() - 1), path[i]);
            } else if (!p.equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String path) {
        String trimmed = path.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/");
    }
}
