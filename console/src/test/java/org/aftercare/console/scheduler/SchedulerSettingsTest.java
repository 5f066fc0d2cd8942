package org.aftercare.console.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.aftercare.console.ConsoleConfig;
import org.aftercare.kit.config.ConfigException;
import org.aftercare.kit.config.Settings;
import org.junit.jupiter.api.Test;

/** The scheduler settings as ConsoleConfig reads them: optional, both or neither, checked, the token never shown. */
class SchedulerSettingsTest {

    private static final String TOKEN = "s3cret-admin-token-0123456789";

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("OUTREACH_CONSOLE_PUBLIC_URL", "https://console.example.org/");
        env.put("OUTREACH_CONSOLE_OIDC_ISSUER", "https://id.example.org/realms/aftercare");
        env.put("OUTREACH_CONSOLE_OIDC_CLIENT_ID", "outreach-console");
        return env;
    }

    @Test
    void unsetMeansNoMemberEdits() {
        SchedulerSettings s = ConsoleConfig.from(Settings.of(minimal())).scheduler();

        assertThat(s.configured()).isFalse();
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void theManagementListenerAndTokenAreRead() {
        Map<String, String> env = minimal();
        env.put(SchedulerSettings.URL, "http://scheduler:8090/");
        env.put(SchedulerSettings.TOKEN, TOKEN);
        env.put(SchedulerSettings.REQUEST_TIMEOUT, "10s");

        SchedulerSettings s = ConsoleConfig.from(Settings.of(env)).scheduler();

        assertThat(s.configured()).isTrue();
        assertThat(s.baseUrl()).isEqualTo("http://scheduler:8090");
        assertThat(s.token()).isEqualTo(TOKEN);
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.toString()).doesNotContain(TOKEN);
    }

    @Test
    void aUrlWithoutTokenATokenWithoutUrlAndBadValuesAreReportedWithoutTheToken() {
        Map<String, String> noToken = minimal();
        noToken.put(SchedulerSettings.URL, "http://scheduler:8090");
        Map<String, String> noUrl = minimal();
        noUrl.put(SchedulerSettings.TOKEN, TOKEN);
        Map<String, String> bad = minimal();
        bad.put(SchedulerSettings.URL, "scheduler:8090/api");
        bad.put(SchedulerSettings.TOKEN, "short token");
        bad.put(SchedulerSettings.CONNECT_TIMEOUT, "2h");

        assertThatThrownBy(() -> ConsoleConfig.from(Settings.of(noToken)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(SchedulerSettings.TOKEN + ": required when " + SchedulerSettings.URL);
        assertThatThrownBy(() -> ConsoleConfig.from(Settings.of(noUrl)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("set both or neither")
                .hasMessageNotContaining(TOKEN);
        assertThatThrownBy(() -> ConsoleConfig.from(Settings.of(bad)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(SchedulerSettings.URL)
                .hasMessageContaining(SchedulerSettings.TOKEN + ": must be 16 to 512 visible ASCII")
                .hasMessageContaining(SchedulerSettings.CONNECT_TIMEOUT)
                .hasMessageNotContaining("short token");
    }
}
