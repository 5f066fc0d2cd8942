package org.aftercare.kit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.aftercare.kit.config.ConfigException;
import org.aftercare.kit.config.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The limits a listener enforces against slow, greedy or oversized clients, on real sockets. */
class HttpLimitsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Socket> sockets = new ArrayList<>();
    private HttpService http;

    private final CountDownLatch never = new CountDownLatch(1);

    private final Routes routes = new Routes()
            .get("/ok", r -> Response.text(200, "ok"))
            .post("/slow", r -> {
                never.await(1500, TimeUnit.MILLISECONDS); // a handler at work, longer than the read timeout
                return Response.text(200, "worked on " + r.body().length + " bytes");
            })
            .post("/echo", r -> Response.text(200, "got " + r.body().length + " bytes"))
            .streamed("POST", "/upload", 8L << 20, Duration.ofSeconds(3), r -> {
                long n = 0;
                byte[] buffer = new byte[8192];
                try (InputStream in = r.bodyStream()) {
                    for (int k; (k = in.read(buffer)) >= 0; ) {
                        n += k;
                    }
                }
                return Response.text(200, "streamed " + n + " bytes");
            });

    private void start(HttpSettings settings) {
        http = HttpService.start("test", "127.0.0.1", 0, routes, registry, settings);
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (http != null) {
            http.close();
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", http.port());
        sockets.add(socket);
        return socket;
    }

    /** Reads until the server closes the connection; true when it did (EOF or reset) within the socket timeout. */
    private static boolean closedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[1024];
        try {
            while (in.read(buffer) >= 0) {
                // whatever the server answered before closing (a 408 at most) is fine
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    /** Writes one line every interval on a virtual thread until the connection breaks or 100 lines went out. */
    private static Thread dribble(Socket socket, String first, Duration interval, String line) {
        return Thread.ofVirtual().start(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(first.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                for (int i = 0; i < 100; i++) {
                    TimeUnit.MILLISECONDS.sleep(interval.toMillis()); // the client's pace, not an assertion
                    out.write(line.formatted(i).getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the server cut the connection: what the test waits for
            }
        });
    }

    @Test
    void aClientThatDribblesHeaderLinesIsCutOffAtTheReadTimeout() throws Exception {
        // The idle timeout (30 s) never fires: a byte arrives every 200 ms. Only the read deadline can cut it.
        start(HttpSettings.defaults().withReadTimeout(Duration.ofMillis(800)));
        Socket socket = connect();
        socket.setSoTimeout(8_000);

        Thread dribbler =
                dribble(socket, "GET /ok HTTP/1.1\r\nHost: localhost\r\n", Duration.ofMillis(200), "X-Slow-%d: y\r\n");

        assertThat(closedByServer(socket))
                .as("the server closed the connection before the socket timeout")
                .isTrue();
        dribbler.join(Duration.ofSeconds(10));
        assertThat(registry.find("http.server.read.timeouts").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aClientThatDribblesItsBodyIsCutOffAtTheReadTimeout() throws Exception {
        start(HttpSettings.defaults().withReadTimeout(Duration.ofMillis(800)));
        Socket socket = connect();
        socket.setSoTimeout(8_000);

        Thread dribbler = dribble(
                socket,
                "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 500\r\n\r\n",
                Duration.ofMillis(200),
                "%d,");

        assertThat(closedByServer(socket))
                .as("the server closed the connection before the socket timeout")
                .isTrue();
        dribbler.join(Duration.ofSeconds(10));
    }

    @Test
    void aPromptClientIsServedAndMayKeepItsConnection() throws Exception {
        start(HttpSettings.defaults().withReadTimeout(Duration.ofMillis(800)));

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = client.send(
                    HttpRequest.newBuilder(URI.create(http.baseUrl() + "/ok")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
        HttpResponse<String> posted = client.send(
                HttpRequest.newBuilder(URI.create(http.baseUrl() + "/echo"))
                        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(5000)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(posted.body()).isEqualTo("got 5000 bytes");
    }

    @Test
    void theReadTimeoutEndsOnceTheRequestIsInSoASlowHandlerIsNotCut() throws Exception {
        start(HttpSettings.defaults().withReadTimeout(Duration.ofMillis(500)));

        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(URI.create(http.baseUrl() + "/slow"))
                        .POST(HttpRequest.BodyPublishers.ofString("abc"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("worked on 3 bytes");
        assertThat(registry.find("http.server.read.timeouts").counter().count()).isZero();
    }

    @Test
    void connectionsBeyondTheBoundWaitUnansweredUntilOneCloses() throws Exception {
        start(HttpSettings.defaults().withReadTimeout(Duration.ofSeconds(30)).withMaxConnections(2));
        Socket first = connect();
        Socket second = connect();
        String get = "GET /ok HTTP/1.1\r\nHost: localhost\r\n\r\n";
        // Both held connections are accepted and served.
        assertThat(exchange(first, get)).startsWith("HTTP/1.1 200");
        assertThat(exchange(second, get)).startsWith("HTTP/1.1 200");

        Socket third = connect(); // the kernel completes the handshake; Jetty does not accept it
        third.setSoTimeout(700);
        third.getOutputStream().write(get.getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> third.getInputStream().read())
                .as("no answer while two connections are open")
                .isInstanceOf(SocketTimeoutException.class);

        first.close();
        third.setSoTimeout(10_000);
        assertThat(readHead(third)).startsWith("HTTP/1.1 200");
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413() throws Exception {
        start(HttpSettings.defaults().withSizeLimits(2048, 4096));

        HttpResponse<String> declared = client.send(
                HttpRequest.newBuilder(URI.create(http.baseUrl() + "/echo"))
                        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(3000)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.headers().firstValue("Content-Type")).contains(Response.PROBLEM_JSON);

        Socket socket = connect();
        socket.setSoTimeout(5_000);
        String chunked = "POST /echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n" + "bb8\r\n"
                + "y".repeat(3000) + "\r\n0\r\n\r\n";
        assertThat(exchange(socket, chunked))
                .as("a chunked body with no length, over the limit")
                .startsWith("HTTP/1.1 413");

        HttpResponse<String> small = client.send(
                HttpRequest.newBuilder(URI.create(http.baseUrl() + "/echo"))
                        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(2000)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(small.statusCode()).isEqualTo(200);
    }

    @Test
    void aStreamedRouteTakesABodyFarOverTheListenersLimitButNotOverItsOwn() throws Exception {
        start(HttpSettings.defaults().withSizeLimits(2048, 4096));
        byte[] big = new byte[3 << 20];

        HttpResponse<String> streamed = client.send(
                HttpRequest.newBuilder(URI.create(http.baseUrl() + "/upload"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(big))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(streamed.statusCode()).as(streamed.body()).isEqualTo(200);
        assertThat(streamed.body()).isEqualTo("streamed " + big.length + " bytes");

        HttpResponse<String> declaredTooLarge = client.send(
                HttpRequest.newBuilder(URI.create(http.baseUrl() + "/upload"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[9 << 20]))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(declaredTooLarge.statusCode()).isEqualTo(413);

        HttpResponse<String> chunkedTooLarge = client.send(
                HttpRequest.newBuilder(URI.create(http.baseUrl() + "/upload"))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(
                                () -> new java.io.ByteArrayInputStream(new byte[9 << 20])))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunkedTooLarge.statusCode())
                .as("a chunked body that passes the route's limit while streaming")
                .isEqualTo(413);
        assertThat(registry.find("http.server.read.timeouts").counter().count()).isZero();
    }

    @Test
    void aStreamedBodyHasItsOwnReadTimeoutLongerThanTheListeners() throws Exception {
        // The listener's read timeout is 500 ms; the upload takes about 1.2 s and its route allows 3 s.
        start(HttpSettings.defaults().withReadTimeout(Duration.ofMillis(500)));
        Socket socket = connect();
        socket.setSoTimeout(8_000);
        OutputStream out = socket.getOutputStream();
        out.write("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 6\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 6; i++) {
            out.write('x');
            out.flush();
            never.await(200, TimeUnit.MILLISECONDS);
        }
        assertThat(readHead(socket)).startsWith("HTTP/1.1 200");

        // One that dribbles past the route's own timeout is cut.
        Socket slow = connect();
        slow.setSoTimeout(10_000);
        Thread dribbler = dribble(
                slow,
                "POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5000\r\n\r\n",
                Duration.ofMillis(200),
                "%d,");
        assertThat(closedByServer(slow)).isTrue();
        dribbler.join(Duration.ofSeconds(10));
    }

    @Test
    void headersOverTheLimitAreRefusedWith431() throws Exception {
        start(HttpSettings.defaults().withSizeLimits(2048, 4096));

        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(URI.create(http.baseUrl() + "/ok"))
                        .header("X-Big", "z".repeat(6000))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(431);
        assertThat(client.send(
                                HttpRequest.newBuilder(URI.create(http.baseUrl() + "/ok"))
                                        .header("X-Small", "z".repeat(1000))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void theLimitsAreReadFromSettingsAndEachBadValueIsOneLine() {
        Settings good = Settings.of(Map.of(
                HttpSettings.READ_TIMEOUT,
                "3s",
                HttpSettings.MAX_CONNECTIONS,
                "40",
                HttpSettings.MAX_BODY_BYTES,
                "65536"));
        HttpSettings read = HttpSettings.read(good);
        good.validate();
        assertThat(read.readTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(read.maxConnections()).isEqualTo(40);
        assertThat(read.maxBodyBytes()).isEqualTo(65536);

        Settings bad = Settings.of(Map.of(
                HttpSettings.READ_TIMEOUT,
                "forever",
                HttpSettings.MAX_THREADS,
                "2",
                HttpSettings.MAX_HEADER_BYTES,
                "lots"));
        HttpSettings.read(bad);
        assertThatThrownBy(bad::validate)
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .hasSize(3)
                                .anySatisfy(p -> assertThat(p).startsWith(HttpSettings.READ_TIMEOUT + ":"))
                                .anySatisfy(p -> assertThat(p).startsWith(HttpSettings.MAX_THREADS + ":"))
                                .anySatisfy(p -> assertThat(p).startsWith(HttpSettings.MAX_HEADER_BYTES + ":")));
    }

    private static String exchange(Socket socket, String request) throws IOException {
        socket.setSoTimeout(Math.max(socket.getSoTimeout(), 5_000));
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return readHead(socket);
    }

    /** The status line and headers of one response, and its body when it has a Content-Length. */
    private static String readHead(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        String text = head.toString();
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(line.substring(15).strip()));
            }
        }
        return text;
    }
}
