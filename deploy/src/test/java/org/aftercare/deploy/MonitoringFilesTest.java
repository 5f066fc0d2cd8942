package org.aftercare.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Alerts and the dashboard use metrics the services really expose, every alert has its runbook
 * entry, and the Kubernetes copies (PrometheusRule, dashboard ConfigMap source) equal the
 * canonical files in deploy/monitoring. Run with {@code -Doutreach.deploy.update=true} to rewrite
 * the copies from the canonical files.
 */
class MonitoringFilesTest {

    private static final Path ALERTS = DeployFiles.monitoring().resolve("alerts.yaml");
    private static final Path DASHBOARD = DeployFiles.monitoring().resolve("grafana/dashboards/outreach.json");
    private static final Path RULE = DeployFiles.k8s().resolve("base/monitoring/prometheusrule.yaml");
    private static final Path DASHBOARD_COPY = DeployFiles.k8s().resolve("base/monitoring/outreach-dashboard.json");

    /** Metrics that come from outside our code: the Kafka exporter, Kafka Streams' own metrics, Prometheus. */
    private static final Set<String> EXTERNAL = Set.of(
            "kafka_consumergroup_lag",
            "kafka_topic_partition_current_offset",
            "kafka_stream_alive_stream_threads",
            "up");

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
    private static final Pattern OUTREACH_LITERAL = Pattern.compile("\"(outreach\\.[a-z0-9_.]+)\"");

    @Test
    void kubernetesCopiesEqualTheCanonicalMonitoringFiles() throws IOException {
        JsonNode groups = DeployFiles.yaml(ALERTS).path("groups");
        JsonNode dashboard = DeployFiles.json(DASHBOARD);
        if (Boolean.getBoolean("outreach.deploy.update")) {
            JsonNode rule = DeployFiles.yaml(RULE);
            ((ObjectNode) rule.path("spec")).set("groups", groups);
            Files.writeString(
                    RULE,
                    "# The groups of deploy/monitoring/alerts.yaml (kept equal by MonitoringFilesTest; do not edit here).\n"
                            + DeployFiles.YAML.writeValueAsString(rule).replaceFirst("^---\\n", ""));
            Files.copy(DASHBOARD, DASHBOARD_COPY, StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(DeployFiles.yaml(RULE).path("spec").path("groups"))
                .as(RULE + " (rerun with -Doutreach.deploy.update=true)")
                .isEqualTo(groups);
        assertThat(DeployFiles.json(DASHBOARD_COPY))
                .as(DASHBOARD_COPY + " (rerun with -Doutreach.deploy.update=true)")
                .isEqualTo(dashboard);
    }

    @Test
    void everyMetricTheAlertsAndDashboardUseIsExposed() {
        Set<String> known = codeMetricNames();
        assertThat(known).as("metric names found in the services' code").isNotEmpty();
        List<String> unknown = new ArrayList<>();
        for (String expr : expressions()) {
            for (String name : metricNames(expr)) {
                if (EXTERNAL.contains(name)) {
                    continue;
                }
                if (!exposed(name, known)) {
                    unknown.add(name + " in: " + expr.strip());
                }
            }
        }
        assertThat(unknown).as("metrics no service exposes").isEmpty();
    }

    @Test
    void everyAlertHasARunbookEntry() {
        String operations = DeployFiles.text(DeployFiles.repo().resolve("docs/operations.md"));
        List<String> alerts = new ArrayList<>();
        DeployFiles.yaml(ALERTS)
                .path("groups")
                .forEach(g -> g.path("rules").forEach(r -> {
                    String name = r.path("alert").asText();
                    alerts.add(name);
                    assertThat(operations)
                            .as("docs/operations.md has '### Alert: " + name + "'")
                            .contains("### Alert: " + name + "\n");
                    assertThat(r.path("annotations").path("runbook_url").asText())
                            .isEqualTo("docs/operations.md#alert-" + name.toLowerCase());
                    assertThat(r.path("labels").path("severity").asText())
                            .as(name + " severity")
                            .isIn("critical", "warning");
                }));
        assertThat(alerts)
                .contains(
                        "CheckInsNotEmitted",
                        "ConsumerLagGrowing",
                        "DeadLettersGrowing",
                        "SmtpFailures",
                        "StreamsNotRunning",
                        "EscalationExhausted");
    }

    private static List<String> expressions() {
        List<String> exprs = new ArrayList<>();
        DeployFiles.yaml(ALERTS)
                .path("groups")
                .forEach(g ->
                        g.path("rules").forEach(r -> exprs.add(r.path("expr").asText())));
        DeployFiles.json(DASHBOARD).findValues("expr").forEach(e -> exprs.add(e.asText()));
        return exprs;
    }

    /**
     * The metric names of a PromQL expression: identifiers left once label lists of by/on/without,
     * label matchers, ranges, strings and Grafana variables are removed, that are neither a
     * function call nor a keyword.
     */
    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\\b(by|on|without|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\"[^\"]*\"", " ")
                .replaceAll("\\$\\w+", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String name = m.group();
            boolean call = s.substring(m.end()).stripLeading().startsWith("(");
            if (!call && !Set.of("and", "or", "unless", "bool", "offset").contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** A Prometheus name is exposed when a meter name in the code (dots as underscores) gives it. */
    static boolean exposed(String prometheusName, Set<String> codeNames) {
        for (String code : codeNames) {
            String base = code.replace('.', '_');
            if (base.endsWith("_")) {
                // A name built in code from a literal prefix ("outreach.escalations." + outcome).
                if (prometheusName.startsWith(base)) {
                    return true;
                }
                continue;
            }
            for (String suffix :
                    List.of("", "_total", "_seconds_count", "_seconds_sum", "_seconds_max", "_seconds_bucket")) {
                if (prometheusName.equals(base + suffix)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every "outreach.*" string literal in the services' and the kit's main sources. */
    static Set<String> codeMetricNames() {
        Set<String> names = new TreeSet<>();
        for (String module : List.of("scheduler", "streams", "notifier", "console", "service-kit")) {
            Path src = DeployFiles.repo().resolve(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(src)) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
                    Matcher m = OUTREACH_LITERAL.matcher(DeployFiles.text(p));
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }
}
