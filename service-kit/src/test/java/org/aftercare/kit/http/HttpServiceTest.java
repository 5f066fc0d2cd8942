package org.aftercare.kit.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class HttpServiceTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpService http;

    @BeforeEach
    void start() {
        Routes routes = new Routes()
                .get("/things/{id}", r -> Response.json(200, Map.of("id", r.pathParam("id"))))
                .post("/things", r -> {
                    throw HttpProblem.badRequest("the thing is wrong", Map.of("name", "is required"));
                })
                .get("/boom", r -> {
                    throw new IllegalStateException("secret member detail");
                });
        http = HttpService.start("127.0.0.1", 0, routes, registry);
    }

    @AfterEach
    void stop() {
        http.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(http.baseUrl() + path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPathParameterReachesTheHandler() throws Exception {
        HttpResponse<String> r = send("GET", "/things/42");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"id\":\"42\"}");
    }

    @Test
    void aHandlerProblemBecomesProblemDetailsWithAReasonPerField() throws Exception {
        HttpResponse<String> r = send("POST", "/things");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(r.body())
                .contains("\"status\":400", "\"detail\":\"the thing is wrong\"", "\"name\":\"is required\"");
    }

    @Test
    void unknownPathsAre404AndWrongMethods405WithAllow() throws Exception {
        assertThat(send("GET", "/nothing").statusCode()).isEqualTo(404);
        HttpResponse<String> r = send("DELETE", "/things/1");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).contains("GET");
    }

    @Test
    void anUnexpectedErrorIsAGeneric500ThatRevealsNothing() throws Exception {
        HttpResponse<String> r = send("GET", "/boom");

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).doesNotContain("secret", "IllegalStateException");
    }

    @Test
    void anUnexpectedErrorIsLoggedWithRouteAndTypeButNeverItsMessage() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(HttpService.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            send("GET", "/boom");
        } finally {
            logger.detachAppender(appender);
        }

        assertThat(appender.list).singleElement().satisfies(event -> {
            assertThat(event.getFormattedMessage())
                    .contains("/boom", "java.lang.IllegalStateException")
                    .doesNotContain("secret");
            assertThat(event.getThrowableProxy())
                    .as("no stack trace or cause chain")
                    .isNull();
        });
    }

    @Test
    void unknownMethodsAndPathsBecomeOneLabelEachNeverTheRawString() throws Exception {
        send("BREW", "/things/1");
        send("PROPFIND", "/coffee-pot-member-42");
        send("GET", "/nothing/member-43");
        send("HEAD", "/things/7");

        Set<String> methods = tagValues("method");
        Set<String> routes = tagValues("route");
        assertThat(methods).containsExactlyInAnyOrder("other", "GET", "HEAD");
        assertThat(routes).containsExactlyInAnyOrder("/things/{id}", "unmatched");
        assertThat(registry.find("http.server.requests")
                        .tag("method", "other")
                        .tag("route", "/things/{id}")
                        .timer())
                .as("an unknown method on a known path is not matched to the route")
                .isNull();
        assertThat(registry.getMeters())
                .noneMatch(m -> m.getId().getTags().toString().matches("(?s).*(BREW|PROPFIND|coffee|member-4).*"));
    }

    private Set<String> tagValues(String key) {
        return registry.find("http.server.requests").timers().stream()
                .map(Meter::getId)
                .flatMap(id -> id.getTags().stream())
                .filter(t -> t.getKey().equals(key))
                .map(Tag::getValue)
                .collect(Collectors.toSet());
    }

    @Test
    void requestsAreTimedByRoutePatternNeverByTheActualPath() throws Exception {
        send("GET", "/things/member-123");

        assertThat(registry.find("http.server.requests")
                        .tag("route", "/things/{id}")
                        .tag("status", "200")
                        .timer())
                .isNotNull();
        assertThat(registry.getMeters())
                .noneMatch(m -> m.getId().getTags().toString().contains("member-123"));
    }
}
