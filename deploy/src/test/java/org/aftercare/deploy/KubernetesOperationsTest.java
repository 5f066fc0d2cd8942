package org.aftercare.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.http.HttpSettings;
import org.aftercare.streams.DecisionConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator's day-two actions need from deploy/k8s, checked on the base and every built
 * overlay: KEDA alone sets the notifier's replica count (no {@code replicas} to reset it on each
 * apply); every PodDisruptionBudget lets one pod go ({@code kubectl drain} is never blocked); each
 * workload's {@code preStop} wait equals its {@code OUTREACH_HTTP_DRAIN_DELAY} and its grace period
 * covers that wait, the drain and the close; the ServiceMonitor, PodMonitor and PrometheusRule carry
 * the {@code release} label kube-prometheus-stack selects on. Each planted error below made the
 * check fail before it was kept.
 */
class KubernetesOperationsTest {

    /** Kafka clients' close and a margin, for the services without a close timeout of their own. */
    private static final Duration CLOSE_MARGIN = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private static Duration duration(String value) {
        Settings s = Settings.of(Map.of("D", value));
        Duration d = s.duration("D", Duration.ZERO, Duration.ZERO, Duration.ofHours(1));
        s.validate();
        return d;
    }

    static List<String> problems(List<ObjectNode> resources) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode r : resources) {
            String kind = r.path("kind").asText();
            String name = r.path("metadata").path("name").asText();
            if (kind.equals("PodDisruptionBudget")) {
                JsonNode spec = r.path("spec");
                if (spec.has("minAvailable") || spec.path("maxUnavailable").asInt(0) != 1) {
                    problems.add("PodDisruptionBudget " + name
                            + " does not allow exactly one disruption (maxUnavailable: 1)");
                }
            }
            if (Set.of("ServiceMonitor", "PodMonitor", "PrometheusRule").contains(kind)
                    && r.path("metadata")
                            .path("labels")
                            .path("release")
                            .asText()
                            .isBlank()) {
                problems.add(kind + " " + name + " has no release label");
            }
        }
        ObjectNode notifier = KafkaAclsTest.workload(resources, "notifier");
        if (notifier.path("spec").has("replicas")) {
            problems.add("the notifier Deployment sets replicas, which KEDA owns");
        }
        for (ServiceConfigs.Service service : ServiceConfigs.ALL) {
            ObjectNode w = KafkaAclsTest.workload(resources, service.name());
            JsonNode c = KafkaAclsTest.container(w, service.name());
            Duration delay = duration(KafkaAclsTest.effective(service, c, HttpSettings.DRAIN_DELAY));
            Duration drain = duration(KafkaAclsTest.effective(service, c, HttpSettings.DRAIN_TIMEOUT));
            Duration close = service == ServiceConfigs.STREAMS
                    ? duration(KafkaAclsTest.effective(service, c, DecisionConfig.CLOSE_TIMEOUT))
                    : Duration.ZERO;
            JsonNode sleep = c.path("lifecycle").path("preStop").path("sleep").path("seconds");
            if (!sleep.isInt() || delay.isZero() || sleep.asLong() != delay.toSeconds()) {
                problems.add(service.name() + ": preStop sleep " + sleep.asText("none") + " s does not match "
                        + HttpSettings.DRAIN_DELAY + " " + delay.toSeconds() + " s");
            }
            long needed = Duration.ofSeconds(sleep.asLong(0))
                    .plus(delay)
                    .plus(drain)
                    .plus(close)
                    .plus(CLOSE_MARGIN)
                    .toSeconds();
            long grace = w.path("spec")
                    .path("template")
                    .path("spec")
                    .path("terminationGracePeriodSeconds")
                    .asLong(30);
            if (grace < needed) {
                problems.add(service.name() + ": terminationGracePeriodSeconds " + grace + " < " + needed
                        + " (preStop + drain delay + drain timeout + close + margin)");
            }
        }
        Set<String> releases = new TreeSet<>();
        resources.stream()
                .filter(r -> r.path("apiVersion").asText().startsWith("monitoring.coreos.com/"))
                .forEach(r -> releases.add(
                        r.path("metadata").path("labels").path("release").asText()));
        if (releases.size() > 1) {
            problems.add("the monitoring resources carry different release labels " + releases);
        }
        return problems;
    }

    @Test
    void theShippedBaseAndOverlaysDrainScaleAndAreScraped() {
        K8sTree.cleanCopy(dir)
                .makeDevSecrets()
                .buildAll()
                .forEach((k, resources) -> assertThat(problems(resources)).as(k).isEmpty());
    }

    @Test
    void replicasOnTheNotifierOrABudgetThatBlocksADrainIsCaught() {
        K8sTree tree = K8sTree.cleanCopy(dir)
                .plant(
                        "base/notifier.yaml",
                        "spec:\n  # No replicas here",
                        "spec:\n  replicas: 1\n  # No replicas here")
                .plant("base/console.yaml", "  maxUnavailable: 1", "  minAvailable: 1");
        assertThat(problems(tree.build("base")))
                .containsExactlyInAnyOrder(
                        "the notifier Deployment sets replicas, which KEDA owns",
                        "PodDisruptionBudget console does not allow exactly one disruption (maxUnavailable: 1)");
    }

    @Test
    void aPreStopWaitOtherThanTheDrainDelayOrAShortGracePeriodIsCaught() {
        K8sTree tree = K8sTree.cleanCopy(dir)
                .plant("base/scheduler.yaml", "                seconds: 5", "                seconds: 15")
                .plant("base/streams.yaml", "terminationGracePeriodSeconds: 60", "terminationGracePeriodSeconds: 45");
        assertThat(problems(tree.build("base")))
                .containsExactlyInAnyOrder(
                        "scheduler: preStop sleep 15 s does not match OUTREACH_HTTP_DRAIN_DELAY 5 s",
                        "scheduler: terminationGracePeriodSeconds 30 < 40 (preStop + drain delay + drain timeout + close + margin)",
                        "streams: terminationGracePeriodSeconds 45 < 60 (preStop + drain delay + drain timeout + close + margin)");
    }

    @Test
    void aMonitorWithoutTheReleaseLabelIsCaught() {
        K8sTree tree =
                K8sTree.cleanCopy(dir).plant("base/monitoring/servicemonitor.yaml", "    release: prometheus\n", "");
        assertThat(problems(tree.build("base")))
                .containsExactlyInAnyOrder(
                        "ServiceMonitor outreach has no release label",
                        "the monitoring resources carry different release labels [, prometheus]");
    }
}
