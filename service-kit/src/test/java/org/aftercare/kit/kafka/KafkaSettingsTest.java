package org.aftercare.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import org.aftercare.kit.config.ConfigException;
import org.aftercare.kit.config.Settings;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSettingsTest {

    @TempDir
    Path dir;

    private static KafkaSettings read(Map<String, String> env) {
        Settings settings = Settings.of(env);
        KafkaSettings kafka = KafkaSettings.read(settings, env);
        settings.validate();
        return kafka;
    }

    private static ConfigException problems(Map<String, String> env) {
        Settings settings = Settings.of(env);
        KafkaSettings.read(settings, env);
        try {
            settings.validate();
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("accepted " + env.keySet());
    }

    private Path caFile() throws Exception {
        Path ca = dir.resolve("ca.crt");
        Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        return ca;
    }

    @Test
    void plaintextByDefaultWithNoSecurityProperties() {
        KafkaSettings kafka = read(Map.of());
        assertThat(kafka.clientProperties()).isEmpty();
        assertThat(kafka.clientConfig("x")).containsEntry("bootstrap.servers", "localhost:9092");
    }

    @Test
    void scramOverTlsWithAPemTruststoreMakesAJaasConfigTheKafkaClientParses() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put(KafkaSettings.SECURITY_PROTOCOL, "sasl_ssl");
        env.put(KafkaSettings.TRUSTSTORE_LOCATION, caFile().toString());
        env.put(KafkaSettings.SASL_USERNAME, "outreach-streams");
        env.put(KafkaSettings.SASL_PASSWORD, "pa\"ss\\word");

        KafkaSettings kafka = read(env);

        Map<String, Object> config = kafka.clientConfig("streams");
        assertThat(config)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.truststore.location", env.get(KafkaSettings.TRUSTSTORE_LOCATION))
                .doesNotContainKey("ssl.truststore.password");
        // the real Kafka client's parsers accept them
        AdminClientConfig parsed = new AdminClientConfig(config);
        AppConfigurationEntry entry = JaasContext.loadClientContext(parsed.values())
                .configurationEntries()
                .get(0);
        assertThat(entry.getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule");
        assertThat(Map.<String, Object>copyOf(entry.getOptions()))
                .containsEntry("username", (Object) "outreach-streams")
                .containsEntry("password", (Object) "pa\"ss\\word");
        // neither the settings nor the summary show the password
        assertThat(kafka.toString()).doesNotContain("word");
        Settings settings = Settings.of(env);
        KafkaSettings.read(settings, env);
        assertThat(settings.described().toString()).doesNotContain("word");
    }

    @Test
    void everyWrongOrContradictorySecurityValueIsNamed() throws Exception {
        assertThat(problems(Map.of(KafkaSettings.SECURITY_PROTOCOL, "SASL_PLAINTEXT"))
                        .problems())
                .anyMatch(p -> p.startsWith(KafkaSettings.SECURITY_PROTOCOL + ": expected one of"));
        assertThat(problems(Map.of(KafkaSettings.SECURITY_PROTOCOL, "SASL_SSL")).problems())
                .contains(
                        KafkaSettings.SASL_USERNAME + ": required with " + KafkaSettings.SECURITY_PROTOCOL
                                + " SASL_SSL",
                        KafkaSettings.SASL_PASSWORD + ": required with " + KafkaSettings.SECURITY_PROTOCOL
                                + " SASL_SSL");
        assertThat(problems(Map.of(
                                KafkaSettings.SECURITY_PROTOCOL,
                                "SSL",
                                KafkaSettings.TRUSTSTORE_LOCATION,
                                dir.resolve("missing.crt").toString()))
                        .problems())
                .containsExactly(KafkaSettings.TRUSTSTORE_LOCATION + ": not a readable file");
        assertThat(problems(Map.of(KafkaSettings.TRUSTSTORE_LOCATION, caFile().toString()))
                        .problems())
                .containsExactly(KafkaSettings.TRUSTSTORE_LOCATION + ": only with " + KafkaSettings.SECURITY_PROTOCOL
                        + " SSL or SASL_SSL");
        assertThat(problems(Map.of(
                                KafkaSettings.SECURITY_PROTOCOL, "SSL",
                                KafkaSettings.TRUSTSTORE_LOCATION, caFile().toString(),
                                KafkaSettings.TRUSTSTORE_TYPE, "PKCS12"))
                        .problems())
                .containsExactly(KafkaSettings.TRUSTSTORE_PASSWORD + ": required for a PKCS12 truststore");
        assertThat(problems(Map.of(KafkaSettings.SASL_USERNAME, "streams")).problems())
                .containsExactly(
                        KafkaSettings.SASL_USERNAME + ": only with " + KafkaSettings.SECURITY_PROTOCOL + " SASL_SSL");
        assertThat(problems(Map.of(
                                KafkaSettings.SECURITY_PROTOCOL,
                                "SSL",
                                KafkaSettings.PROP_PREFIX + "SECURITY_PROTOCOL",
                                "SSL"))
                        .problems())
                .containsExactly(KafkaSettings.PROP_PREFIX + "SECURITY_PROTOCOL: set either this or "
                        + KafkaSettings.SECURITY_PROTOCOL + ", not both");
        assertThat(problems(Map.of(KafkaSettings.PROP_PREFIX + "SECURITY_PROTOCOL", "SASL_PLAINTEXT"))
                        .problems())
                .singleElement()
                .satisfies(p -> assertThat(p).startsWith(KafkaSettings.PROP_PREFIX + "SECURITY_PROTOCOL: expected"));
        ConfigException secret = problems(Map.of(
                KafkaSettings.SECURITY_PROTOCOL, "SASL_SSL",
                KafkaSettings.SASL_USERNAME, "bad name\"",
                KafkaSettings.SASL_PASSWORD, "hunter2-secret"));
        assertThat(secret.problems()).anyMatch(p -> p.startsWith(KafkaSettings.SASL_USERNAME + ": must be"));
        assertThat(String.join("\n", secret.problems())).doesNotContain("hunter2");
    }

    @Test
    void aPassThroughSecurityProtocolStillWorksAlone() {
        KafkaSettings kafka = read(Map.of(KafkaSettings.PROP_PREFIX + "SECURITY_PROTOCOL", "SSL"));
        assertThat(kafka.clientProperties()).containsEntry("security.protocol", "SSL");
    }
}
