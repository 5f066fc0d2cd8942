package org.aftercare.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every resource of the base and of each built overlay validates against the Kubernetes models
 * (core kinds) and the Strimzi, KEDA and prometheus-operator CRD schemas (ManifestSchemas), offline.
 * Each planted error below (a wrong field, a wrong value, a retired API version) failed the check
 * before it was kept as a test; the shipped files pass it.
 */
class KubernetesSchemaTest {

    @TempDir
    Path dir;

    private K8sTree tree() {
        return K8sTree.cleanCopy(dir).makeDevSecrets();
    }

    @Test
    void theShippedManifestsValidate() {
        assertThat(tree().schemaProblems()).isEmpty();
    }

    @Test
    void aWrongFieldInADeploymentIsCaught() {
        assertThat(tree().plant(
                                "base/scheduler.yaml",
                                "terminationGracePeriodSeconds:",
                                "terminationGracePeriodSecond:")
                        .schemaProblems())
                .anyMatch(p -> p.startsWith("base: apps/v1 Deployment scheduler")
                        && p.contains("terminationGracePeriodSecond"));
    }

    @Test
    void aWrongFieldInAnOverlayPatchIsCaughtInTheBuiltOverlay() {
        assertThat(tree().plant("overlays/prod/workloads.yaml", "requests:", "request:")
                        .schemaProblems())
                .anyMatch(p -> p.startsWith("overlays/prod: apps/v1 StatefulSet streams") && p.contains("request"));
    }

    @Test
    void aWrongFieldInAMetadataOrADisruptionBudgetIsCaught() {
        assertThat(tree().plant("base/monitoring/servicemonitor.yaml", "  labels:", "  lables:")
                        .schemaProblems())
                .anyMatch(p -> p.contains("ServiceMonitor outreach metadata") && p.contains("lables"));
        K8sTree other = K8sTree.cleanCopy(dir.resolve("other")).makeDevSecrets();
        assertThat(other.plant("base/notifier.yaml", "maxUnavailable: 1", "maxUnavailabe: 1")
                        .schemaProblems())
                .anyMatch(p -> p.contains("PodDisruptionBudget notifier") && p.contains("maxUnavailabe"));
    }

    @Test
    void aWrongFieldInAStrimziResourceIsCaught() {
        assertThat(tree().plant(
                                "base/kafka/kafka.yaml",
                                "        networkPolicyPeers:\n",
                                "        networkPolicyPeer:\n")
                        .schemaProblems())
                .anyMatch(p -> p.contains("kafka.strimzi.io/v1 Kafka outreach") && p.contains("networkPolicyPeer"));
        K8sTree other = K8sTree.cleanCopy(dir.resolve("other")).makeDevSecrets();
        assertThat(other.plant(
                                "base/kafka/users.yaml",
                                "operations: [Describe, Read, Write]",
                                "operations: [Describe, Read, Writ]")
                        .schemaProblems())
                .anyMatch(p -> p.contains("KafkaUser outreach-scheduler"));
    }

    @Test
    void aWrongValueInAKedaOrPrometheusResourceIsCaught() {
        assertThat(tree().plant("base/notifier.yaml", "minReplicaCount: 1", "minReplicaCount: one")
                        .schemaProblems())
                .anyMatch(p -> p.contains("keda.sh/v1alpha1 ScaledObject notifier") && p.contains("minReplicaCount"));
        K8sTree other = K8sTree.cleanCopy(dir.resolve("other")).makeDevSecrets();
        assertThat(other.plant("base/monitoring/servicemonitor.yaml", "podMetricsEndpoints:", "podMetricEndpoints:")
                        .schemaProblems())
                .anyMatch(p -> p.contains("PodMonitor outreach-kafka-exporter") && p.contains("podMetricEndpoints"));
    }

    @Test
    void aRetiredOrWrongApiVersionIsCaught() {
        assertThat(tree().plant("base/kafka/topics.yaml", "kafka.strimzi.io/v1", "kafka.strimzi.io/v1beta2")
                        .schemaProblems())
                .anyMatch(p ->
                        p.contains("kafka.strimzi.io/v1beta2 KafkaTopic member-profile: unknown API version or kind"));
        K8sTree other = K8sTree.cleanCopy(dir.resolve("other")).makeDevSecrets();
        assertThat(other.plant("base/streams.yaml", "apiVersion: apps/v1", "apiVersion: apps/v1beta2")
                        .schemaProblems())
                .anyMatch(p -> p.contains("apps/v1beta2 StatefulSet streams: unknown API version or kind"));
    }
}
