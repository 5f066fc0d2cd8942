package org.aftercare.kit.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One HTTP request as a handler sees it: path parameters, query, headers, a size-capped body. */
public final class Request {

    /** Bodies larger than this are refused with 413 before a handler reads them. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    private final HttpExchange exchange;
    private final Map<String, String> pathParams;
    private final String route;
    private byte[] body;

    Request(HttpExchange exchange, String route, Map<String, String> pathParams) {
        this.exchange = exchange;
        this.route = route;
        this.pathParams = Map.copyOf(pathParams);
    }

    public String method() {
        return exchange.getRequestMethod();
    }

    public String path() {
        return exchange.getRequestURI().getPath();
    }

    /** The route pattern that matched, e.g. {@code /api/members/{id}}: safe as a metric label. */
    public String route() {
        return route;
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    public Optional<String> query(String name) {
        return Optional.ofNullable(parseForm(exchange.getRequestURI().getRawQuery()).get(name));
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
    }

    public byte[] body() {
        if (body == null) {
            try (InputStream in = exchange.getRequestBody()) {
                byte[] read = in.readNBytes(MAX_BODY_BYTES + 1);
                if (read.length > MAX_BODY_BYTES) {
                    throw new HttpProblem(413, "Request too large", "the body must be at most " + MAX_BODY_BYTES + " bytes");
                }
                body = read;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return body;
    }

    /** An application/x-www-form-urlencoded body as a map (the last value of a repeated name wins). */
    public Map<String, String> form() {
        return parseForm(new String(body(), StandardCharsets.UTF_8));
    }

    public String clientAddress() {
        return exchange.getRemoteAddress().getAddress().getHostAddress();
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
                values.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw HttpProblem.badRequest("the form or query is not valid URL encoding", Map.of());
            }
        }
        return values;
    }
}
