package org.aftercare.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aftercare.console.ConsoleService;
import org.aftercare.kit.health.MetricFamilies;
import org.aftercare.kit.health.MetricFamilies.Type;
import org.aftercare.notifier.NotifierService;
import org.aftercare.scheduler.SchedulerService;
import org.aftercare.streams.StreamsService;
import org.junit.jupiter.api.Test;

/**
 * Alerts and the dashboard use metrics the services really expose, counters only through rates;
 * every alert has an absolute runbook URL to a real heading of docs/operations.md; the Kubernetes
 * copies (PrometheusRule, dashboard ConfigMap source) equal the canonical files in
 * deploy/monitoring. Run with {@code -Doutreach.deploy.update=true} to rewrite the copies.
 *
 * <p>The services' families come from what each service declares ({@code *Service.METRICS}), not
 * from a scan of the sources: a declaration has the Prometheus name and type (so a timer without
 * buckets has no {@code _bucket}, and a counter read without {@code rate()} is caught), and each
 * service's {@code *MetricsIT} compares its declaration with a real scrape right after start.
 */
class MonitoringFilesTest {

    private static final Path ALERTS = DeployFiles.monitoring().resolve("alerts.yaml");
    private static final Path DASHBOARD = DeployFiles.monitoring().resolve("grafana/dashboards/outreach.json");
    private static final Path RULE = DeployFiles.k8s().resolve("base/monitoring/prometheusrule.yaml");
    private static final Path DASHBOARD_COPY = DeployFiles.k8s().resolve("base/monitoring/outreach-dashboard.json");
    private static final Path OPERATIONS = DeployFiles.repo().resolve("docs/operations.md");

    /** The runbook page's address in the shipped files (docs/operations.md says how to set your own). */
    static final String RUNBOOK_BASE = "https://outreach.example.org/docs/operations.md";

    /**
     * Metrics from outside our code: the Kafka exporter (danielqsj/kafka_exporter, which Strimzi's
     * kafkaExporter runs: broker, topic and consumer-group metrics, all gauges) and Prometheus' up.
     */
    static final MetricFamilies EXTERNAL = MetricFamilies.declare()
            .gauge(
                    "kafka_brokers",
                    "kafka_consumergroup_lag",
                    "kafka_topic_partitions",
                    "kafka_topic_partition_current_offset",
                    "kafka_topic_partition_leader",
                    "kafka_topic_partition_in_sync_replica",
                    "kafka_topic_partition_replicas",
                    "kafka_topic_partition_under_replicated_partition",
                    "up")
            .build();

    static Map<String, Type> families() {
        return SchedulerService.METRICS
                .and(StreamsService.METRICS)
                .and(NotifierService.METRICS)
                .and(ConsoleService.METRICS)
                .and(EXTERNAL)
                .asMap();
    }

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
    void everyQueryOfTheAlertsAndTheDashboardNamesExposedMetricsWithRatesOnCounters() {
        Map<String, Type> families = families();
        Map<String, List<String>> problems = new LinkedHashMap<>();
        expressions().forEach((where, expr) -> {
            List<String> found = PromQlUse.problems(expr, families);
            if (!found.isEmpty()) {
                problems.put(where + ": " + expr.strip(), found);
            }
        });
        assertThat(problems).as("queries that use metrics wrongly").isEmpty();
        assertThat(expressions()).as("queries found").hasSizeGreaterThan(30);
    }

    @Test
    void theCheckFailsOnPlantedMistakes() {
        Map<String, Type> families = families();
        assertThat(PromQlUse.problems("sum(rate(outreach_emails_sent_total[5m]))", families))
                .isEmpty();
        assertThat(PromQlUse.problems(
                        "histogram_quantile(0.95, sum by (le) (rate(outreach_smtp_send_seconds_bucket[5m])))",
                        families))
                .isEmpty();
        // the defects of the old dashboard: a raw counter, and a bucket of a timer that had none
        assertThat(PromQlUse.problems("sum(outreach_escalations_opened_total)", families))
                .singleElement()
                .asString()
                .contains("outside rate()");
        assertThat(PromQlUse.problems("sum(rate(outreach_checkins_emit_lag_seconds_bucketz[5m]))", families))
                .singleElement()
                .asString()
                .contains("no declared metric family");
        assertThat(PromQlUse.problems("rate(outreach_flags_open[5m])", families))
                .singleElement()
                .asString()
                .contains("a gauge");
        assertThat(PromQlUse.problems(
                        "sum(outreach_typo_total) + sum(rate(outreach_escalations_opened_total[1m]))", families))
                .hasSize(1);
    }

    @Test
    void everyAlertHasAnAbsoluteRunbookUrlToARealHeadingOfTheOperationsGuide() {
        Set<String> anchors = anchors(DeployFiles.text(OPERATIONS));
        List<String> alerts = new ArrayList<>();
        DeployFiles.yaml(ALERTS)
                .path("groups")
                .forEach(g -> g.path("rules").forEach(r -> {
                    String name = r.path("alert").asText();
                    alerts.add(name);
                    String url = r.path("annotations").path("runbook_url").asText();
                    assertThat(url).as(name + " runbook_url").isEqualTo(RUNBOOK_BASE + "#alert-" + name.toLowerCase());
                    assertThat(anchors)
                            .as("docs/operations.md has a heading for " + url)
                            .contains(url.substring(url.indexOf('#') + 1));
                    assertThat(r.path("labels").path("severity").asText())
                            .as(name + " severity")
                            .isIn("critical", "warning");
                    assertThat(r.path("annotations").path("summary").asText())
                            .as(name + " summary")
                            .isNotBlank();
                }));
        assertThat(alerts)
                .contains(
                        "CheckInsNotEmitted",
                        "ConsumerLagGrowing",
                        "DeadLettersGrowing",
                        "SmtpFailures",
                        "StreamsNotRunning",
                        "EscalationExhausted",
                        "KafkaExporterDown",
                        "KafkaPartitionsOffline",
                        "KafkaPartitionsUnderReplicated",
                        "ServiceMetricsAbsent")
                .doesNotHaveDuplicates();
    }

    @Test
    void anchorsAreTheHeadingsAsGitHubAndGitLabSpellThem() {
        assertThat(
                        anchors(
                                "# Operations\n### Alert: SmtpFailures\n## Replay a dead-letter topic\n```\n# not a heading\n```\n"))
                .containsExactlyInAnyOrder("operations", "alert-smtpfailures", "replay-a-dead-letter-topic");
    }

    /** The anchors of a Markdown page's headings (lower case, punctuation dropped, spaces as hyphens; code blocks skipped). */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new TreeSet<>();
        boolean code = false;
        for (String line : markdown.lines().toList()) {
            if (line.startsWith("```")) {
                code = !code;
                continue;
            }
            Matcher m = Pattern.compile("^#{1,6} (.+)$").matcher(line);
            if (!code && m.matches()) {
                anchors.add(m.group(1)
                        .strip()
                        .toLowerCase()
                        .replaceAll("[^a-z0-9 _-]", "")
                        .replace(' ', '-'));
            }
        }
        return anchors;
    }

    /** Every alert's expression and every dashboard query, by where it is. */
    private static Map<String, String> expressions() {
        Map<String, String> exprs = new LinkedHashMap<>();
        DeployFiles.yaml(ALERTS)
                .path("groups")
                .forEach(g -> g.path("rules")
                        .forEach(r -> exprs.put(
                                "alert " + r.path("alert").asText(),
                                r.path("expr").asText())));
        DeployFiles.json(DASHBOARD)
                .path("panels")
                .forEach(p -> p.path("targets")
                        .forEach(t -> exprs.put(
                                "panel '" + p.path("title").asText() + "' "
                                        + t.path("refId").asText(),
                                t.path("expr").asText())));
        return exprs;
    }
}
