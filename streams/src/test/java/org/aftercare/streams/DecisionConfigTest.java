package org.aftercare.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.aftercare.kit.config.ConfigException;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.http.HttpSettings;
import org.aftercare.streams.escalation.EscalationPolicy;
import org.aftercare.streams.flags.FlagPolicy;
import org.aftercare.streams.risk.RiskPolicy;
import org.aftercare.streams.summary.SummaryPolicy;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class DecisionConfigTest {

    private static DecisionConfig read(Map<String, String> env) {
        return DecisionConfig.from(Settings.of(env), env);
    }

    @Test
    void defaultsFollowTheDesign() {
        DecisionConfig config = read(Map.of());

        assertThat(config.applicationId()).isEqualTo("outreach-streams");
        assertThat(config.httpPort()).isEqualTo(8081);
        assertThat(config.grace()).isEqualTo(Duration.ofHours(2));
        assertThat(config.respondWindow()).isEqualTo(Duration.ofHours(6));
        assertThat(config.highRiskGrace()).isEqualTo(Duration.ofHours(1));
        assertThat(config.highRiskRespondWindow()).isEqualTo(Duration.ofHours(4));
        assertThat(config.veryHighGrace()).isEqualTo(Duration.ofHours(1));
        assertThat(config.veryHighRespondWindow()).isEqualTo(Duration.ofHours(3));
        assertThat(config.risk()).isEqualTo(new RiskPolicy(14, 30));
        assertThat(config.punctuateInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.kafka().bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.escalation())
                .isEqualTo(new EscalationPolicy(2, Duration.ofHours(2), 3, Duration.ofHours(24), 14));
        assertThat(config.highCraving()).isEqualTo(8);
        assertThat(config.flags()).isEqualTo(new FlagPolicy(Duration.ofMinutes(15), Duration.ofHours(4), 8));
        assertThat(config.http()).isEqualTo(HttpSettings.defaults());
    }

    @Test
    void flagAcknowledgementTimeoutsAreReadAndACriticalFlagNeverWaitsLongerThanAHighOne() {
        assertThat(read(Map.of(
                                DecisionConfig.FLAG_ACK_TIMEOUT_CRITICAL,
                                "5m",
                                DecisionConfig.FLAG_ACK_TIMEOUT_HIGH,
                                "1h",
                                DecisionConfig.HIGH_CRAVING,
                                "9"))
                        .flags())
                .isEqualTo(new FlagPolicy(Duration.ofMinutes(5), Duration.ofHours(1), 9));

        assertThatThrownBy(() -> read(Map.of(
                        DecisionConfig.FLAG_ACK_TIMEOUT_CRITICAL, "2h", DecisionConfig.FLAG_ACK_TIMEOUT_HIGH, "1h")))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .singleElement()
                                .asString()
                                .startsWith(DecisionConfig.FLAG_ACK_TIMEOUT_CRITICAL + ":"));
        assertThatThrownBy(() -> read(Map.of(DecisionConfig.FLAG_ACK_TIMEOUT_HIGH, "soon")))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .singleElement()
                                .asString()
                                .startsWith(DecisionConfig.FLAG_ACK_TIMEOUT_HIGH + ":"));
    }

    @Test
    void theManagementListenerReadsTheSameHttpLimitsAsTheOtherServices() {
        DecisionConfig config = read(Map.of(
                "OUTREACH_HTTP_MAX_CONNECTIONS",
                "20",
                "OUTREACH_HTTP_READ_TIMEOUT",
                "3s",
                "OUTREACH_HTTP_MAX_HEADER_BYTES",
                "4096",
                "OUTREACH_HTTP_DRAIN_DELAY",
                "5s"));

        assertThat(config.http().maxConnections()).isEqualTo(20);
        assertThat(config.http().readTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.http().maxHeaderBytes()).isEqualTo(4096);
        assertThat(config.http().drainDelay()).isEqualTo(Duration.ofSeconds(5));

        assertThatThrownBy(() -> read(Map.of("OUTREACH_HTTP_MAX_THREADS", "2")))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .singleElement()
                                .asString()
                                .startsWith("OUTREACH_HTTP_MAX_THREADS:"));
    }

    @Test
    void escalationSettingsAreReadAndCheckedOneLineEach() {
        assertThat(read(Map.of(
                                DecisionConfig.ESCALATION_MISSED,
                                "3",
                                DecisionConfig.ESCALATION_ACK_TIMEOUT,
                                "45m",
                                DecisionConfig.ESCALATION_MAX_LOOPS,
                                "2",
                                DecisionConfig.ESCALATION_COOLDOWN,
                                "12h",
                                DecisionConfig.ESCALATION_CLEAN_DAYS,
                                "30"))
                        .escalation())
                .isEqualTo(new EscalationPolicy(3, Duration.ofMinutes(45), 2, Duration.ofHours(12), 30));

        Map<String, String> env = Map.of(
                DecisionConfig.ESCALATION_MISSED,
                "0",
                DecisionConfig.ESCALATION_ACK_TIMEOUT,
                "never",
                DecisionConfig.ESCALATION_MAX_LOOPS,
                "100",
                DecisionConfig.HIGH_CRAVING,
                "11");
        assertThatThrownBy(() -> read(env))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .hasSize(4)
                                .anySatisfy(p -> assertThat(p).startsWith(DecisionConfig.ESCALATION_MISSED + ":"))
                                .anySatisfy(p -> assertThat(p).startsWith(DecisionConfig.ESCALATION_ACK_TIMEOUT + ":"))
                                .anySatisfy(p -> assertThat(p).startsWith(DecisionConfig.ESCALATION_MAX_LOOPS + ":"))
                                .anySatisfy(p -> assertThat(p).startsWith(DecisionConfig.HIGH_CRAVING + ":")));
    }

    @Test
    void theDemoWindowsOfTheLocalRunAreAccepted() {
        Map<String, String> env = Map.of(
                "OUTREACH_CHECKIN_GRACE",
                "20s",
                "OUTREACH_CHECKIN_GRACE_HIGH_RISK",
                "10s",
                "OUTREACH_PUNCTUATE_INTERVAL",
                "1s",
                "OUTREACH_STREAMS_HTTP_PORT",
                "0",
                "OUTREACH_KAFKA_BOOTSTRAP_SERVERS",
                "localhost:39092");
        DecisionConfig config = read(env);

        assertThat(config.grace()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.httpPort()).isZero();
        assertThat(config.streamsProperties())
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:39092")
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "outreach-streams")
                .containsKeys(
                        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG);
    }

    @Test
    void thePodNameMakesTheMainConsumerAStaticMemberWithTheChosenSession() {
        DecisionConfig config =
                read(Map.of("OUTREACH_KAFKA_GROUP_INSTANCE_ID", "streams-1", "OUTREACH_KAFKA_SESSION_TIMEOUT", "30s"));

        // Kafka Streams appends each stream thread's index to the instance id.
        assertThat(config.streamsProperties())
                .containsEntry("main.consumer.group.instance.id", "streams-1")
                .containsEntry("main.consumer.session.timeout.ms", 30_000)
                .containsEntry("main.consumer.heartbeat.interval.ms", 3_000)
                .doesNotContainKeys("group.instance.id", "session.timeout.ms");
        assertThat(read(Map.of()).streamsProperties())
                .doesNotContainKey("main.consumer.group.instance.id")
                .containsEntry("main.consumer.session.timeout.ms", 20_000);
    }

    @Test
    void everyWrongValueIsReportedOnItsOwnLineNamingTheVariable() {
        Map<String, String> env = Map.of(
                "OUTREACH_CHECKIN_GRACE",
                "soon",
                "OUTREACH_STREAMS_HTTP_PORT",
                "99999",
                "OUTREACH_RISK_VERY_HIGH_DAYS",
                "-1");

        assertThatThrownBy(() -> read(env))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .hasSize(3)
                                .anySatisfy(p -> assertThat(p).startsWith("OUTREACH_CHECKIN_GRACE:"))
                                .anySatisfy(p -> assertThat(p).startsWith("OUTREACH_STREAMS_HTTP_PORT:"))
                                .anySatisfy(p -> assertThat(p).startsWith("OUTREACH_RISK_VERY_HIGH_DAYS:")));
    }

    @Test
    void theHighRiskGraceMayNotBeLongerThanTheNormalOne() {
        Map<String, String> env = Map.of("OUTREACH_CHECKIN_GRACE", "PT1H", "OUTREACH_CHECKIN_GRACE_HIGH_RISK", "PT3H");

        assertThatThrownBy(() -> read(env))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .singleElement()
                                .asString()
                                .startsWith("OUTREACH_CHECKIN_GRACE_HIGH_RISK:"));
    }

    @Test
    void aRiskierTierIsNeverTheLaxerOne() {
        assertThat(problems(Map.of("OUTREACH_CHECKIN_GRACE_VERY_HIGH", "PT90M")))
                .singleElement()
                .asString()
                .startsWith("OUTREACH_CHECKIN_GRACE_VERY_HIGH:");
        assertThat(problems(Map.of("OUTREACH_RESPOND_WINDOW_VERY_HIGH", "PT5H")))
                .singleElement()
                .asString()
                .startsWith("OUTREACH_RESPOND_WINDOW_VERY_HIGH:");
        assertThat(problems(Map.of("OUTREACH_RESPOND_WINDOW_HIGH_RISK", "PT7H")))
                .singleElement()
                .asString()
                .startsWith("OUTREACH_RESPOND_WINDOW_HIGH_RISK:");
        assertThat(problems(Map.of("OUTREACH_RISK_VERY_HIGH_DAYS", "31")))
                .singleElement()
                .asString()
                .startsWith("OUTREACH_RISK_HIGH_DAYS:");
    }

    @Test
    void unsetVeryHighWindowsAreNeverLaxerThanTheHighOnes() {
        DecisionConfig config = read(Map.of(
                "OUTREACH_CHECKIN_GRACE", "20s",
                "OUTREACH_CHECKIN_GRACE_HIGH_RISK", "20s",
                "OUTREACH_RESPOND_WINDOW_HIGH_RISK", "50s"));

        assertThat(config.veryHighGrace()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.veryHighRespondWindow()).isEqualTo(Duration.ofSeconds(50));
    }

    @Test
    void inEveryTierTheGraceEndsBeforeTheRespondWindow() {
        assertThat(problems(Map.of("OUTREACH_CHECKIN_GRACE", "PT6H")))
                .singleElement()
                .asString()
                .startsWith("OUTREACH_CHECKIN_GRACE:");
        assertThat(problems(Map.of(
                        "OUTREACH_RESPOND_WINDOW_VERY_HIGH", "PT1H", "OUTREACH_CHECKIN_GRACE_VERY_HIGH", "PT1H")))
                .singleElement()
                .asString()
                .startsWith("OUTREACH_CHECKIN_GRACE_VERY_HIGH:");
    }

    private static List<String> problems(Map<String, String> env) {
        try {
            read(env);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("accepted " + env);
    }

    @Test
    void theWeeklySummaryIsOnSundayAtSixByDefaultAndAWrongDayOrTimeIsNamed() {
        assertThat(read(Map.of()).summary()).isEqualTo(new SummaryPolicy(DayOfWeek.SUNDAY, LocalTime.of(18, 0)));
        assertThat(read(Map.of(
                                DecisionConfig.WEEKLY_SUMMARY_DAY,
                                "Friday",
                                DecisionConfig.WEEKLY_SUMMARY_TIME,
                                "07:15"))
                        .summary())
                .isEqualTo(new SummaryPolicy(DayOfWeek.FRIDAY, LocalTime.of(7, 15)));
        assertThatThrownBy(() -> read(Map.of(
                        DecisionConfig.WEEKLY_SUMMARY_DAY, "someday", DecisionConfig.WEEKLY_SUMMARY_TIME, "6pm")))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .hasSize(2)
                                .anySatisfy(p -> assertThat(p).startsWith(DecisionConfig.WEEKLY_SUMMARY_DAY + ":"))
                                .anySatisfy(p -> assertThat(p)
                                        .startsWith(DecisionConfig.WEEKLY_SUMMARY_TIME + ":")
                                        .contains("HH:MM")));
    }
}
