package org.aftercare.console.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.aftercare.console.ConsoleConfig;
import org.aftercare.console.ConsoleService;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.infra.time.MutableClock;
import org.aftercare.kit.config.Settings;

/**
 * A console started in process against a real OpenID provider in process (navikt's
 * mock-oauth2-server, issuer {@value #ISSUER_ID}), a real Kafka broker (embedded-infra's shared
 * broker: in process unless a Docker engine answers) and an H2 database in a fresh temp
 * directory, on a {@link MutableClock} the test drives. Each fixture reads the topics with a
 * consumer group of its own; start waits until the read model has caught up.
 * Non-interactive: the provider signs in whoever {@link #nextSignIn} names (authorization code
 * flow, PKCE, nonce, JWKS all real). Interactive: the provider shows a login form (a local page,
 * nothing loaded from outside) where a user name and the claims JSON are typed.
 */
public final class ConsoleFixture implements AutoCloseable {

    public static final String ISSUER_ID = "console";
    public static final String CLIENT_ID = "outreach-console";

    public final MockOAuth2Server provider;
    /** The clock the console's sessions run on. */
    public final MutableClock clock;

    public final ConsoleService console;

    /** The broker every fixture of this JVM shares. */
    public static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private final Path dataDir;

    private ConsoleFixture(MockOAuth2Server provider, MutableClock clock, ConsoleService console, Path dataDir) {
        this.dataDir = dataDir;
        this.provider = provider;
        this.clock = clock;
        this.console = console;
    }

    public static ConsoleFixture start() {
        return start(false, Map.of());
    }

    /** @param overrides further OUTREACH_CONSOLE_* settings */
    public static ConsoleFixture start(boolean interactive, Map<String, String> overrides) {
        return start(interactive, overrides, (routes, web) -> {});
    }

    /** @param wiring pages a test adds to the console (as the service's later pages are added) */
    public static ConsoleFixture start(
            boolean interactive, Map<String, String> overrides, ConsoleService.PageWiring wiring) {
        MockOAuth2Server provider =
                new MockOAuth2Server(interactive ? new OAuth2Config(true, loginPage()) : new OAuth2Config());
        provider.start();
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
        Path dataDir = null;
        try {
            dataDir = Files.createTempDirectory("console-fixture-");
            int port = freePort();
            Map<String, String> env = new HashMap<>();
            env.put("OUTREACH_CONSOLE_HTTP_HOST", "127.0.0.1");
            env.put("OUTREACH_CONSOLE_HTTP_PORT", Integer.toString(port));
            env.put("OUTREACH_CONSOLE_MANAGEMENT_PORT", "0");
            env.put("OUTREACH_CONSOLE_PUBLIC_URL", "http://localhost:" + port);
            env.put("OUTREACH_CONSOLE_SECURE_COOKIES", "false");
            env.put(
                    "OUTREACH_CONSOLE_OIDC_ISSUER",
                    provider.issuerUrl(ISSUER_ID).toString());
            env.put("OUTREACH_CONSOLE_OIDC_CLIENT_ID", CLIENT_ID);
            env.put("OUTREACH_CONSOLE_OIDC_CLIENT_SECRET", "test-client-secret");
            env.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers());
            env.put(
                    "OUTREACH_CONSOLE_DB_URL",
                    "jdbc:h2:file:" + dataDir.resolve("console").toAbsolutePath());
            env.put("OUTREACH_CONSOLE_GROUP_ID", "console-test-" + UUID.randomUUID());
            env.putAll(overrides);
            ConsoleConfig config = ConsoleConfig.from(Settings.of(env));
            ConsoleService console = ConsoleService.start(config, clock, wiring);
            try {
                if (!console.feed().awaitCaughtUp(java.time.Duration.ofSeconds(90))) {
                    throw new IllegalStateException("the read model did not catch up with the topics");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                console.close();
                throw new IllegalStateException(e);
            } catch (RuntimeException e) {
                console.close();
                throw e;
            }
            return new ConsoleFixture(provider, clock, console, dataDir);
        } catch (IOException e) {
            provider.shutdown();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            provider.shutdown();
            throw e;
        }
    }

    /** The provider signs the next browser in as this staff member (claims as an IdP would send them). */
    public void nextSignIn(String staffId, String name, List<String> roles) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("name", name);
        claims.put("email", staffId + "@staff.example.org");
        if (roles != null) {
            claims.put("roles", roles);
        }
        provider.enqueueCallback(
                new DefaultOAuth2TokenCallback(ISSUER_ID, staffId, "JWT", List.of(CLIENT_ID), claims, 3600));
    }

    public String bootstrapServers() {
        return KAFKA.bootstrapServers();
    }

    public String baseUrl() {
        return console.config().publicBaseUrl();
    }

    public String issuer() {
        return provider.issuerUrl(ISSUER_ID).toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The provider's login form as a file (its own page pulls a web font from outside). */
    private static String loginPage() {
        try (var in = ConsoleFixture.class.getResourceAsStream("/console/testing/mock-login.html")) {
            Path file = Files.createTempFile("mock-login-", ".html");
            Files.writeString(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            file.toFile().deleteOnExit();
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            console.close();
        } finally {
            provider.shutdown();
            deleteQuietly(dataDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind
        }
    }
}
