package org.aftercare.infra.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.aftercare.infra.TestMails;
import org.aftercare.infra.smtp.EmbeddedSmtp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The inbox pages as a browser gets them: what a message says never becomes markup of the page,
 * the email's own HTML stays inside the sandboxed iframe, and the links in a message can be
 * clicked (plain-text URLs become links, only http and https ones).
 */
class InboxPagesTest {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private EmbeddedSmtp smtp;
    private InboxServer inbox;
    private Session session;
    private int sent;

    @BeforeEach
    void start() {
        smtp = EmbeddedSmtp.start(0);
        inbox = InboxServer.start(smtp, 0);
        session = TestMails.session(smtp);
    }

    @AfterEach
    void stop() {
        inbox.close();
        smtp.close();
    }

    @Test
    void anEmptyInboxSaysSoAndRefreshes() throws Exception {
        HttpResponse<String> response = get("/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains(
                        "<title>Local inbox (0)</title>",
                        "No messages yet.",
                        "0 messages",
                        "<meta http-equiv=\"refresh\" content=\"5\">");
        assertThat(response.body()).doesNotContain("<ul class=\"mails\">");
    }

    @Test
    void aSubjectWithMarkupIsShownAsTextInTheTitleHeadingAndList() throws Exception {
        send("Sam <sam@example.org>", "<script>alert(1)</script><img src=x onerror=alert(2)>", "hello", "<p>hello</p>");

        String message = get("/message/1").body();
        String list = get("/").body();

        String escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src&#x3D;x onerror&#x3D;alert(2)&gt;";
        assertThat(message)
                .contains(
                        "<title>" + escaped + "</title>",
                        "<h1>" + escaped + "</h1>",
                        "<tr><th>Subject</th><td>" + escaped + "</td></tr>");
        assertThat(list).contains("<div class=\"subject\">" + escaped + "</div>");
        assertThat(message + list).doesNotContain("<script", "<img");
    }

    @Test
    void aDisplayNameWithMarkupIsShownAsText() throws Exception {
        send("\"<b>Sam</b>\" <sam@example.org>", "Your check-in", "hello", "");

        assertThat(get("/message/1").body())
                .contains("<tr><th>To</th><td>&lt;b&gt;Sam&lt;/b&gt; &lt;sam@example.org&gt;</td></tr>")
                .doesNotContain("<b>Sam</b>");
    }

    @Test
    void urlsInThePlainTextAreClickableAndOpenInANewTab() throws Exception {
        send(
                "sam@example.org",
                "Your check-in",
                "Answer here: https://localhost:8080/c/abc?x=1 or stop: http://localhost:8080/u/xyz\nNot a link: javascript:alert(1)",
                "");

        String body = get("/message/1").body();

        assertThat(body)
                .contains(
                        "<pre>Answer here: <a href=\"https://localhost:8080/c/abc?x&#x3D;1\" target=\"_blank\" rel=\"noopener noreferrer\">"
                                + "https://localhost:8080/c/abc?x&#x3D;1</a> or stop: "
                                + "<a href=\"http://localhost:8080/u/xyz\" target=\"_blank\" rel=\"noopener noreferrer\">http://localhost:8080/u/xyz</a>",
                        "Not a link: javascript:alert(1)</pre>");
        assertThat(body).doesNotContain("href=\"javascript");
    }

    @Test
    void aUrlCannotBreakOutOfItsLink() throws Exception {
        send(
                "sam@example.org",
                "Your check-in",
                "https://evil.test/\"onmouseover=\"alert(1) and https://evil.test/<script>x</script>",
                "");

        String body = get("/message/1").body();

        assertThat(body)
                .contains(
                        "<a href=\"https://evil.test/\" target=\"_blank\" rel=\"noopener noreferrer\">https://evil.test/</a>"
                                + "&quot;onmouseover&#x3D;&quot;alert(1)");
        assertThat(body).contains("https://evil.test/</a>&lt;script&gt;x&lt;/script&gt;");
        assertThat(body).doesNotContain("<script", "\"onmouseover");
    }

    @Test
    void theEmailsHtmlStaysInsideTheSandboxedFrameWithItsLinksOpeningInANewTab() throws Exception {
        send(
                "sam@example.org",
                "Your check-in",
                "",
                "<p>Hi</p><a href=\"https://localhost:8080/c/abc\">Answer</a>\"></iframe><script>alert(1)</script>");

        HttpResponse<String> response = get("/message/1");
        String body = response.body();

        assertThat(body).containsOnlyOnce("<iframe");
        assertThat(body)
                .contains(
                        "<iframe title=\"HTML body\" sandbox=\"allow-popups allow-popups-to-escape-sandbox\" srcdoc=\""
                                + "&lt;base target&#x3D;&quot;_blank&quot;&gt;&lt;p&gt;Hi&lt;/p&gt;"
                                + "&lt;a href&#x3D;&quot;https://localhost:8080/c/abc&quot;&gt;Answer&lt;/a&gt;"
                                + "&quot;&gt;&lt;/iframe&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>");
        assertThat(body).doesNotContain("<script", "</iframe><script");
        assertThat(response.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp ->
                        assertThat(csp).contains("script-src 'none'", "object-src 'none'", "form-action 'none'"));
        // A message with no plain-text part shows no empty text section.
        assertThat(body).doesNotContain("<h2>Plain text</h2>");
    }

    @Test
    void anUnknownMessageIsAnEscapedPageWithAWayBack() throws Exception {
        HttpResponse<String> response = get("/message/%3Cscript%3E");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(response.body())
                .contains("<title>Not found</title>", "No such message.", "<a href=\"/\">")
                .doesNotContain("<script");
    }

    /** Sends a message to {@code to} and waits for it; an empty html part means a text-only message. */
    private void send(String to, String subject, String text, String html) throws Exception {
        String from = "checkin@aftercare.test";
        TestMails.send(
                html.isEmpty()
                        ? TestMails.plain(session, from, to, subject, text)
                        : TestMails.alternative(session, from, to, subject, text, html));
        smtp.awaitMessages(++sent, Duration.ofSeconds(10));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(inbox.url()).resolve(path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
