package org.aftercare.kit.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as a handler sees it: path parameters, query, headers, and the body, read
 * whole (and size-capped, see {@link HttpSettings#maxBodyBytes()}) before the handler runs, or,
 * on a route added with {@link Routes#streamed}, read by the handler as a stream ({@link
 * #bodyStream()}) capped by the route's own limit.
 */
public final class Request {

    /** The default body limit: larger bodies are refused with 413 before a handler runs. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    private final Context ctx;
    private final Map<String, String> pathParams;
    private final String route;
    private final byte[] body;
    private final InputStream stream;

    Request(Context ctx, String route, Map<String, String> pathParams, byte[] body) {
        this(ctx, route, pathParams, body, null);
    }

    Request(Context ctx, String route, Map<String, String> pathParams, byte[] body, InputStream stream) {
        this.ctx = ctx;
        this.route = route;
        this.pathParams = Map.copyOf(pathParams);
        this.body = body;
        this.stream = stream;
    }

    /**
     * The body of a {@link Routes#streamed} route as it arrives, read once. Past the route's limit
     * it throws {@link BodyTooLarge} (the listener answers 413); when the client goes away or
     * misses the route's read timeout it throws {@link BodyNotRead} (408). Either may be left to
     * propagate out of the handler.
     *
     * @throws IllegalStateException on a route whose body was read whole (use {@link #body()})
     */
    public InputStream bodyStream() {
        if (stream == null) {
            throw new IllegalStateException("route " + route + " reads its body whole: use body()");
        }
        return stream;
    }

    /** The declared body length, or -1 when the client did not say (chunked). */
    public long contentLength() {
        return ctx.req().getContentLengthLong();
    }

    /** The streamed body went past the route's limit. */
    public static final class BodyTooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        private final long maxBytes;

        BodyTooLarge(long maxBytes) {
            super("the body must be at most " + maxBytes + " bytes");
            this.maxBytes = maxBytes;
        }

        public long maxBytes() {
            return maxBytes;
        }
    }

    /** The client went away, or missed the read deadline, while sending a streamed body. */
    public static final class BodyNotRead extends IOException {
        private static final long serialVersionUID = 1L;

        BodyNotRead(IOException cause) {
            super("the body did not arrive", cause);
        }
    }

    /** The method on the wire (never an override header). */
    public String method() {
        return ctx.req().getMethod();
    }

    public String path() {
        return ctx.path();
    }

    /** The route pattern that matched, e.g. {@code /api/members/{id}}: safe as a metric label. */
    public String route() {
        return route;
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    public Optional<String> query(String name) {
        return Optional.ofNullable(parseForm(ctx.queryString()).get(name));
    }

    /**
     * Every name in the query string, decoded, in order and with repeats, so a route can refuse a
     * name it does not take or one given twice ({@link #query} keeps the last value).
     */
    public List<String> queryNames() {
        String encoded = ctx.queryString();
        List<String> names = new ArrayList<>();
        if (encoded == null || encoded.isEmpty()) {
            return names;
        }
        for (String pair : encoded.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                try {
                    names.add(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw HttpProblem.badRequest("the form or query is not valid URL encoding", Map.of());
                }
            }
        }
        return names;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(ctx.header(name));
    }

    /**
     * The body, read whole.
     *
     * @throws IllegalStateException on a {@link Routes#streamed} route (use {@link #bodyStream()})
     */
    public byte[] body() {
        if (body == null) {
            throw new IllegalStateException("route " + route + " streams its body: use bodyStream()");
        }
        return body;
    }

    /** An application/x-www-form-urlencoded body as a map (the last value of a repeated name wins). */
    public Map<String, String> form() {
        return parseForm(new String(body(), StandardCharsets.UTF_8));
    }

    public String clientAddress() {
        return ctx.req().getRemoteAddr();
    }

    static Map<String, String> parseForm(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                values.put(
                        URLDecoder.decode(key, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw HttpProblem.badRequest("the form or query is not valid URL encoding", Map.of());
            }
        }
        return values;
    }
}
