package org.aftercare.infra.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.aftercare.infra.TestMails;
import org.aftercare.infra.smtp.EmbeddedSmtp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InboxServerTest {

    private static final String HOSTILE_SUBJECT = "Hello <script>alert('x')</script> & welcome";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private EmbeddedSmtp smtp;
    private InboxServer inbox;

    @BeforeEach
    void start() throws Exception {
        smtp = EmbeddedSmtp.start(0);
        inbox = InboxServer.start(smtp, 0);
        Session session = TestMails.session(smtp);
        TestMails.send(TestMails.alternative(
                session,
                "Check-ins <checkin@aftercare.test>",
                "Sam <sam@example.org>",
                "Your check-in for today",
                "How are you today? Answer here: https://localhost:8080/c/abc?x=1&y=2",
                "<html><head><title>t</title></head><body><p>How are you today?</p>"
                        + "<a href=\"https://localhost:8080/c/abc\">Answer</a></body></html>"));
        MimeMessage second = TestMails.alternative(
                session,
                "alerts@aftercare.test",
                "contact@example.org",
                HOSTILE_SUBJECT,
                "A plain <b>text</b> body",
                "<p onclick=\"steal()\">Body with \"quotes\"</p>");
        second.setHeader("List-Unsubscribe", "<https://localhost:8080/u/xyz>, <mailto:unsubscribe@aftercare.test>");
        second.saveChanges();
        TestMails.send(second);
        smtp.awaitMessages(2, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        inbox.close();
        smtp.close();
    }

    @Test
    void urlPointsAtTheBoundPortOnLocalhost() {
        assertThat(inbox.url()).isEqualTo("http://localhost:" + inbox.port() + "/");
    }

    @Test
    void listPageShowsNewestFirstWithEscapedSubjectsAndLinks() throws Exception {
        HttpResponse<String> response = get("/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        String body = response.body();
        assertThat(body).doesNotContain("<script>alert");
        assertThat(body).contains("Hello &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; welcome");
        assertThat(body).contains("href=\"/message/1\"", "href=\"/message/2\"");
        assertThat(body.indexOf("/message/2")).isLessThan(body.indexOf("/message/1"));
        assertThat(body).contains("Check-ins &lt;checkin@aftercare.test&gt;", "Sam &lt;sam@example.org&gt;");
        assertThat(body).contains("http-equiv=\"refresh\"");
    }

    @Test
    void messagePageShowsHeadersSandboxedHtmlAndPlainText() throws Exception {
        HttpResponse<String> response = get("/message/2");

        assertThat(response.statusCode()).isEqualTo(200);
        String body = response.body();
        assertThat(body).doesNotContain("<script>alert");
        assertThat(body).contains("<th>List-Unsubscribe</th><td>&lt;https://localhost:8080/u/xyz&gt;");
        assertThat(body).contains("sandbox=\"allow-popups allow-popups-to-escape-sandbox\"");
        assertThat(body)
                .contains(
                        "srcdoc=\"&lt;base target&#x3D;&quot;_blank&quot;&gt;&lt;p onclick&#x3D;&quot;steal()&quot;&gt;");
        assertThat(body).doesNotContain("<p onclick");
        assertThat(body).contains("<pre>A plain &lt;b&gt;text&lt;/b&gt; body</pre>");
    }

    @Test
    void messagePageInjectsTheNewTabBaseIntoTheEmailHead() throws Exception {
        String body = get("/message/1").body();

        assertThat(body).contains("&lt;head&gt;&lt;base target&#x3D;&quot;_blank&quot;&gt;&lt;title&gt;");
        assertThat(body).contains("<a href=\"https://localhost:8080/c/abc?x&#x3D;1&amp;y&#x3D;2\" target=\"_blank\"");
    }

    @Test
    void messagesApiListsNewestFirstInMailpitShape() throws Exception {
        HttpResponse<String> response = get("/api/v1/messages");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode json = mapper.readTree(response.body());
        assertThat(json.get("total").asInt()).isEqualTo(2);
        assertThat(json.get("unread").asInt()).isZero();
        assertThat(json.get("count").asInt()).isEqualTo(2);
        assertThat(json.get("messages_count").asInt()).isEqualTo(2);
        assertThat(json.get("start").asInt()).isZero();
        assertThat(json.get("tags").isArray()).isTrue();
        JsonNode newest = json.get("messages").get(0);
        assertThat(newest.get("ID").asText()).isEqualTo("2");
        assertThat(newest.get("Subject").asText()).isEqualTo(HOSTILE_SUBJECT);
        assertThat(newest.get("Read").asBoolean()).isFalse();
        assertThat(newest.get("From").get("Address").asText()).isEqualTo("alerts@aftercare.test");
        assertThat(newest.get("To").get(0).get("Address").asText()).isEqualTo("contact@example.org");
        assertThat(newest.get("Cc").isArray()).isTrue();
        assertThat(newest.get("Bcc").isArray()).isTrue();
        assertThat(newest.get("ReplyTo").isArray()).isTrue();
        assertThat(newest.get("Tags").isArray()).isTrue();
        assertThat(newest.get("Size").asInt()).isPositive();
        assertThat(newest.get("Attachments").asInt()).isZero();
        assertThat(newest.get("Snippet").asText()).isEqualTo("A plain <b>text</b> body");
        assertThat(newest.get("MessageID").asText()).isNotBlank().doesNotStartWith("<");
        assertThat(Instant.parse(newest.get("Created").asText())).isNotNull();
        JsonNode oldest = json.get("messages").get(1);
        assertThat(oldest.get("ID").asText()).isEqualTo("1");
        assertThat(oldest.get("From").get("Name").asText()).isEqualTo("Check-ins");
        assertThat(oldest.get("To").get(0).get("Name").asText()).isEqualTo("Sam");
    }

    @Test
    void messagesApiPagesWithStartAndLimit() throws Exception {
        JsonNode json = mapper.readTree(get("/api/v1/messages?start=1&limit=1").body());

        assertThat(json.get("total").asInt()).isEqualTo(2);
        assertThat(json.get("count").asInt()).isEqualTo(1);
        assertThat(json.get("start").asInt()).isEqualTo(1);
        assertThat(json.get("messages"))
                .singleElement()
                .satisfies(m -> assertThat(m.get("ID").asText()).isEqualTo("1"));
    }

    @Test
    void messageApiReturnsBodiesAndAddresses() throws Exception {
        HttpResponse<String> response = get("/api/v1/message/1");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode json = mapper.readTree(response.body());
        assertThat(json.get("ID").asText()).isEqualTo("1");
        assertThat(json.get("Subject").asText()).isEqualTo("Your check-in for today");
        assertThat(json.get("From").get("Address").asText()).isEqualTo("checkin@aftercare.test");
        assertThat(json.get("To").get(0).get("Address").asText()).isEqualTo("sam@example.org");
        assertThat(json.get("ReturnPath").asText()).isEqualTo("checkin@aftercare.test");
        assertThat(json.get("Text").asText()).contains("How are you today?");
        assertThat(json.get("HTML").asText()).contains("<a href=\"https://localhost:8080/c/abc\">Answer</a>");
        assertThat(json.get("Size").asInt()).isPositive();
        assertThat(json.get("Inline").isArray()).isTrue();
        assertThat(json.get("Attachments").isArray()).isTrue();
        assertThat(json.get("Tags").isArray()).isTrue();
        assertThat(json.get("Cc").isArray()).isTrue();
        assertThat(json.get("Bcc").isArray()).isTrue();
        assertThat(json.get("ReplyTo").isArray()).isTrue();
        assertThat(Instant.parse(json.get("Date").asText())).isNotNull();
        assertThat(json.has("MessageID")).isTrue();
    }

    @Test
    void latestNamesTheNewestMessage() throws Exception {
        JsonNode json = mapper.readTree(get("/api/v1/message/latest").body());

        assertThat(json.get("ID").asText()).isEqualTo("2");
        assertThat(json.get("ListUnsubscribe").get("Links"))
                .extracting(JsonNode::asText)
                .containsExactly("https://localhost:8080/u/xyz", "mailto:unsubscribe@aftercare.test");
    }

    @Test
    void headersApiMapsEachHeaderToItsValues() throws Exception {
        HttpResponse<String> response = get("/api/v1/message/2/headers");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode json = mapper.readTree(response.body());
        assertThat(json.get("Subject").get(0).asText()).isEqualTo(HOSTILE_SUBJECT);
        assertThat(json.get("List-Unsubscribe").get(0).asText()).contains("https://localhost:8080/u/xyz");
        assertThat(json.get("Message-Id").isArray()).isTrue();
        assertThat(json.get("Received").isArray()).isTrue();
    }

    @Test
    void rawApiReturnsTheMessageSource() throws Exception {
        HttpResponse<String> response = get("/api/v1/message/1/raw");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(response.body()).contains("Subject: Your check-in for today", "Content-Type: multipart/alternative");
    }

    @Test
    void deleteRemovesEveryMessage() throws Exception {
        HttpResponse<String> deleted =
                send(HttpRequest.newBuilder(uri("/api/v1/messages")).DELETE().build());

        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(smtp.count()).isZero();
        JsonNode json = mapper.readTree(get("/api/v1/messages").body());
        assertThat(json.get("total").asInt()).isZero();
        assertThat(json.get("messages")).isEmpty();
        assertThat(get("/api/v1/message/1").statusCode()).isEqualTo(404);
    }

    @Test
    void unknownMessageIsA404WithAJsonError() throws Exception {
        HttpResponse<String> api = get("/api/v1/message/999");
        HttpResponse<String> page = get("/message/999");

        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(mapper.readTree(api.body()).get("error").asText()).contains("999");
        assertThat(get("/api/v1/message/999/raw").statusCode()).isEqualTo(404);
        assertThat(page.statusCode()).isEqualTo(404);
    }

    @Test
    void writingToAReadOnlyEndpointIsRefused() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/message/1"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());

        assertThat(response.statusCode()).isEqualTo(405);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create(inbox.url()).resolve(path);
    }
}
