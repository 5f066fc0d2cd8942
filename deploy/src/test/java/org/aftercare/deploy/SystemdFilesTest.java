package org.aftercare.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.aftercare.kit.config.ConfigException;
import org.aftercare.kit.http.HttpSettings;
import org.aftercare.kit.lifecycle.ServiceMain;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bare-host files in {@code deploy/systemd}: the unit template and one settings example per
 * service. Each example sets only what its service reads, and with its placeholder secrets
 * replaced it is a configuration the service accepts; the unit's stop timeout covers the
 * services' own drain and close, a configuration error is not restarted in a loop, and, where
 * {@code systemd-analyze} is installed, systemd itself reads the unit without a complaint.
 */
class SystemdFilesTest {

    private static final Path DIR = DeployFiles.deploy().resolve("systemd");
    private static final Path UNIT = DIR.resolve("outreach@.service");

    @TempDir
    Path tmp;

    @Test
    void eachServiceHasASettingsExampleThatSetsOnlyWhatItReads() {
        List<String> problems = new ArrayList<>();
        for (ServiceConfigs.Service service : ServiceConfigs.ALL) {
            for (String name : example(service).keySet()) {
                if (!service.accepts(name)) {
                    problems.add(service.name() + ".env.example sets " + name + ", which " + service.name()
                            + " does not read");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void eachExampleIsAValidConfigurationOnceItsSecretsAreReplacedAndNotBefore() {
        for (ServiceConfigs.Service service : ServiceConfigs.ALL) {
            Map<String, String> env = example(service);
            if (env.values().stream().anyMatch(v -> v.endsWith("CHANGE_ME"))
                    && (env.containsKey("OUTREACH_LINK_KEYS") || env.containsKey("OUTREACH_ADMIN_TOKEN"))) {
                assertThatThrownBy(() -> service.described(env))
                        .as(service.name() + " refuses the placeholder secrets")
                        .isInstanceOf(ConfigException.class);
            }
            Map<String, String> filled = new LinkedHashMap<>();
            env.forEach((k, v) -> filled.put(
                    k,
                    v.endsWith("CHANGE_ME")
                            ? ServiceConfigs.SAMPLES.getOrDefault(k, "sample-secret-0123456789abcdef")
                            : v));
            // Throws ConfigException (one line per variable) when a value is rejected.
            assertThat(service.described(filled)).as(service.name()).isNotEmpty();
        }
    }

    @Test
    void everyServiceTheUnitStartsIsBuiltAsARunnableJar() throws IOException {
        Map<String, String> unit = section(DeployFiles.text(UNIT), "Service");
        assertThat(unit.get("ExecStart")).contains("-jar /opt/outreach/%i/%i.jar");
        assertThat(unit.get("EnvironmentFile")).isEqualTo("/etc/outreach/%i.env");
        for (ServiceConfigs.Service service : ServiceConfigs.ALL) {
            String pom =
                    Files.readString(DeployFiles.repo().resolve(service.name()).resolve("pom.xml"));
            assertThat(pom).as(service.name() + " sets service.main.class").contains("<service.main.class>");
        }
    }

    @Test
    void theStopTimeoutCoversTheDrainAndCloseAndAConfigurationErrorIsNotRestarted() {
        Map<String, String> unit = section(DeployFiles.text(UNIT), "Service");
        Duration stop = Duration.ofSeconds(Long.parseLong(unit.get("TimeoutStopSec")));
        HttpSettings http = HttpSettings.defaults();
        Duration needed = ServiceMain.DEFAULT_CLOSE_TIMEOUT
                .plus(http.drainDelay())
                .plus(http.drainTimeout())
                .plusSeconds(5);
        assertThat(stop).as("TimeoutStopSec").isGreaterThanOrEqualTo(needed);
        assertThat(unit.get("KillSignal")).isEqualTo("SIGTERM");
        assertThat(unit.get("SuccessExitStatus")).isEqualTo("143");
        assertThat(unit.get("Restart")).isEqualTo("on-failure");
        assertThat(unit.get("RestartPreventExitStatus")).isEqualTo("2"); // ServiceMain's configuration error
        assertThat(unit.get("User")).isEqualTo("outreach");
    }

    @Test
    void systemdReadsTheUnitWithoutAComplaint() throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze is not installed");
        Path unit = tmp.resolve("outreach@.service");
        Files.copy(UNIT, unit);
        Path instance = tmp.resolve("outreach@notifier.service");
        Files.createSymbolicLink(instance, unit.getFileName());
        Process p = new ProcessBuilder("/usr/bin/systemd-analyze", "verify", instance.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // Only complaints about this file count (the host's own units may have theirs), and the
        // JDK path, which the unit asks operators to adjust.
        List<String> complaints = output.lines()
                .filter(l -> l.contains("outreach@"))
                .filter(l -> !l.contains("/usr/bin/java"))
                .toList();
        assertThat(complaints).as(output).isEmpty();
    }

    @Test
    void aMistypedKeyIsAComplaintSystemdMakes() throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze is not installed");
        Path unit = tmp.resolve("outreach@.service");
        Files.writeString(unit, DeployFiles.text(UNIT).replace("TimeoutStopSec=", "TimeoutStopSek="));
        Path instance = tmp.resolve("outreach@notifier.service");
        Files.createSymbolicLink(instance, unit.getFileName());
        Process p = new ProcessBuilder("/usr/bin/systemd-analyze", "verify", instance.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output).contains("TimeoutStopSek");
    }

    /** The KEY=VALUE lines of a systemd environment file (comments and blank lines skipped). */
    static Map<String, String> example(ServiceConfigs.Service service) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : DeployFiles.text(DIR.resolve(service.name() + ".env.example"))
                .lines()
                .toList()) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            assertThat(eq).as(service.name() + ".env.example line " + l).isPositive();
            env.put(l.substring(0, eq), l.substring(eq + 1));
        }
        return env;
    }

    /** One section's keys of a unit file (the last value of a repeated key). */
    static Map<String, String> section(String unit, String name) {
        Map<String, String> keys = new LinkedHashMap<>();
        boolean in = false;
        for (String line : unit.lines().toList()) {
            String l = line.strip();
            if (l.startsWith("[")) {
                in = l.equals("[" + name + "]");
            } else if (in && !l.isEmpty() && !l.startsWith("#")) {
                int eq = l.indexOf('=');
                keys.put(l.substring(0, eq), l.substring(eq + 1));
            }
        }
        return keys;
    }
}
