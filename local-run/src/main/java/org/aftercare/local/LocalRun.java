package org.aftercare.local;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.aftercare.kit.config.ConfigException;
import org.aftercare.kit.config.Settings;

/**
 * {@code ./mvnw -Plocal-run package}: the whole pipeline on this machine, on embedded defaults,
 * with the staff console (demo staff sign in at a local OpenID provider), a demo roster of three members and a compressed clock (a check-in every minute, a reminder
 * after 20 s, missed after 50 s). Prints where to look and a live progress line; Ctrl-C stops
 * everything.
 */
public final class LocalRun {

    private LocalRun() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        long t0 = System.nanoTime();
        Settings s = Settings.fromEnvironment();
        String token = s.secret("OUTREACH_ADMIN_TOKEN", null);
        boolean generated = token == null;
        if (generated) {
            byte[] bytes = new byte[18];
            new SecureRandom().nextBytes(bytes);
            token = "local-" + HexFormat.of().formatHex(bytes);
        }
        LocalPipeline.Options options = new LocalPipeline.Options(
                s.port("OUTREACH_LOCAL_KAFKA_PORT", 9092),
                s.port("OUTREACH_LOCAL_SMTP_PORT", 2525),
                s.port("OUTREACH_LOCAL_INBOX_PORT", 8025),
                s.port("OUTREACH_SCHEDULER_HTTP_PORT", 8080),
                s.port("OUTREACH_SCHEDULER_MANAGEMENT_PORT", 8090),
                s.port("OUTREACH_STREAMS_HTTP_PORT", 8081),
                s.port("OUTREACH_NOTIFIER_HTTP_PORT", 8082),
                token,
                s.duration(
                        "OUTREACH_LOCAL_CADENCE", Duration.ofMinutes(1), Duration.ofSeconds(20), Duration.ofHours(1)),
                s.duration("OUTREACH_LOCAL_GRACE", Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofHours(1)),
                s.duration(
                        "OUTREACH_LOCAL_RESPOND_WINDOW",
                        Duration.ofSeconds(50),
                        Duration.ofSeconds(10),
                        Duration.ofHours(1)),
                Path.of(s.string("OUTREACH_LOCAL_DATA_DIR", ".local-run")),
                Map.of(),
                s.port("OUTREACH_CONSOLE_HTTP_PORT", 8083),
                s.port("OUTREACH_CONSOLE_MANAGEMENT_PORT", 8093),
                s.port("OUTREACH_LOCAL_OIDC_PORT", 8084));
        if (options.respondWindow().compareTo(options.cadence()) >= 0) {
            s.problem(
                    "OUTREACH_LOCAL_RESPOND_WINDOW",
                    "must be shorter than OUTREACH_LOCAL_CADENCE, or a check-in is still open when the next one comes");
        }
        try {
            s.validate();
        } catch (ConfigException e) {
            System.err.println("local run: configuration is invalid:");
            e.problems().forEach(p -> System.err.println("  " + p));
            System.exit(2);
        }

        out.println("Starting the aftercare outreach pipeline locally"
                + " (embedded Kafka, SMTP, an OpenID provider, four services)...");
        LocalPipeline.wipe(options.dataDir());
        LocalPipeline pipeline = LocalPipeline.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        ProgressLine[] progress = new ProgressLine[1];
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            out.println("\nStopping...");
                            if (progress[0] != null) {
                                progress[0].close();
                            }
                            pipeline.close();
                            out.println("Stopped. Nothing is left running.");
                            stopped.countDown();
                        },
                        "local-run-shutdown"));

        DemoRoster.Enrolled roster = DemoRoster.enroll(
                pipeline.schedulerManagementUrl(),
                pipeline.adminToken(),
                DemoStaff.console(pipeline.console().staffAdmin()));
        Duration startup = Duration.ofNanos(System.nanoTime() - t0);
        out.printf(
                """

                Ready in %.1f s. %d demo members enrolled; each is asked every %ds (reminder after %ds, missed after %ds).
                %d demo staff enrolled (%s); %d demo members have a care team.

                  Staff console:              %s/   (sign in as a demo staff member, below)
                  Inbox (every email sent):   %s
                  Mailpit-style API:          %sapi/v1/messages
                  Pages (links in emails):    %s/   (public listener)
                  Admin API:                  %s/api/members   (management listener; Authorization: Bearer %s)%s
                  Health and metrics:         %s/health/ready  http://localhost:%d/health/ready  http://localhost:%d/health/ready  %s/health/ready
                  Kafka bootstrap:            %s
                  OpenID provider (local):    %s   (demo sign-ins only; never use it for real staff)

                Sign in to the console at the local provider's page: click a demo staff member, or type
                the user name and paste the claims:
                %s

                Open a check-in email in the inbox and click its link to answer. Staff emails (flags and digests)
                land in the same inbox page, addressed to the demo staff (%s)
                or to the on-call address on-call@outreach.local: each line of the inbox shows "from -> to".
                Staff and care teams are the console's (the scheduler's read-only copy: %s/api/staff and
                %s/api/members/{memberId}/care-team). Ctrl-C stops everything.

                """,
                startup.toMillis() / 1000.0,
                roster.members(),
                options.cadence().toSeconds(),
                options.grace().toSeconds(),
                options.respondWindow().toSeconds(),
                roster.staff(),
                DemoRoster.staffAddresses(),
                roster.careTeams(),
                pipeline.consoleUrl(),
                pipeline.inbox().url(),
                pipeline.inbox().url(),
                pipeline.schedulerPublicUrl(),
                pipeline.schedulerManagementUrl(),
                pipeline.adminToken(),
                generated ? "  (generated; set OUTREACH_ADMIN_TOKEN to choose)" : "",
                pipeline.schedulerManagementUrl(),
                options.streamsPort(),
                options.notifierPort(),
                pipeline.consoleManagementUrl(),
                pipeline.kafka().bootstrapServers(),
                pipeline.oidcIssuer(),
                demoSignIns(),
                DemoRoster.staffAddresses(),
                pipeline.schedulerManagementUrl(),
                pipeline.schedulerManagementUrl());
        stopWithParent();
        progress[0] = new ProgressLine(
                pipeline.kafka().bootstrapServers(), () -> pipeline.smtp().count(), out, Duration.ofSeconds(5));
        stopped.await();
    }

    /** One line per demo sign-in: user name, who it is, and the claims to paste. */
    static String demoSignIns() {
        return DemoRoster.signIns().stream()
                .map(s -> "  %-6s %-12s %-11s claims: %s".formatted(s.username(), s.name(), s.role(), s.claims()))
                .collect(Collectors.joining("\n"));
    }

    /**
     * Started by Maven's exec plugin, this JVM is Maven's child. Maven does not stop its child
     * when it is itself stopped (SIGTERM, a closed terminal), so the child watches its parent and
     * shuts down cleanly, through the shutdown hook, when the parent is gone.
     */
    private static void stopWithParent() {
        if (Boolean.getBoolean("outreach.local.stopWithParent")) {
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
        }
    }
}
