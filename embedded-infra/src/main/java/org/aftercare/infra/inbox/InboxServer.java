package org.aftercare.infra.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.aftercare.infra.smtp.EmbeddedSmtp;
import org.aftercare.infra.smtp.ReceivedMessage;
import org.aftercare.kit.http.HttpService;
import org.aftercare.kit.http.HttpSettings;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.http.Routes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local inbox: a small web page and a Mailpit-compatible JSON API over the messages an
 * {@link EmbeddedSmtp} received, served on 127.0.0.1 by the services' own HTTP server
 * ({@link HttpService}, Javalin on Jetty) with its default limits.
 *
 * <p>In: HTTP requests from a browser or a script. Out: the list page ({@code GET /}), one message
 * ({@code GET /message/{ID}}) with its HTML body in a sandboxed iframe whose links open in a new
 * tab (both pages rendered by {@link InboxPages} from templates, escaped), and Mailpit's
 * {@code /api/v1/messages}, {@code /api/v1/message/{ID}} (also
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

    private static final String PAGE_SECURITY =
            "script-src 'none'; object-src 'none'; form-action 'none'; frame-ancestors 'self'";
    private static final String JSON = "application/json";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final EmbeddedSmtp smtp;
    private final ObjectMapper mapper = new ObjectMapper();
    private final MailpitJson json = new MailpitJson(mapper);
    private final ZoneId zone = ZoneId.systemDefault();
    private final AtomicBoolean closed = new AtomicBoolean();
    private HttpService http;

    private InboxServer(EmbeddedSmtp smtp) {
        this.smtp = smtp;
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
        InboxServer inbox = new InboxServer(smtp);
        inbox.http = HttpService.start(
                "inbox", "127.0.0.1", port, inbox.routes(), new SimpleMeterRegistry(), HttpSettings.defaults());
        LOG.info("Local inbox at {}", inbox.url());
        return inbox;
    }

    private Routes routes() {
        return new Routes()
                .get("/", r -> listPage())
                .get("/message/{id}", this::messagePage)
                .get("/api/v1/messages", this::listJson)
                .delete("/api/v1/messages", r -> deleteAll())
                .get("/api/v1/message/{id}", r -> message(r, m -> json(200, json.message(MessageView.of(m)))))
                .get("/api/v1/message/{id}/headers", r -> message(r, m -> json(200, json.headers(MessageView.of(m)))))
                .get("/api/v1/message/{id}/raw", r -> message(r, m -> new Response(200, TEXT, m.raw(), Map.of())));
    }

    /** The bound HTTP port. */
    public int port() {
        return http.port();
    }

    /** The list page, e.g. {@code http://localhost:8025/}. */
    public String url() {
        return "http://localhost:" + port() + "/";
    }

    /** Stops serving. Safe to call more than once; does not stop the SMTP server. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            http.close();
            LOG.info("Local inbox on port {} stopped", port());
        }
    }

    private Response listPage() {
        List<ReceivedMessage> all = smtp.messages();
        List<MessageView> page =
                newestFirst(all, 0, PAGE_SIZE).stream().map(MessageView::of).toList();
        return html(200, InboxPages.list(page, all.size(), zone));
    }

    private Response messagePage(Request request) {
        Optional<ReceivedMessage> message = find(request.pathParam("id"));
        return message.isPresent()
                ? html(200, InboxPages.message(MessageView.of(message.get()), zone))
                : html(404, InboxPages.notFound());
    }

    private Response message(Request request, Function<ReceivedMessage, Response> answer) {
        String id = request.pathParam("id");
        Optional<ReceivedMessage> message = find(id);
        return message.isPresent() ? answer.apply(message.get()) : json(404, json.error("message not found: " + id));
    }

    private Response listJson(Request request) {
        int start;
        int limit;
        try {
            start = Math.max(0, Integer.parseInt(request.query("start").orElse("0")));
            limit = Integer.parseInt(request.query("limit").orElse(Integer.toString(DEFAULT_LIMIT)));
        } catch (NumberFormatException e) {
            return json(400, json.error("start and limit must be whole numbers"));
        }
        if (limit <= 0) {
            limit = DEFAULT_LIMIT;
        }
        List<ReceivedMessage> all = smtp.messages();
        List<MessageView> page =
                newestFirst(all, start, limit).stream().map(MessageView::of).toList();
        return json(200, json.messagesSummary(all.size(), start, page));
    }

    private Response deleteAll() {
        smtp.deleteAll();
        return new Response(200, TEXT, "ok".getBytes(StandardCharsets.UTF_8), Map.of());
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

    private Response json(int status, JsonNode body) {
        try {
            return new Response(status, JSON, mapper.writeValueAsBytes(body), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the inbox JSON", e);
        }
    }

    private static Response html(int status, String html) {
        return Response.html(status, html).withHeader("Content-Security-Policy", PAGE_SECURITY);
    }
}
