package org.aftercare.infra.inbox;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.aftercare.infra.smtp.EmbeddedSmtp;
import org.aftercare.infra.smtp.ReceivedMessage;

/**
 * The local inbox: a small web page and a Mailpit-compatible JSON API over the messages an
 * {@link EmbeddedSmtp} received, served by the JDK's HTTP server on 127.0.0.1.
 *
 * <p>In: HTTP requests from a browser or a script. Out: the list page ({@code GET /}), one message
 * ({@code GET /message/{ID}}) with its HTML body in a sandboxed iframe whose links open in a new
 * tab, and Mailpit's {@code /api/v1/messages}, {@code /api/v1/message/{ID}} (also
 * {@code /headers} and {@code /raw}; {@code latest} names the newest message) and
 * {@code DELETE /api/v1/messages}. It exists so that in the local run every sent email can be read
 * and its links clicked, and scripts written for Mailpit work unchanged.
 */
public final class InboxServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InboxServer.class);

    /** Mailpit's default page size for {@code /api/v1/messages}. */
    static final int DEFAULT_LIMIT = 50;
    /** How many messages the HTML list shows. */
    static final int PAGE_SIZE = 200;

    private static final Pattern MESSAGE_PAGE = Pattern.compile("/message/([^/]+)/?");
    private static final Pattern MESSAGE_API = Pattern.compile("/api/v1/message/([^/]+)(/headers|/raw)?/?");
    private static final String PAGE_SECURITY =
            "script-src 'none'; object-src 'none'; form-action 'none'; frame-ancestors 'self'";

    private final EmbeddedSmtp smtp;
    private final HttpServer server;
    private final ExecutorService executor;
    private final ObjectMapper mapper = new ObjectMapper();
    private final MailpitJson json = new MailpitJson(mapper);
    private final ZoneId zone = ZoneId.systemDefault();
    private final AtomicBoolean closed = new AtomicBoolean();

    private InboxServer(EmbeddedSmtp smtp, HttpServer server, ExecutorService executor) {
        this.smtp = smtp;
        this.server = server;
        this.executor = executor;
    }

    /**
     * Serves the inbox of {@code smtp} on 127.0.0.1.
     *
     * @param port the HTTP port (8025 in the local run), or 0 for a random free port
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static InboxServer start(EmbeddedSmtp smtp, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Inbox page could not bind 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        InboxServer inbox = new InboxServer(smtp, server, executor);
        server.createContext("/", inbox::handle);
        server.setExecutor(executor);
        server.start();
        LOG.info("Local inbox at {}", inbox.url());
        return inbox;
    }

    /** The bound HTTP port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The list page, e.g. {@code http://localhost:8025/}. */
    public String url() {
        return "http://localhost:" + port() + "/";
    }

    /** Stops serving. Safe to call more than once; does not stop the SMTP server. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            executor.close();
            LOG.info("Local inbox on port {} stopped", port());
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            route(exchange);
        } catch (RuntimeException e) {
            LOG.warn("Inbox request {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    e.getMessage(), e);
            sendJson(exchange, 500, json.error("internal error: " + e.getMessage()));
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/api/v1/messages")) {
            switch (method) {
                case "GET" -> listJson(exchange);
                case "DELETE" -> deleteAll(exchange);
                default -> methodNotAllowed(exchange, "GET, DELETE");
            }
            return;
        }
        Matcher api = MESSAGE_API.matcher(path);
        if (api.matches()) {
            if (!method.equals("GET")) {
                methodNotAllowed(exchange, "GET");
                return;
            }
            Optional<ReceivedMessage> message = find(api.group(1));
            if (message.isEmpty()) {
                sendJson(exchange, 404, json.error("message not found: " + api.group(1)));
                return;
            }
            String part = api.group(2) == null ? "" : api.group(2);
            switch (part) {
                case "/headers" -> sendJson(exchange, 200, json.headers(MessageView.of(message.get())));
                case "/raw" -> send(exchange, 200, "text/plain; charset=utf-8", message.get().raw());
                default -> sendJson(exchange, 200, json.message(MessageView.of(message.get())));
            }
            return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            methodNotAllowed(exchange, "GET");
            return;
        }
        if (path.equals("/")) {
            List<ReceivedMessage> all = smtp.messages();
            List<MessageView> page = newestFirst(all, 0, PAGE_SIZE).stream().map(MessageView::of).toList();
            sendHtml(exchange, 200, InboxPages.list(page, all.size(), zone));
            return;
        }
        Matcher page = MESSAGE_PAGE.matcher(path);
        if (page.matches()) {
            Optional<ReceivedMessage> message = find(page.group(1));
            if (message.isPresent()) {
                sendHtml(exchange, 200, InboxPages.message(MessageView.of(message.get()), zone));
            } else {
                sendHtml(exchange, 404, notFoundPage());
            }
            return;
        }
        sendJson(exchange, 404, json.error("no such page: " + path));
    }

    private void listJson(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        int start;
        int limit;
        try {
            start = Math.max(0, Integer.parseInt(query.getOrDefault("start", "0")));
            limit = Integer.parseInt(query.getOrDefault("limit", Integer.toString(DEFAULT_LIMIT)));
        } catch (NumberFormatException e) {
            sendJson(exchange, 400, json.error("start and limit must be whole numbers"));
            return;
        }
        if (limit <= 0) {
            limit = DEFAULT_LIMIT;
        }
        List<ReceivedMessage> all = smtp.messages();
        List<MessageView> page = newestFirst(all, start, limit).stream().map(MessageView::of).toList();
        sendJson(exchange, 200, json.messagesSummary(all.size(), start, page));
    }

    private void deleteAll(HttpExchange exchange) throws IOException {
        smtp.deleteAll();
        send(exchange, 200, "text/plain; charset=utf-8", "ok".getBytes(StandardCharsets.UTF_8));
    }

    /** Finds a message by id; {@code latest} is the newest message, as in Mailpit. */
    private Optional<ReceivedMessage> find(String id) {
        if (id.equals("latest")) {
            List<ReceivedMessage> all = smtp.messages();
            return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
        }
        return smtp.message(id);
    }

    private static List<ReceivedMessage> newestFirst(List<ReceivedMessage> oldestFirst, int start, int limit) {
        int end = oldestFirst.size() - start;
        if (end <= 0) {
            return List.of();
        }
        int begin = Math.max(0, end - limit);
        return oldestFirst.subList(begin, end).reversed();
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> values = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return values;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            values.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return values;
    }

    private static String notFoundPage() {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>"
                + "<body><p>No such message. <a href=\"/\">Back to the inbox</a></p></body></html>";
    }

    private void methodNotAllowed(HttpExchange exchange, String allowed) throws IOException {
        exchange.getResponseHeaders().set("Allow", allowed);
        sendJson(exchange, 405, json.error("method not allowed"));
    }

    private void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, status, "application/json", mapper.writeValueAsBytes(body));
    }

    private static void sendHtml(HttpExchange exchange, int status, String html) throws IOException {
        exchange.getResponseHeaders().set("Content-Security-Policy", PAGE_SECURITY);
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        send(exchange, status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
