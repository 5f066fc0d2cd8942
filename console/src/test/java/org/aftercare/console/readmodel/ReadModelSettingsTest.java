package org.aftercare.console.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.aftercare.kit.config.ConfigException;
import org.aftercare.kit.config.Settings;
import org.junit.jupiter.api.Test;

class ReadModelSettingsTest {

    @Test
    void defaultsToAnH2FileUnderTheTempDirectoryAndSixYearsOfAudit() {
        Settings s = Settings.of(Map.of());
        ReadModelSettings settings = ReadModelSettings.read(s);
        s.validate();
        assertThat(settings.dbUrl()).startsWith("jdbc:h2:file:").contains(System.getProperty("java.io.tmpdir"));
        assertThat(settings.dbUser()).isEqualTo("sa");
        assertThat(settings.dbPoolSize()).isEqualTo(8);
        assertThat(settings.groupId()).isEqualTo("outreach-console");
        assertThat(settings.auditRetention()).isEqualTo(Duration.ofDays(2190));
    }

    @Test
    void readsEveryVariable() {
        Settings s = Settings.of(Map.of(
                "OUTREACH_CONSOLE_DB_URL", "jdbc:postgresql://db:5432/console",
                "OUTREACH_CONSOLE_DB_USER", "console",
                "OUTREACH_CONSOLE_DB_PASSWORD", "s3cret",
                "OUTREACH_CONSOLE_DB_POOL_SIZE", "20",
                "OUTREACH_CONSOLE_GROUP_ID", "console-2",
                "OUTREACH_CONSOLE_AUDIT_RETENTION", "P3650D"));
        ReadModelSettings settings = ReadModelSettings.read(s);
        s.validate();
        assertThat(settings)
                .isEqualTo(new ReadModelSettings(
                        "jdbc:postgresql://db:5432/console",
                        "console",
                        "s3cret",
                        20,
                        "console-2",
                        Duration.ofDays(3650)));
        assertThat(settings.toString()).doesNotContain("s3cret");
        assertThat(s.described().get("OUTREACH_CONSOLE_DB_PASSWORD")).isEqualTo("(set, hidden)");
    }

    @Test
    void wrongValuesAreReportedOneLineEach() {
        Settings s = Settings.of(Map.of(
                "OUTREACH_CONSOLE_DB_URL", "jdbc:mysql://db/console",
                "OUTREACH_CONSOLE_DB_POOL_SIZE", "0",
                "OUTREACH_CONSOLE_AUDIT_RETENTION", "forever"));
        ReadModelSettings.read(s);
        assertThatThrownBy(s::validate)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("OUTREACH_CONSOLE_DB_URL: expected a jdbc:h2: or jdbc:postgresql: URL")
                .hasMessageContaining("OUTREACH_CONSOLE_DB_POOL_SIZE")
                .hasMessageContaining("OUTREACH_CONSOLE_AUDIT_RETENTION");
    }
}
