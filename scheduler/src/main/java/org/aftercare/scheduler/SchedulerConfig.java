package org.aftercare.scheduler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.http.HttpSettings;
import org.aftercare.kit.kafka.KafkaSettings;
import org.aftercare.kit.links.LinkSigner;
import org.aftercare.measures.DefinitionProblem;
import org.aftercare.measures.Definitions;
import org.aftercare.measures.Instruments;

/**
 * Everything the scheduler is configured with, read from environment variables (see the README's
 * configuration table) and validated at start.
 *
 * @param checkInCadence when set, every active member is asked at this fixed interval instead of
 *     their plan: for demos and tests only (the local run uses one minute). Each check-in is then
 *     announced as open until the next one; streams' respond window must be shorter
 * @param httpHost the public listener (the pages reached from links in emails): the only one a
 *     deployment exposes to the internet
 * @param managementHost the management listener (admin API, health, metrics): kept off the
 *     internet; loopback by default because it carries the admin API (containers bind 0.0.0.0
 *     through the deploy files and keep the port inside the cluster)
 * @param http the limits both listeners enforce
 * @param quartzClusterName Quartz's scheduler name: instances sharing a PostgreSQL database and
 *     this name form one Quartz cluster
 * @param lateThreshold a check-in emitted more than this after its due time counts as late (metric)
 * @param helpRequestInterval at most one "I need help now" outside a check-in per member is passed
 *     on within this time (each later press within it is told the request is already with the program)
 */
public record SchedulerConfig(
        KafkaSettings kafka,
        String httpHost,
        int httpPort,
        String managementHost,
        int managementPort,
        HttpSettings http,
        String adminToken,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String linkKeys,
        Duration sweepInterval,
        Duration catchUpWindow,
        Duration checkInCadence,
        String quartzClusterName,
        Duration lateThreshold,
        Duration helpRequestInterval,
        Instruments instruments,
        Clock clock) {

    public static final String ADMIN_TOKEN = "OUTREACH_ADMIN_TOKEN";
    public static final String HTTP_HOST = "OUTREACH_SCHEDULER_HTTP_HOST";
    public static final String HTTP_PORT = "OUTREACH_SCHEDULER_HTTP_PORT";
    public static final String MANAGEMENT_HOST = "OUTREACH_SCHEDULER_MANAGEMENT_HOST";
    public static final String MANAGEMENT_PORT = "OUTREACH_SCHEDULER_MANAGEMENT_PORT";
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_MANAGEMENT_PORT = 8090;
    /** The program's instrument folder: the same name in every service that reads the definitions. */
    public static final String QUESTIONNAIRES_DIR = "OUTREACH_QUESTIONNAIRES_DIR";

    public static SchedulerConfig from(Settings s, Map<String, String> env) {
        KafkaSettings kafka = KafkaSettings.read(s, env);
        String host = s.string(HTTP_HOST, "0.0.0.0");
        int port = s.port(HTTP_PORT, DEFAULT_HTTP_PORT);
        String managementHost = s.string(MANAGEMENT_HOST, "127.0.0.1");
        int managementPort = s.port(MANAGEMENT_PORT, DEFAULT_MANAGEMENT_PORT);
        if (port != 0 && port == managementPort) {
            s.problem(
                    MANAGEMENT_PORT,
                    "must differ from " + HTTP_PORT + " (the admin API must not share the public port)");
        }
        HttpSettings http = HttpSettings.read(s);
        String token = s.secret(ADMIN_TOKEN, null);
        if (token == null) {
            s.problem(ADMIN_TOKEN, "required, not set (the bearer token operators use on the admin API)");
        } else if (token.length() < 16) {
            s.problem(ADMIN_TOKEN, "must be at least 16 characters");
        }
        String dbUrl = s.string("OUTREACH_DB_URL", "jdbc:h2:file:./data/scheduler;AUTO_SERVER=FALSE");
        if (!dbUrl.startsWith("jdbc:h2:") && !dbUrl.startsWith("jdbc:postgresql:")) {
            s.problem("OUTREACH_DB_URL", "expected a jdbc:h2: or jdbc:postgresql: URL");
        }
        String dbUser = s.string("OUTREACH_DB_USER", "sa");
        String dbPassword = s.secret("OUTREACH_DB_PASSWORD", "");
        String keys = s.secret("OUTREACH_LINK_KEYS", null);
        if (keys == null) {
            s.problem("OUTREACH_LINK_KEYS", "required, not set (kid:base64secret,... shared with the notifier)");
        } else {
            try {
                LinkSigner.fromSpec(keys, Clock.systemUTC());
            } catch (IllegalArgumentException e) {
                s.problem("OUTREACH_LINK_KEYS", e.getMessage());
            }
        }
        Duration sweep = s.duration(
                "OUTREACH_SWEEP_INTERVAL", Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofMinutes(5));
        Duration catchUp =
                s.duration("OUTREACH_CATCH_UP_WINDOW", Duration.ofHours(2), Duration.ZERO, Duration.ofDays(2));
        Duration cadence = s.optionalDuration("OUTREACH_CHECKIN_CADENCE", Duration.ofSeconds(10), Duration.ofDays(7));
        String clusterName = s.string("OUTREACH_QUARTZ_CLUSTER_NAME", "outreach-scheduler");
        if (!clusterName.matches("[A-Za-z0-9_.-]{1,80}")) {
            s.problem("OUTREACH_QUARTZ_CLUSTER_NAME", "must be 1-80 letters, digits, '.', '-' or '_'");
        }
        Duration late = s.duration(
                "OUTREACH_LATE_THRESHOLD", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofHours(1));
        Duration helpInterval =
                s.duration("OUTREACH_HELP_REQUEST_INTERVAL", Duration.ofMinutes(5), Duration.ZERO, Duration.ofHours(1));
        Instruments instruments = instruments(s);
        s.validate();
        return new SchedulerConfig(
                kafka,
                host,
                port,
                managementHost,
                managementPort,
                http,
                token,
                dbUrl,
                dbUser,
                dbPassword,
                keys,
                sweep,
                catchUp,
                cadence,
                clusterName,
                late,
                helpInterval,
                instruments,
                Clock.systemUTC());
    }

    /** The same configuration on another clock (tests drive time with it). */
    public SchedulerConfig withClock(Clock other) {
        return new SchedulerConfig(
                kafka,
                httpHost,
                httpPort,
                managementHost,
                managementPort,
                http,
                adminToken,
                dbUrl,
                dbUser,
                dbPassword,
                linkKeys,
                sweepInterval,
                catchUpWindow,
                checkInCadence,
                quartzClusterName,
                lateThreshold,
                helpRequestInterval,
                instruments,
                other);
    }

    /** The shipped instruments, and the program's own when its folder is set; every problem found is recorded. */
    private static Instruments instruments(Settings s) {
        String dir = s.string(QUESTIONNAIRES_DIR, null);
        if (dir == null || dir.isBlank()) {
            return Definitions.shipped();
        }
        Path folder = Path.of(dir);
        if (!Files.isDirectory(folder)) {
            s.problem(QUESTIONNAIRES_DIR, "expected a folder of instrument definitions, got '" + dir + "'");
            return Definitions.shipped();
        }
        try {
            return Definitions.loadWith(folder);
        } catch (DefinitionProblem p) {
            p.lines().forEach(line -> s.problem(QUESTIONNAIRES_DIR, line));
            return Definitions.shipped();
        }
    }

    public boolean isPostgres() {
        return dbUrl.startsWith("jdbc:postgresql:");
    }
}
