package org.aftercare.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aftercare.kit.config.ConfigException;
import org.aftercare.kit.config.Settings;
import org.aftercare.measures.DefinitionProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("OUTREACH_CONSOLE_PUBLIC_URL", "https://console.example.org/");
        env.put("OUTREACH_CONSOLE_OIDC_ISSUER", "https://id.example.org/realms/aftercare");
        env.put("OUTREACH_CONSOLE_OIDC_CLIENT_ID", "outreach-console");
        return env;
    }

    @Test
    void defaultsAreSecureAndFollowTheOtherServices() {
        ConsoleConfig c = ConsoleConfig.from(Settings.of(minimal()));

        assertThat(c.httpHost()).isEqualTo("0.0.0.0");
        assertThat(c.httpPort()).isEqualTo(8083);
        assertThat(c.managementHost()).isEqualTo("127.0.0.1");
        assertThat(c.managementPort()).isEqualTo(8093);
        assertThat(c.publicBaseUrl()).isEqualTo("https://console.example.org");
        assertThat(c.redirectUri()).hasToString("https://console.example.org/auth/callback");
        assertThat(c.scopes()).containsExactly("openid", "profile", "email");
        assertThat(c.rolesClaim()).isEqualTo("roles");
        assertThat(c.staffIdClaim()).isEqualTo("sub");
        assertThat(c.clientSecret()).isEmpty();
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.absoluteTimeout()).isEqualTo(Duration.ofHours(12));
        assertThat(c.secureCookies()).isTrue();
    }

    @Test
    void carriesTheKafkaAndReadModelSettings() {
        Map<String, String> env = minimal();
        env.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092");
        env.put("OUTREACH_CONSOLE_DB_URL", "jdbc:postgresql://db:5432/console");
        env.put("OUTREACH_CONSOLE_DB_PASSWORD", "secret");
        env.put("OUTREACH_CONSOLE_GROUP_ID", "console-blue");
        env.put("OUTREACH_CONSOLE_AUDIT_RETENTION", "3650d");
        Map<String, String> process = Map.of("OUTREACH_KAFKA_PROP_SECURITY_PROTOCOL", "SSL");

        ConsoleConfig c = ConsoleConfig.from(Settings.of(env), process);

        assertThat(c.kafka().bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(c.kafka().clientProperties()).containsEntry("security.protocol", "SSL");
        assertThat(c.readModel().dbUrl()).isEqualTo("jdbc:postgresql://db:5432/console");
        assertThat(c.readModel().groupId()).isEqualTo("console-blue");
        assertThat(c.readModel().auditRetention()).isEqualTo(Duration.ofDays(3650));
        assertThat(c.readModel().toString()).doesNotContain("secret");
        assertThat(ConsoleConfig.from(Settings.of(minimal())).readModel().auditRetention())
                .isEqualTo(Duration.ofDays(2190));
    }

    @Test
    void aWrongReadModelValueIsReportedWithTheOthers() {
        Map<String, String> env = minimal();
        env.put("OUTREACH_CONSOLE_DB_URL", "jdbc:mysql://db/console");
        env.put("OUTREACH_KAFKA_PARTITIONS", "0");

        assertThatThrownBy(() -> ConsoleConfig.from(Settings.of(env)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("OUTREACH_CONSOLE_DB_URL")
                .hasMessageContaining("OUTREACH_KAFKA_PARTITIONS");
    }

    @Test
    void everyWrongVariableGetsItsOwnLine() {
        Map<String, String> env = new HashMap<>();
        env.put("OUTREACH_CONSOLE_PUBLIC_URL", "http://console.example.org");
        env.put("OUTREACH_CONSOLE_OIDC_ISSUER", "not a url");
        env.put("OUTREACH_CONSOLE_OIDC_SCOPES", "profile email");
        env.put("OUTREACH_CONSOLE_SESSION_IDLE_TIMEOUT", "2h");
        env.put("OUTREACH_CONSOLE_SESSION_ABSOLUTE_TIMEOUT", "1h");
        env.put("OUTREACH_CONSOLE_SECURE_COOKIES", "maybe");
        env.put("OUTREACH_CONSOLE_HTTP_PORT", "8093");

        assertThatThrownBy(() -> ConsoleConfig.from(Settings.of(env)))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .hasSize(7)
                                .anySatisfy(p -> assertThat(p).startsWith("OUTREACH_CONSOLE_OIDC_CLIENT_ID: required"))
                                .anySatisfy(p -> assertThat(p).startsWith("OUTREACH_CONSOLE_PUBLIC_URL: must be https"))
                                .anySatisfy(p -> assertThat(p).startsWith("OUTREACH_CONSOLE_OIDC_ISSUER: expected"))
                                .anySatisfy(p ->
                                        assertThat(p).isEqualTo("OUTREACH_CONSOLE_OIDC_SCOPES: must include openid"))
                                .anySatisfy(p -> assertThat(p)
                                        .startsWith("OUTREACH_CONSOLE_SESSION_ABSOLUTE_TIMEOUT: must be at least"))
                                .anySatisfy(p -> assertThat(p)
                                        .startsWith("OUTREACH_CONSOLE_SECURE_COOKIES: expected true or false"))
                                .anySatisfy(p ->
                                        assertThat(p).startsWith("OUTREACH_CONSOLE_MANAGEMENT_PORT: must differ")));
    }

    @Test
    void aLocalRunOnHttpTurnsSecureCookiesOffExplicitly() {
        Map<String, String> env = minimal();
        env.put("OUTREACH_CONSOLE_PUBLIC_URL", "http://localhost:8083");
        env.put("OUTREACH_CONSOLE_SECURE_COOKIES", "false");
        env.put("OUTREACH_CONSOLE_OIDC_SCOPES", "openid profile email offline_access");
        env.put("OUTREACH_CONSOLE_ROLES_CLAIM", "groups");

        ConsoleConfig c = ConsoleConfig.from(Settings.of(env));

        assertThat(c.secureCookies()).isFalse();
        assertThat(c.scopes()).isEqualTo(List.of("openid", "profile", "email", "offline_access"));
        assertThat(c.rolesClaim()).isEqualTo("groups");
    }

    @Test
    void theQuestionnaireFolderMustBeAFolderAndABrokenDefinitionStopsTheStartWithItsLines(@TempDir Path dir)
            throws Exception {
        Map<String, String> env = minimal();
        env.put(ConsoleConfig.QUESTIONNAIRES_DIR, dir.resolve("missing").toString());
        assertThatThrownBy(() -> ConsoleConfig.from(Settings.of(env)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("OUTREACH_QUESTIONNAIRES_DIR: not a readable folder");

        assertThat(ConsoleConfig.from(Settings.of(minimal())).questionnairesDir())
                .isNull();
        assertThat(ConsoleService.instruments(ConsoleConfig.from(Settings.of(minimal())))
                        .get("phq-9", 1))
                .as("unset: the shipped instruments")
                .isPresent();

        env.put(ConsoleConfig.QUESTIONNAIRES_DIR, dir.toString());
        ConsoleConfig empty = ConsoleConfig.from(Settings.of(env));
        assertThat(empty.questionnairesDir()).isEqualTo(dir);
        assertThat(ConsoleService.instruments(empty).get("gad-7", 1)).isPresent();

        Files.writeString(dir.resolve("check-up.yaml"), "id: check-up\nversion: 1\n");
        assertThatThrownBy(() -> ConsoleService.instruments(empty))
                .isInstanceOf(DefinitionProblem.class)
                .satisfies(e -> assertThat(((DefinitionProblem) e).lines())
                        .isNotEmpty()
                        .allMatch(line -> line.startsWith("check-up.yaml: ")));
    }
}
