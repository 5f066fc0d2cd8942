package org.aftercare.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.aftercare.kit.kafka.GroupMembership;

/**
 * Writes docs/configuration.md from the services' configuration classes: every variable each one
 * reads (from {@code Settings.described()} with the smallest valid environment) and its default.
 * {@link ConfigurationReferenceTest} fails when the committed file is out of date; regenerate with
 * {@code ./mvnw -pl deploy -am test -Dtest=ConfigurationReferenceTest -Doutreach.deploy.update=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
final class ConfigurationReference {

    static final Path FILE = DeployFiles.repo().resolve("docs/configuration.md");

    /** Variables whose value must differ between any two instances, of one service or of several. */
    static final Set<String> PER_INSTANCE = new TreeSet<>(Set.of(GroupMembership.INSTANCE_ID));

    static String render() {
        Map<String, Map<String, String>> byVariable = new TreeMap<>();
        for (ServiceConfigs.Service service : ServiceConfigs.ALL) {
            Map<String, String> env = service.minimalEnvironment();
            service.described(env)
                    .forEach((name, value) -> byVariable
                            .computeIfAbsent(name, n -> new TreeMap<>())
                            .put(service.name(), shown(value, env.containsKey(name))));
        }
        StringBuilder md = new StringBuilder();
        md.append("# Configuration reference\n\n")
                .append(
                        "Generated from the services' configuration classes (`SchedulerConfig`, `DecisionConfig`, `NotifierConfig`,\n")
                .append(
                        "`ConsoleConfig`) by `deploy/src/test/java/org/aftercare/deploy/ConfigurationReference.java`; do not edit by hand.\n")
                .append("`ConfigurationReferenceTest` fails when this file is out of date. Regenerate with:\n\n")
                .append(
                        "```\n./mvnw -B -q -pl deploy -am test -Dtest=ConfigurationReferenceTest -Doutreach.deploy.update=true -Dsurefire.failIfNoSpecifiedTests=false\n```\n\n")
                .append(
                        "What each variable means: the configuration tables of the [README](../README.md#configuration).\n")
                .append(
                        "Every service also honours `OUTREACH_LOG_LEVEL` (root log level, default `INFO`), `OUTREACH_LOG_FORMAT`\n")
                .append(
                        "(`plain` or `json`: ECS lines), `OUTREACH_SERVICE_NAME` (the JSON lines' `service.name`; default from the\n")
                .append(
                        "main class, `outreach-scheduler` ...), `OUTREACH_CONFIG_FILE` (a properties file with the same keys; the\n")
                .append("environment wins) and\n")
                .append("`OUTREACH_KAFKA_PROP_<NAME>` (any Kafka client property, dots as underscores).\n\n")
                .append("Durations are ISO-8601 (`PT2H`) or a number with a unit (`90s`, `5m`, `2h`, `1d`).\n\n");
        md.append("| variable |");
        ServiceConfigs.ALL.forEach(s -> md.append(' ').append(s.name()).append(" |"));
        md.append("\n|---|");
        ServiceConfigs.ALL.forEach(s -> md.append("---|"));
        md.append('\n');
        byVariable.forEach((name, values) -> {
            md.append("| `").append(name).append("` |");
            ServiceConfigs.ALL.forEach(s ->
                    md.append(' ').append(values.getOrDefault(s.name(), "")).append(" |"));
            md.append('\n');
        });
        Set<String> shared = new TreeSet<>();
        byVariable.forEach((name, values) -> {
            if (values.size() > 1 && !PER_INSTANCE.contains(name)) {
                shared.add("`" + name + "`");
            }
        });
        md.append("\nRead by more than one service (give them the same value everywhere): ")
                .append(String.join(", ", shared))
                .append(".\n");
        md.append("\nDifferent for every instance (never the same twice, e.g. the pod name): ")
                .append(String.join(
                        ", ", PER_INSTANCE.stream().map(n -> "`" + n + "`").toList()))
                .append(".\n");
        return md.toString();
    }

    /** A described value as the reference shows it: the default, or whether it is required or secret. */
    private static String shown(String described, boolean required) {
        if (required) {
            return described.contains("hidden") ? "required, secret" : "required";
        }
        String tmp = System.getProperty("java.io.tmpdir");
        String value = described
                .replace(tmp.endsWith("/") ? tmp : tmp + "/", "$TMPDIR/")
                .replace(tmp, "$TMPDIR");
        if (value.equals("(unset)")) {
            return "unset";
        }
        if (value.equals("(default, hidden)")) {
            return "secret";
        }
        if (value.endsWith(" (default)")) {
            return "`"
                    + value.substring(0, value.length() - " (default)".length()).replace("|", "\\|") + "`";
        }
        return value;
    }

    public static void main(String[] args) throws IOException {
        Files.writeString(FILE, render());
        System.out.println("wrote " + FILE);
    }

    private ConfigurationReference() {}
}
