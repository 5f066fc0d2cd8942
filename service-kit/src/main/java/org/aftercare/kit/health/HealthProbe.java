package org.aftercare.kit.health;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

/**
 * The container health check: {@code java -cp ... org.aftercare.kit.health.HealthProbe URL} exits
 * 0 when the URL answers 200 (UP) and 1 otherwise. The service images carry no shell or curl, so
 * Compose's healthcheck runs this with the image's own JVM; Kubernetes probes the endpoints itself.
 */
public final class HealthProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private HealthProbe() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: HealthProbe http://127.0.0.1:PORT/health/ready");
            System.exit(2);
        }
        boolean up = isUp(args[0]);
        System.out.println(up ? "UP" : "DOWN");
        System.exit(up ? 0 : 1);
    }

    /** True when a GET on the URL answers 200 within the timeout. */
    public static boolean isUp(String url) {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout((int) TIMEOUT.toMillis());
            connection.setReadTimeout((int) TIMEOUT.toMillis());
            int status = connection.getResponseCode();
            try (InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                if (body != null) {
                    body.readAllBytes();
                }
            }
            return status == 200;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }
}
