package org.aftercare.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.aftercare.console.ConsoleConfig;
import org.aftercare.console.ConsoleService;
import org.aftercare.console.readmodel.ReadModelSettings;
import org.aftercare.infra.inbox.InboxServer;
import org.aftercare.infra.kafka.EmbeddedKafka;
import org.aftercare.infra.smtp.EmbeddedSmtp;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.lifecycle.ServiceMain;
import org.aftercare.kit.links.LinkSigner;
import org.aftercare.notifier.NotifierConfig;
import org.aftercare.notifier.NotifierService;
import org.aftercare.notifier.delivery.Recipients;
import org.aftercare.scheduler.SchedulerConfig;
import org.aftercare.scheduler.SchedulerService;
import org.aftercare.streams.DecisionConfig;
import org.aftercare.streams.StreamsService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one JVM on embedded defaults: a real KRaft broker, a real SMTP server with
 * its inbox page, an OpenID provider for staff sign-in, and the four services (scheduler, streams,
 * notifier, staff console), each configured exactly as its own process would be
 * (through the same environment variable names), talking to each other only through Kafka.
 * Used by the one-command local run and by the end-to-end test. Closing stops everything in
 * reverse order.
 */
public final class LocalPipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalPipeline.class);

    /**
     * Ports (0 = any free port), the compressed clock, and where state is kept.
     *
     * @param schedulerPort the scheduler's public listener (the pages links in emails open)
     * @param schedulerManagementPort the scheduler's management listener (admin API, health, metrics)
     * @param cadence how often each demo member is asked (instead of their plan)
     * @param grace how long after a prompt the gentle reminder comes
     * @param respondWindow how long after a prompt a check-in counts as missed
     * @param overrides settings given to every service on top of the local ones (tests shorten
     *     timeouts with them); each service reads only its own
     * @param consolePort the staff console's public listener (its pages, sign-in)
     * @param consoleManagementPort the console's management listener (health, metrics)
     * @param oidcPort the local OpenID provider the console signs staff in with
     */
    public record Options(
            int kafkaPort,
            int smtpPort,
            int inboxPort,
            int schedulerPort,
            int schedulerManagementPort,
            int streamsPort,
            int notifierPort,
            String adminToken,
            Duration cadence,
            Duration grace,
            Duration respondWindow,
            Path dataDir,
            Map<String, String> overrides,
            int consolePort,
            int consoleManagementPort,
            int oidcPort) {

        public Options {
            overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        }

        /** The console, its management listener and the OpenID provider on any free ports. */
        public Options(
                int kafkaPort,
                int smtpPort,
                int inboxPort,
                int schedulerPort,
                int schedulerManagementPort,
                int streamsPort,
                int notifierPort,
                String adminToken,
                Duration cadence,
                Duration grace,
                Duration respondWindow,
                Path dataDir,
                Map<String, String> overrides) {
            this(
                    kafkaPort,
                    smtpPort,
                    inboxPort,
                    schedulerPort,
                    schedulerManagementPort,
                    streamsPort,
                    notifierPort,
                    adminToken,
                    cadence,
                    grace,
                    respondWindow,
                    dataDir,
                    overrides,
                    0,
                    0,
                    0);
        }

        /** The local settings only, without overrides. */
        public Options(
                int kafkaPort,
                int smtpPort,
                int inboxPort,
                int schedulerPort,
                int schedulerManagementPort,
                int streamsPort,
                int notifierPort,
                String adminToken,
                Duration cadence,
                Duration grace,
                Duration respondWindow,
                Path dataDir) {
            this(
                    kafkaPort,
                    smtpPort,
                    inboxPort,
                    schedulerPort,
                    schedulerManagementPort,
                    streamsPort,
                    notifierPort,
                    adminToken,
                    cadence,
                    grace,
                    respondWindow,
                    dataDir,
                    Map.of());
        }
    }

    private final Deque<Map.Entry<String, AutoCloseable>> started = new ArrayDeque<>();
    private EmbeddedKafka kafka;
    private EmbeddedSmtp smtp;
    private InboxServer inbox;
    private SchedulerService scheduler;
    private ConsoleService console;
    private String oidcIssuer;
    private String adminToken;

    /** The issuer id at the local OpenID provider (its issuer URL ends with it). */
    public static final String OIDC_ISSUER_ID = "outreach";
    /** The console's client id at the local OpenID provider. */
    public static final String OIDC_CLIENT_ID = "outreach-console";

    private LocalPipeline() {}

    public static LocalPipeline start(Options options) {
        LocalPipeline pipeline = new LocalPipeline();
        try {
            pipeline.startAll(options);
            return pipeline;
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        } catch (Exception e) {
            pipeline.close();
            throw new IllegalStateException("the local pipeline did not start: " + e.getMessage(), e);
        }
    }

    private void startAll(Options given) throws Exception {
        // The notifier must know the scheduler's address before the scheduler listens: settle ports first.
        Options o = new Options(
                given.kafkaPort(),
                given.smtpPort(),
                given.inboxPort(),
                freeIfZero(given.schedulerPort()),
                given.schedulerManagementPort(),
                given.streamsPort(),
                given.notifierPort(),
                given.adminToken(),
                given.cadence(),
                given.grace(),
                given.respondWindow(),
                given.dataDir(),
                given.overrides(),
                freeIfZero(given.consolePort()),
                given.consoleManagementPort(),
                given.oidcPort());
        Files.createDirectories(o.dataDir());
        kafka = track("kafka", EmbeddedKafka.start(o.kafkaPort()));
        smtp = track("smtp", EmbeddedSmtp.start(o.smtpPort()));
        inbox = track("inbox", InboxServer.start(smtp, o.inboxPort()));
        adminToken = o.adminToken();

        Map<String, String> env = new HashMap<>();
        env.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("OUTREACH_KAFKA_PARTITIONS", "3");
        env.put("OUTREACH_LINK_KEYS", LinkSigner.randomSpec("local1"));

        Map<String, String> streamsEnv = new HashMap<>(env);
        streamsEnv.put("OUTREACH_STREAMS_HTTP_HOST", "127.0.0.1");
        streamsEnv.put("OUTREACH_STREAMS_HTTP_PORT", Integer.toString(o.streamsPort()));
        streamsEnv.put(
                "OUTREACH_STREAMS_STATE_DIR", o.dataDir().resolve("streams").toString());
        streamsEnv.put("OUTREACH_CHECKIN_GRACE", seconds(o.grace()));
        streamsEnv.put("OUTREACH_CHECKIN_GRACE_HIGH_RISK", seconds(o.grace()));
        // Streams alone decides the risk tiers and their windows; in the demo the high ones are as short as the
        // standard.
        streamsEnv.put("OUTREACH_RESPOND_WINDOW_HIGH_RISK", seconds(o.respondWindow()));
        streamsEnv.put("OUTREACH_CHECKIN_GRACE_VERY_HIGH", seconds(o.grace()));
        streamsEnv.put("OUTREACH_RESPOND_WINDOW_VERY_HIGH", seconds(o.respondWindow()));
        // The respond window is streams' (the scheduler announces each check-in open until the next one).
        streamsEnv.put("OUTREACH_RESPOND_WINDOW", seconds(o.respondWindow()));
        // The demo's questionnaires come every 7 check-in slots and close at the next one (the
        // scheduler's demo cadence); the reminder comes halfway, so a newcomer sees one too.
        streamsEnv.put(
                "OUTREACH_QUESTIONNAIRE_REMINDER_AFTER",
                seconds(o.cadence().multipliedBy(7).dividedBy(2)));
        streamsEnv.put("OUTREACH_PUNCTUATE_INTERVAL", "1s");
        streamsEnv.putAll(o.overrides());
        track("streams", StreamsService.start(DecisionConfig.from(Settings.of(streamsEnv), streamsEnv)));

        Map<String, String> notifierEnv = new HashMap<>(env);
        notifierEnv.put("OUTREACH_NOTIFIER_HTTP_HOST", "127.0.0.1");
        notifierEnv.put("OUTREACH_NOTIFIER_HTTP_PORT", Integer.toString(o.notifierPort()));
        notifierEnv.put("OUTREACH_SMTP_HOST", smtp.host());
        notifierEnv.put("OUTREACH_SMTP_PORT", Integer.toString(smtp.port()));
        notifierEnv.put("OUTREACH_MAIL_FROM", "checkins@outreach.local");
        notifierEnv.put("OUTREACH_MAIL_DOMAIN", "outreach.local");
        notifierEnv.put("OUTREACH_LINK_BASE_URL", "http://localhost:" + o.schedulerPort());
        notifierEnv.put("OUTREACH_ONCALL_EMAIL", "on-call@outreach.local");
        // Local run only: a fresh key each start is harmless here because the embedded broker, and
        // with it the ledger of bounced addresses, starts empty every time. A deployment keeps one key.
        notifierEnv.put("OUTREACH_ADDRESS_HASH_KEY", Recipients.randomKey());
        notifierEnv.putAll(o.overrides());
        log.warn(
                "local run: {} is a random key made for this run only; a deployment must set a fixed one"
                        + " (a new key forgets every bounced address)",
                NotifierConfig.ADDRESS_HASH_KEY);
        track("notifier", NotifierService.start(NotifierConfig.from(Settings.of(notifierEnv), notifierEnv)));

        Map<String, String> schedulerEnv = new HashMap<>(env);
        schedulerEnv.put("OUTREACH_SCHEDULER_HTTP_HOST", "127.0.0.1");
        schedulerEnv.put("OUTREACH_SCHEDULER_HTTP_PORT", Integer.toString(o.schedulerPort()));
        schedulerEnv.put("OUTREACH_SCHEDULER_MANAGEMENT_HOST", "127.0.0.1");
        schedulerEnv.put("OUTREACH_SCHEDULER_MANAGEMENT_PORT", Integer.toString(o.schedulerManagementPort()));
        schedulerEnv.put("OUTREACH_ADMIN_TOKEN", o.adminToken());
        schedulerEnv.put(
                "OUTREACH_DB_URL",
                "jdbc:h2:file:" + o.dataDir().resolve("scheduler").toAbsolutePath());
        schedulerEnv.put("OUTREACH_SWEEP_INTERVAL", "1s");
        schedulerEnv.put("OUTREACH_CHECKIN_CADENCE", seconds(o.cadence()));
        schedulerEnv.putAll(o.overrides());
        scheduler = track(
                "scheduler", SchedulerService.start(SchedulerConfig.from(Settings.of(schedulerEnv), schedulerEnv)));

        startConsole(o, env);
    }

    /**
     * The staff console and the OpenID provider it signs staff in with: navikt's mock-oauth2-server
     * in process, with an interactive login page of our own (one button per demo staff member, or
     * a user name and claims typed; nothing loaded from outside). A real authorization-code flow
     * with PKCE, ID-token signatures and end session; only who signs in is chosen, not checked.
     * Secure cookies are off: the console is reached on http://localhost.
     */
    private void startConsole(Options o, Map<String, String> env) throws Exception {
        Path loginPage = o.dataDir().resolve("oidc-login.html");
        Files.writeString(loginPage, loginPage(DemoRoster.signIns()));
        MockOAuth2Server provider = new MockOAuth2Server(new OAuth2Config(true, loginPage.toString()));
        provider.start(InetAddress.getLoopbackAddress(), o.oidcPort());
        track("oidc provider", provider::shutdown);
        oidcIssuer = provider.issuerUrl(OIDC_ISSUER_ID).toString();

        Map<String, String> consoleEnv = new HashMap<>(env);
        consoleEnv.put(ConsoleConfig.HTTP_HOST, "127.0.0.1");
        consoleEnv.put(ConsoleConfig.HTTP_PORT, Integer.toString(o.consolePort()));
        consoleEnv.put(ConsoleConfig.MANAGEMENT_HOST, "127.0.0.1");
        consoleEnv.put(ConsoleConfig.MANAGEMENT_PORT, Integer.toString(o.consoleManagementPort()));
        consoleEnv.put(ConsoleConfig.PUBLIC_URL, "http://localhost:" + o.consolePort());
        consoleEnv.put(ConsoleConfig.SECURE_COOKIES, "false");
        consoleEnv.put(ConsoleConfig.OIDC_ISSUER, oidcIssuer);
        consoleEnv.put(ConsoleConfig.OIDC_CLIENT_ID, OIDC_CLIENT_ID);
        consoleEnv.put(ConsoleConfig.OIDC_CLIENT_SECRET, "local-" + UUID.randomUUID());
        consoleEnv.put(
                ReadModelSettings.DB_URL,
                "jdbc:h2:file:" + o.dataDir().resolve("console").toAbsolutePath());
        consoleEnv.putAll(o.overrides());
        console = track("console", ConsoleService.start(ConsoleConfig.from(Settings.of(consoleEnv), consoleEnv)));
    }

    /** The provider's login page: one form per demo staff member, and one to type any sign-in. */
    static String loginPage(List<DemoRoster.SignIn> signIns) {
        StringBuilder buttons = new StringBuilder();
        for (DemoRoster.SignIn s : signIns) {
            buttons.append("<li><form method=\"post\">")
                    .append("<input type=\"hidden\" name=\"username\" value=\"")
                    .append(html(s.username()))
                    .append("\"><input type=\"hidden\" name=\"claims\" value=\"")
                    .append(html(s.claims()))
                    .append("\"><button type=\"submit\" id=\"sign-in-")
                    .append(html(s.username()))
                    .append("\">")
                    .append(html(s.name()))
                    .append(" (")
                    .append(html(s.role()))
                    .append(")</button></form></li>\n");
        }
        return """
                <!doctype html>
                <html lang="en">
                <head><meta charset="utf-8"><title>Local identity provider: sign in</title></head>
                <body>
                <main>
                <h1>Local identity provider (demo only)</h1>
                <p>Sign in to the staff console as one of the demo staff:</p>
                <ul>
                %s</ul>
                <h2>Or type a sign-in</h2>
                <form method="post">
                  <p><label for="username">User name (the staff id)</label> <input id="username" name="username" required></p>
                  <p><label for="claims">Claims (JSON: name, email, roles)</label><br><textarea id="claims" name="claims" rows="6" cols="60"></textarea></p>
                  <p><button id="sign-in" type="submit">Sign in</button></p>
                </form>
                </main>
                </body>
                </html>
                """.formatted(buttons);
    }

    private static String html(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static int freeIfZero(int port) throws IOException {
        if (port != 0) {
            return port;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + "s";
    }

    private <T extends AutoCloseable> T track(String name, T component) {
        started.push(Map.entry(name, component));
        log.debug("{} started", name);
        return component;
    }

    /** The scheduler as started (tests wait on its copy of the staff topics). */
    public SchedulerService scheduler() {
        return scheduler;
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public EmbeddedSmtp smtp() {
        return smtp;
    }

    public InboxServer inbox() {
        return inbox;
    }

    /** The scheduler's public listener: the pages links in emails open. */
    public String schedulerPublicUrl() {
        return scheduler.publicUrl();
    }

    /** The scheduler's management listener: admin API, health and metrics. */
    public String schedulerManagementUrl() {
        return scheduler.managementUrl();
    }

    public String adminToken() {
        return adminToken;
    }

    /** The staff console's public listener (its pages and sign-in), http://localhost:PORT. */
    public String consoleUrl() {
        return console.config().publicBaseUrl();
    }

    /** The console's management listener: health and metrics. */
    public String consoleManagementUrl() {
        return console.managementUrl();
    }

    /** The local OpenID provider's issuer URL (the console reads its discovery document there). */
    public String oidcIssuer() {
        return oidcIssuer;
    }

    /** The console running in this pipeline (tests look at its sessions). */
    public ConsoleService console() {
        return console;
    }

    /** Stops everything, newest first; safe to call twice. */
    @Override
    public void close() {
        while (!started.isEmpty()) {
            Map.Entry<String, AutoCloseable> next = started.pop();
            ServiceMain.closeQuietly(next.getKey(), next.getValue());
        }
    }

    /** Deletes a data directory left by an earlier run, so each run starts from a clean slate. */
    public static void wipe(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
