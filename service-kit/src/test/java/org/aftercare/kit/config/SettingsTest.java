package org.aftercare.kit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @Test
    void typedValuesAreReadWithTheirDefaults() {
        Settings s = Settings.of(Map.of("A_PORT", "8080", "A_WAIT", "90s", "A_FLAG", "yes", "A_ISO", "PT2H"));

        assertThat(s.port("A_PORT", 1)).isEqualTo(8080);
        assertThat(s.duration("A_WAIT", Duration.ZERO, Duration.ZERO, Duration.ofDays(1)))
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(s.duration("A_ISO", Duration.ZERO, Duration.ZERO, Duration.ofDays(1)))
                .isEqualTo(Duration.ofHours(2));
        assertThat(s.flag("A_FLAG", false)).isTrue();
        assertThat(s.string("A_MISSING", "fallback")).isEqualTo("fallback");
        s.validate();
    }

    @Test
    void everyWrongValueIsReportedOnItsOwnLineNamingTheVariable() {
        Settings s = Settings.of(Map.of("A_PORT", "eighty", "A_WAIT", "forever", "A_ZONE", "Moon/Base"));
        s.port("A_PORT", 1);
        s.duration("A_WAIT", Duration.ZERO, Duration.ZERO, Duration.ofDays(1));
        s.zone("A_ZONE", null);
        s.required("A_TOKEN");

        assertThatThrownBy(s::validate)
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .hasSize(4)
                                .anySatisfy(p -> assertThat(p)
                                        .startsWith("A_PORT: expected a whole number")
                                        .contains("'eighty'"))
                                .anySatisfy(p -> assertThat(p).startsWith("A_WAIT: expected a duration"))
                                .anySatisfy(p -> assertThat(p).startsWith("A_ZONE: expected an IANA time zone"))
                                .anySatisfy(p -> assertThat(p).isEqualTo("A_TOKEN: required, not set")));
    }

    @Test
    void aSecretIsNeverShownInAProblemOrTheSummary() {
        Settings s = Settings.of(Map.of("A_SECRET", "hunter2-hunter2"));
        s.secret("A_SECRET", null);

        assertThat(s.described().get("A_SECRET")).isEqualTo("(set, hidden)");
        assertThat(s.described().toString()).doesNotContain("hunter2");
    }

    @Test
    void aDurationOutsideItsRangeIsAProblem() {
        Settings s = Settings.of(Map.of("A_WAIT", "3d"));
        s.duration("A_WAIT", Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofDays(2));

        assertThatThrownBy(s::validate).hasMessageContaining("A_WAIT: expected a duration from PT1S to PT48H");
    }

    @Test
    void theEnvironmentWinsOverThePropertiesFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("outreach.properties");
        Files.writeString(file, "A_HOST=from-file\nA_PORT=9000\n");

        Settings s = Settings.of(Map.of(Settings.CONFIG_FILE, file.toString(), "A_HOST", "from-env"));

        assertThat(s.string("A_HOST", null)).isEqualTo("from-env");
        assertThat(s.port("A_PORT", 1)).isEqualTo(9000);
    }

    @Test
    void anUnreadablePropertiesFileIsAProblem(@TempDir Path dir) {
        Settings s = Settings.of(
                Map.of(Settings.CONFIG_FILE, dir.resolve("missing.properties").toString()));

        assertThatThrownBy(s::validate)
                .hasMessageStartingWith(Settings.CONFIG_FILE + ": cannot read the properties file");
    }
}
