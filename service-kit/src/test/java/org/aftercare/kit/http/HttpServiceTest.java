package org.aftercare.kit.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
        return client.send(HttpRequest.newBuilder(URI.create(http.baseUrl() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
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
        assertThat(r.body()).contains("\"status\":400", "\"detail\":\"the thing is wrong\"", "\"name\":\"is required\"");
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
    void requestsAreTimedByRoutePatternNeverByTheActualPath() throws Exception {
        send("GET", "/things/member-123");

        assertThat(registry.find("http.server.requests").tag("route", "/things/{id}").tag("status", "200").timer())
                .isNotNull();
        assertThat(registry.getMeters()).noneMatch(m -> m.getId().getTags().toString().contains("member-123"));
    }
}
