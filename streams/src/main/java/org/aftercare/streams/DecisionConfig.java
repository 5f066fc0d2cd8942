package org.aftercare.streams;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.http.HttpSettings;
import org.aftercare.kit.kafka.GroupMembership;
import org.aftercare.kit.kafka.KafkaSettings;
import org.aftercare.streams.escalation.EscalationPolicy;
import org.aftercare.streams.faults.DeadLetterDeserializationHandler;
import org.aftercare.streams.faults.DeadLetterProcessingHandler;
import org.aftercare.streams.flags.FlagPolicy;
import org.aftercare.streams.risk.RiskPolicy;
import org.aftercare.streams.summary.SummaryPolicy;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the streams service is configured with, read from environment variables and
 * validated at start (one problem line per wrong variable). Named so it never clashes with
 * Kafka's own {@link StreamsConfig}, which {@link #streamsProperties()} produces from it.
 *
 * @param httpHost the management listener (health and metrics; the only HTTP the service has)
 * @param http the limits that listener enforces, from the same {@code OUTREACH_HTTP_*} variables
 *     as the other services' listeners
 * @param grace how long after dueAt an unanswered check-in turns late (one gentle reminder), in the
 *     standard risk tier
 * @param respondWindow how long after dueAt a check-in is missed in the standard tier: this service
 *     alone decides the windows (the scheduler announces only an upper bound, the plan's next due
 *     time), and the respondBy is the earlier of the two
 * @param highRiskGrace the shorter grace of the high tier (days 15-30 after an exit event)
 * @param highRiskRespondWindow the shorter respond window of the high tier
 * @param veryHighGrace the grace of the very-high tier (days 0-14 after an exit event or a use
 *     after a clean stretch)
 * @param veryHighRespondWindow the respond window of the very-high tier
 * @param retention how long a closed check-in is remembered after respondBy, so a late or
 *     repeated answer is still recognised; then it is purged
 * @param questionnaireReminderAfter how long after a plan questionnaire fell due an unanswered one
 *     is reminded, once (none when it closes first); a questionnaire left unanswered is recorded
 *     missed when its link expires and never escalates
 * @param punctuateInterval how often the wall clock is checked for deadlines that fell due
 * @param escalation when escalations open, how their chain steps and when they stop
 * @param risk how many member-local days after an exit event (or a use after a clean stretch) the
 *     very-high and the high risk tiers last
 * @param flags when a staff flag left unacknowledged moves on to the next staff member, and the
 *     high craving ({@link #highCraving()})
 * @param summary the day and member-local time of the weekly summary email (default Sunday 18:00)
 */
public record DecisionConfig(
        KafkaSettings kafka,
        String applicationId,
        Path stateDir,
        String httpHost,
        int httpPort,
        HttpSettings http,
        Duration grace,
        Duration respondWindow,
        Duration highRiskGrace,
        Duration highRiskRespondWindow,
        Duration veryHighGrace,
        Duration veryHighRespondWindow,
        Duration retention,
        Duration questionnaireReminderAfter,
        Duration punctuateInterval,
        Duration startupTimeout,
        Duration closeTimeout,
        EscalationPolicy escalation,
        RiskPolicy risk,
        FlagPolicy flags,
        SummaryPolicy summary) {

    public static final String APPLICATION_ID = "OUTREACH_STREAMS_APPLICATION_ID";
    public static final String STATE_DIR = "OUTREACH_STREAMS_STATE_DIR";
    public static final String HTTP_HOST = "OUTREACH_STREAMS_HTTP_HOST";
    public static final String HTTP_PORT = "OUTREACH_STREAMS_HTTP_PORT";
    public static final String GRACE = "OUTREACH_CHECKIN_GRACE";
    public static final String RESPOND_WINDOW = "OUTREACH_RESPOND_WINDOW";
    public static final String GRACE_HIGH_RISK = "OUTREACH_CHECKIN_GRACE_HIGH_RISK";
    public static final String RESPOND_WINDOW_HIGH_RISK = "OUTREACH_RESPOND_WINDOW_HIGH_RISK";
    public static final String GRACE_VERY_HIGH = "OUTREACH_CHECKIN_GRACE_VERY_HIGH";
    public static final String RESPOND_WINDOW_VERY_HIGH = "OUTREACH_RESPOND_WINDOW_VERY_HIGH";
    public static final String RETENTION = "OUTREACH_CHECKIN_RETENTION";
    public static final String QUESTIONNAIRE_REMINDER_AFTER = "OUTREACH_QUESTIONNAIRE_REMINDER_AFTER";
    public static final String PUNCTUATE_INTERVAL = "OUTREACH_PUNCTUATE_INTERVAL";
    public static final String STARTUP_TIMEOUT = "OUTREACH_STREAMS_STARTUP_TIMEOUT";
    public static final String CLOSE_TIMEOUT = "OUTREACH_STREAMS_CLOSE_TIMEOUT";
    public static final String ESCALATION_MISSED = "OUTREACH_ESCALATION_MISSED_CHECKINS";
    public static final String ESCALATION_ACK_TIMEOUT = "OUTREACH_ESCALATION_ACK_TIMEOUT";
    public static final String ESCALATION_MAX_LOOPS = "OUTREACH_ESCALATION_MAX_LOOPS";
    public static final String ESCALATION_COOLDOWN = "OUTREACH_ESCALATION_COOLDOWN";
    public static final String ESCALATION_CLEAN_DAYS = "OUTREACH_ESCALATION_CLEAN_DAYS";
    public static final String ESCALATION_FOLLOW_UP_AFTER = "OUTREACH_ESCALATION_FOLLOW_UP_AFTER";
    public static final String HIGH_CRAVING = "OUTREACH_HIGH_CRAVING";
    public static final String FLAG_ACK_TIMEOUT_CRITICAL = "OUTREACH_FLAG_ACK_TIMEOUT_CRITICAL";
    public static final String FLAG_ACK_TIMEOUT_HIGH = "OUTREACH_FLAG_ACK_TIMEOUT_HIGH";
    public static final String RISK_VERY_HIGH_DAYS = "OUTREACH_RISK_VERY_HIGH_DAYS";
    public static final String RISK_HIGH_DAYS = "OUTREACH_RISK_HIGH_DAYS";
    public static final String WEEKLY_SUMMARY_DAY = "OUTREACH_WEEKLY_SUMMARY_DAY";
    public static final String WEEKLY_SUMMARY_TIME = "OUTREACH_WEEKLY_SUMMARY_TIME";

    /** Reads and validates; throws {@link org.aftercare.kit.config.ConfigException} listing every problem. */
    public static DecisionConfig from(Settings s, Map<String, String> environment) {
        // The main consumer's membership: static under the pod name where one is given (docs/operations.md,
        // "Failover").
        KafkaSettings kafka =
                KafkaSettings.read(s, environment).withGroupMembership(GroupMembership.read(s, environment));
        String applicationId = s.string(APPLICATION_ID, "outreach-streams");
        if (applicationId != null && !applicationId.matches("[A-Za-z0-9._-]{1,200}")) {
            s.problem(APPLICATION_ID, "must be 1-200 letters, digits, '.', '_' or '-'");
        }
        String stateDir = s.string(
                STATE_DIR,
                Path.of(System.getProperty("java.io.tmpdir"), "outreach-streams")
                        .toString());
        String host = s.string(HTTP_HOST, "0.0.0.0");
        int port = s.port(HTTP_PORT, 8081);
        HttpSettings http = HttpSettings.read(s);
        Duration grace = s.duration(GRACE, Duration.ofHours(2), Duration.ofSeconds(1), Duration.ofDays(2));
        Duration respond = s.duration(RESPOND_WINDOW, Duration.ofHours(6), Duration.ofSeconds(10), Duration.ofDays(2));
        Duration graceHighRisk =
                s.duration(GRACE_HIGH_RISK, Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofDays(2));
        Duration respondHighRisk =
                s.duration(RESPOND_WINDOW_HIGH_RISK, Duration.ofHours(4), Duration.ofSeconds(10), Duration.ofDays(2));
        // Unset, the very-high windows are never laxer than the high ones (a demo that shortens those keeps working).
        Duration graceVeryHigh = s.duration(
                GRACE_VERY_HIGH, atMost(Duration.ofHours(1), graceHighRisk), Duration.ofSeconds(1), Duration.ofDays(2));
        Duration respondVeryHigh = s.duration(
                RESPOND_WINDOW_VERY_HIGH,
                atMost(Duration.ofHours(3), respondHighRisk),
                Duration.ofSeconds(10),
                Duration.ofDays(2));
        // A riskier tier is never the laxer one, and in every tier the reminder comes before the miss.
        notLonger(s, GRACE_HIGH_RISK, graceHighRisk, GRACE, grace, "the high tier is the stricter one");
        notLonger(
                s,
                GRACE_VERY_HIGH,
                graceVeryHigh,
                GRACE_HIGH_RISK,
                graceHighRisk,
                "the very-high tier is the strictest");
        notLonger(
                s,
                RESPOND_WINDOW_HIGH_RISK,
                respondHighRisk,
                RESPOND_WINDOW,
                respond,
                "the high tier is the stricter one");
        notLonger(
                s,
                RESPOND_WINDOW_VERY_HIGH,
                respondVeryHigh,
                RESPOND_WINDOW_HIGH_RISK,
                respondHighRisk,
                "the very-high tier is the strictest");
        shorter(s, GRACE, grace, RESPOND_WINDOW, respond);
        shorter(s, GRACE_HIGH_RISK, graceHighRisk, RESPOND_WINDOW_HIGH_RISK, respondHighRisk);
        shorter(s, GRACE_VERY_HIGH, graceVeryHigh, RESPOND_WINDOW_VERY_HIGH, respondVeryHigh);
        Duration retention = s.duration(RETENTION, Duration.ofDays(7), Duration.ofMinutes(1), Duration.ofDays(90));
        Duration questionnaireReminder = s.duration(
                QUESTIONNAIRE_REMINDER_AFTER, Duration.ofHours(48), Duration.ofSeconds(10), Duration.ofDays(30));
        Duration punctuate =
                s.duration(PUNCTUATE_INTERVAL, Duration.ofMillis(500), Duration.ofMillis(100), Duration.ofMinutes(5));
        Duration startup =
                s.duration(STARTUP_TIMEOUT, Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofMinutes(30));
        Duration close =
                s.duration(CLOSE_TIMEOUT, Duration.ofSeconds(20), Duration.ofSeconds(1), Duration.ofMinutes(5));
        EscalationPolicy d = EscalationPolicy.DEFAULTS;
        int missed = s.integer(ESCALATION_MISSED, d.missedCheckIns(), 1, 14);
        Duration ackTimeout =
                s.duration(ESCALATION_ACK_TIMEOUT, d.ackTimeout(), Duration.ofSeconds(1), Duration.ofDays(1));
        int loops = s.integer(ESCALATION_MAX_LOOPS, d.maxLoops(), 1, 10);
        Duration cooldown = s.duration(ESCALATION_COOLDOWN, d.cooldown(), Duration.ZERO, Duration.ofDays(14));
        int cleanDays = s.integer(ESCALATION_CLEAN_DAYS, d.cleanDaysBeforeUse(), 1, 365);
        Duration followUp =
                s.duration(ESCALATION_FOLLOW_UP_AFTER, d.followUpAfter(), Duration.ofSeconds(1), Duration.ofDays(2));
        int highCraving = s.integer(HIGH_CRAVING, 8, 1, 10);
        int veryHighDays = s.integer(RISK_VERY_HIGH_DAYS, RiskPolicy.DEFAULTS.veryHighDays(), 0, 365);
        int highDays = s.integer(RISK_HIGH_DAYS, RiskPolicy.DEFAULTS.highDays(), 0, 365);
        if (veryHighDays > highDays) {
            s.problem(RISK_HIGH_DAYS, "must not be shorter than " + RISK_VERY_HIGH_DAYS + " (high follows very high)");
        }
        FlagPolicy f = FlagPolicy.DEFAULTS;
        Duration ackCritical = s.duration(
                FLAG_ACK_TIMEOUT_CRITICAL, f.ackTimeoutCritical(), Duration.ofSeconds(1), Duration.ofHours(4));
        Duration ackHigh =
                s.duration(FLAG_ACK_TIMEOUT_HIGH, f.ackTimeoutHigh(), Duration.ofSeconds(1), Duration.ofDays(2));
        notLonger(
                s,
                FLAG_ACK_TIMEOUT_CRITICAL,
                ackCritical,
                FLAG_ACK_TIMEOUT_HIGH,
                ackHigh,
                "critical flags move on sooner");
        SummaryPolicy summary = summary(s);
        s.validate();
        return new DecisionConfig(
                kafka,
                applicationId,
                Path.of(stateDir),
                host,
                port,
                http,
                grace,
                respond,
                graceHighRisk,
                respondHighRisk,
                graceVeryHigh,
                respondVeryHigh,
                retention,
                questionnaireReminder,
                punctuate,
                startup,
                close,
                new EscalationPolicy(missed, ackTimeout, loops, cooldown, cleanDays, followUp),
                new RiskPolicy(veryHighDays, highDays),
                new FlagPolicy(ackCritical, ackHigh, highCraving),
                summary);
    }

    /** The weekly summary's day (monday..sunday) and member-local time of day (HH:MM, 24-hour). */
    private static SummaryPolicy summary(Settings s) {
        SummaryPolicy d = SummaryPolicy.DEFAULTS;
        String[] days = Arrays.stream(DayOfWeek.values())
                .map(day -> day.name().toLowerCase(Locale.ROOT))
                .toArray(String[]::new);
        String day = s.oneOf(WEEKLY_SUMMARY_DAY, d.day().name().toLowerCase(Locale.ROOT), days);
        String time = s.string(WEEKLY_SUMMARY_TIME, d.time().toString());
        LocalTime at = d.time();
        try {
            at = LocalTime.parse(time);
        } catch (DateTimeException e) {
            s.problem(WEEKLY_SUMMARY_TIME, "expected a time of day written HH:MM (24-hour, e.g. 18:00)");
        }
        return new SummaryPolicy(DayOfWeek.valueOf(day.toUpperCase(Locale.ROOT)), at);
    }

    /**
     * The craving (0-10) that, reported twice in a row, earns an encouragement and is a high staff
     * flag: one setting, kept in {@link FlagPolicy#highCraving()}.
     */
    public int highCraving() {
        return flags.highCraving();
    }

    /** The default, or {@code bound} when that is shorter (null: the default). */
    private static Duration atMost(Duration standard, Duration bound) {
        return bound != null && bound.compareTo(standard) < 0 ? bound : standard;
    }

    /** {@code shorter} may not be longer than {@code longer} (both read; either null was already reported). */
    private static void notLonger(
            Settings s, String shorterName, Duration shorter, String longerName, Duration longer, String why) {
        if (shorter != null && longer != null && shorter.compareTo(longer) > 0) {
            s.problem(shorterName, "must not be longer than " + longerName + " (" + why + ")");
        }
    }

    /** A grace must end before its respond window does (the reminder comes before the check-in is missed). */
    private static void shorter(Settings s, String graceName, Duration grace, String windowName, Duration window) {
        if (grace != null && window != null && grace.compareTo(window) >= 0) {
            s.problem(
                    graceName,
                    "must be shorter than " + windowName + " (the reminder comes before the check-in is missed)");
        }
    }

    /** From the process environment (and the optional properties file). */
    public static DecisionConfig fromEnvironment() {
        return from(Settings.fromEnvironment(), System.getenv());
    }

    /**
     * The Kafka Streams properties: exactly-once, our dead-letter handlers, the main consumer's
     * group membership, and no default serdes (every step names its serdes explicitly).
     */
    public Properties streamsProperties() {
        Properties p = new Properties();
        p.putAll(kafka.clientConfig(applicationId));
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) kafka.replicationFactor());
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        // The staff directory is a global store: its failures reach our handler too (which logs and skips them there).
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.putAll(kafka.groupMembership().streamsMainConsumerConfig());
        return p;
    }
}
