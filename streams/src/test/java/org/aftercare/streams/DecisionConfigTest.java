package org.aftercare.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.aftercare.kit.config.ConfigException;
import org.aftercare.kit.config.Settings;
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
        assertThat(config.highRiskGrace()).isEqualTo(Duration.ofHours(1));
        assertThat(config.highRiskDays()).isEqualTo(30);
        assertThat(config.punctuateInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.kafka().bootstrapServers()).isEqualTo("localhost:9092");
    }

    @Test
    void theDemoWindowsOfTheLocalRunAreAccepted() {
        Map<String, String> env = Map.of("OUTREACH_CHECKIN_GRACE", "20s", "OUTREACH_CHECKIN_GRACE_HIGH_RISK", "10s",
                "OUTREACH_PUNCTUATE_INTERVAL", "1s", "OUTREACH_STREAMS_HTTP_PORT", "0",
                "OUTREACH_KAFKA_BOOTSTRAP_SERVERS", "localhost:39092");
        DecisionConfig config = read(env);

        assertThat(config.grace()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.httpPort()).isZero();
        assertThat(config.streamsProperties())
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:39092")
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "outreach-streams")
                .containsKeys(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG);
    }

    @Test
    void everyWrongValueIsReportedOnItsOwnLineNamingTheVariable() {
        Map<String, String> env = Map.of("OUTREACH_CHECKIN_GRACE", "soon", "OUTREACH_STREAMS_HTTP_PORT", "99999",
                "OUTREACH_HIGH_RISK_DAYS", "-1");

        assertThatThrownBy(() -> read(env)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                .hasSize(3)
                .anySatisfy(p -> assertThat(p).startsWith("OUTREACH_CHECKIN_GRACE:"))
                .anySatisfy(p -> assertThat(p).startsWith("OUTREACH_STREAMS_HTTP_PORT:"))
                .anySatisfy(p -> assertThat(p).startsWith("OUTREACH_HIGH_RISK_DAYS:")));
    }

    @Test
    void theHighRiskGraceMayNotBeLongerThanTheNormalOne() {
        Map<String, String> env = Map.of("OUTREACH_CHECKIN_GRACE", "PT1H", "OUTREACH_CHECKIN_GRACE_HIGH_RISK", "PT3H");

        assertThatThrownBy(() -> read(env)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).singleElement().asString().startsWith("OUTREACH_CHECKIN_GRACE_HIGH_RISK:"));
    }
}
