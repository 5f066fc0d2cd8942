package org.aftercare.kit.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A form with a file far over the listener's body limit, read from a streamed route on a real listener. */
class MultipartFormTest {

    private HttpService http;

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
    }

    private static byte[] form(String boundary, String token, byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + token + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"roster\"; filename=\"r.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Test
    void aFileFarOverTheBodyLimitArrivesWholeWithItsFields() throws Exception {
        Routes routes = new Routes().streamed("POST", "/upload", 16L << 20, Duration.ofSeconds(30), r -> {
            try (MultipartForm f = MultipartForm.read(r, Duration.ofSeconds(30))) {
                MultipartForm.FilePart file = f.file("roster").orElseThrow();
                long n = 0;
                int sum = 0;
                try (InputStream in = file.open()) {
                    for (int b; (b = in.read()) >= 0; ) {
                        n++;
                        sum = (sum + b) % 65_521;
                    }
                }
                return Response.text(
                        200,
                        f.field("csrf").orElse("-") + " " + file.fileName() + " " + file.length() + " " + n + " " + sum
                                + " " + f.field("roster").isPresent());
            }
        });
        http = HttpService.start(
                "test",
                "127.0.0.1",
                0,
                routes,
                new SimpleMeterRegistry(),
                HttpSettings.defaults().withSizeLimits(2048, 4096));
        byte[] file = new byte[3 << 20];
        Arrays.fill(file, (byte) 'x');
        int expectedSum = (int) ((long) file.length * 'x' % 65_521);

        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(http.baseUrl() + "/upload"))
                                .header("Content-Type", "multipart/form-data; boundary=b0undary")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(form("b0undary", "tok3n", file)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("tok3n r.csv " + file.length + " " + file.length + " " + expectedSum + " false");

        HttpResponse<String> notMultipart = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(http.baseUrl() + "/upload"))
                                .header("Content-Type", "text/plain")
                                .POST(HttpRequest.BodyPublishers.ofString("x"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(notMultipart.statusCode()).isEqualTo(415);
    }
}
