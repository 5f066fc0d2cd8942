package org.aftercare.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kustomization of deploy/k8s builds from a clean clone the way docs/operations.md says
 * (KustomizeBuild: resources, patches, generators, images), and each kind of error a build would
 * stop at is caught: each planted error below made the build fail before it was kept as a test.
 */
class KustomizeBuildTest {

    @TempDir
    Path dir;

    private static List<ObjectNode> ofKind(List<ObjectNode> resources, String kind) {
        return resources.stream()
                .filter(r -> r.path("kind").asText().equals(kind))
                .toList();
    }

    private static ObjectNode named(List<ObjectNode> resources, String kind, String name) {
        return ofKind(resources, kind).stream()
                .filter(r -> r.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    @Test
    void theBaseAndEveryOverlayBuildFromACleanCloneFollowingTheOperationsGuide() {
        Map<String, List<ObjectNode>> built =
                K8sTree.cleanCopy(dir).makeDevSecrets().buildAll();

        assertThat(built.keySet()).containsExactly("base", "overlays/dev", "overlays/prod");
        built.forEach((k, resources) -> {
            assertThat(resources).as(k).isNotEmpty();
            resources.stream()
                    .filter(r -> !r.path("kind").asText().equals("Namespace"))
                    .forEach(
                            r -> assertThat(r.path("metadata").path("namespace").asText())
                                    .as(k + " " + r.path("kind").asText() + " "
                                            + r.path("metadata").path("name"))
                                    .isEqualTo("outreach"));
        });
        List<ObjectNode> dev = built.get("overlays/dev");
        assertThat(named(dev, "Secret", "outreach-admin-token").path("data").has("token"))
                .isTrue();
        assertThat(named(dev, "KafkaNodePool", "dual-role")
                        .path("spec")
                        .path("replicas")
                        .asInt())
                .isEqualTo(1);
        assertThat(ofKind(dev, "KafkaTopic"))
                .allSatisfy(
                        t -> assertThat(t.path("spec").path("replicas").asInt()).isEqualTo(1));
        assertThat(named(dev, "StatefulSet", "streams")
                        .path("spec")
                        .path("replicas")
                        .asInt())
                .isEqualTo(1);
        // a strategic merge keeps the base's variables and changes only the patched one
        JsonNode devNotifier = named(dev, "Deployment", "notifier");
        List<String> env = new ArrayList<>();
        devNotifier
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0)
                .path("env")
                .forEach(e ->
                        env.add(e.path("name").asText() + "=" + e.path("value").asText()));
        assertThat(env)
                .contains("OUTREACH_SMTP_STARTTLS=none", "OUTREACH_KAFKA_SECURITY_PROTOCOL=SASL_SSL")
                .doesNotContain("OUTREACH_SMTP_STARTTLS=required");

        List<ObjectNode> prod = built.get("overlays/prod");
        assertThat(named(prod, "Deployment", "scheduler")
                        .path("spec")
                        .path("template")
                        .path("spec")
                        .path("containers")
                        .get(0)
                        .path("image")
                        .asText())
                .startsWith("registry.example.org/aftercare-outreach/scheduler:");
        assertThat(named(prod, "StatefulSet", "streams")
                        .path("spec")
                        .path("replicas")
                        .asInt())
                .isEqualTo(3);
        for (String kind : List.of("ServiceMonitor", "PodMonitor", "PrometheusRule")) {
            assertThat(ofKind(prod, kind))
                    .as(kind + " in prod")
                    .isNotEmpty()
                    .allSatisfy(m -> assertThat(m.path("metadata")
                                    .path("labels")
                                    .path("release")
                                    .asText())
                            .isNotBlank());
        }
    }

    @Test
    void onACleanCloneWithoutTheSecretFilesTheDevOverlayStopsAtTheFirstMissingOne() {
        // The defect of issue 15: the dev overlay read admin-token.env, which nothing created.
        K8sTree tree = K8sTree.cleanCopy(dir);
        assertThatThrownBy(() -> tree.build("overlays/dev"))
                .isInstanceOf(KustomizeBuild.KustomizeException.class)
                .hasMessageContaining("outreach-admin-token")
                .hasMessageContaining("admin-token.env does not exist");
        // base and prod need no local file
        tree.build("base");
        tree.build("overlays/prod");
    }

    @Test
    void theDevSecretScriptWritesEveryFileTheOverlayReadsAndTheDocsAndKustomizationNameIt() {
        JsonNode dev = DeployFiles.yaml(DeployFiles.k8s().resolve("overlays/dev/kustomization.yaml"));
        Set<String> read = new TreeSet<>();
        dev.path("secretGenerator").forEach(g -> g.path("envs").forEach(e -> read.add(e.asText())));
        String script = DeployFiles.text(DeployFiles.k8s().resolve("overlays/dev/make-dev-secrets.sh"));
        Set<String> written = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^write (\\S+\\.env) ").matcher(script);
        while (m.find()) {
            written.add(m.group(1));
        }
        assertThat(written).isEqualTo(read);
        assertThat(DeployFiles.text(DeployFiles.k8s().resolve("overlays/dev/kustomization.yaml")))
                .contains("make-dev-secrets.sh")
                .doesNotContain("secrets.env.example");
        assertThat(DeployFiles.text(DeployFiles.repo().resolve("docs/operations.md")))
                .contains("deploy/k8s/overlays/dev/make-dev-secrets.sh")
                .contains("kubectl apply -k deploy/k8s/overlays/dev");
        assertThat(DeployFiles.text(DeployFiles.k8s().resolve("overlays/dev/.gitignore")))
                .contains("*.env");
    }

    @Test
    void aSecondRunOfTheScriptKeepsTheFilesItWrote() throws Exception {
        K8sTree tree = K8sTree.cleanCopy(dir).makeDevSecrets();
        String hashKey = java.nio.file.Files.readString(tree.file("overlays/dev/address-hash-key.env"));
        tree.makeDevSecrets();
        assertThat(java.nio.file.Files.readString(tree.file("overlays/dev/address-hash-key.env")))
                .isEqualTo(hashKey);
    }

    @Test
    void aMissingGeneratorFileFailsTheBuild() {
        K8sTree tree = K8sTree.cleanCopy(dir)
                .makeDevSecrets()
                .plant("overlays/dev/kustomization.yaml", "envs: [smtp.env]", "envs: [smpt.env]");
        assertThatThrownBy(() -> tree.build("overlays/dev"))
                .hasMessageContaining("outreach-smtp")
                .hasMessageContaining("smpt.env does not exist");
    }

    @Test
    void aMissingDashboardFileOfTheBaseGeneratorFailsTheBuild() {
        K8sTree tree = K8sTree.cleanCopy(dir)
                .plant("base/kustomization.yaml", "monitoring/outreach-dashboard.json", "monitoring/dashboard.json");
        assertThatThrownBy(() -> tree.build("base")).hasMessageContaining("dashboard.json does not exist");
    }

    @Test
    void aMissingResourceFailsTheBuild() {
        K8sTree tree =
                K8sTree.cleanCopy(dir).plant("base/kustomization.yaml", "  - kafka/users.yaml", "  - kafka/user.yaml");
        assertThatThrownBy(() -> tree.build("overlays/prod"))
                .hasMessageContaining("resource kafka/user.yaml does not exist");
    }

    @Test
    void aPatchOfAResourceThatIsNotThereFailsTheBuild() {
        K8sTree tree =
                K8sTree.cleanCopy(dir).plant("overlays/prod/workloads.yaml", "  name: streams", "  name: stream");
        assertThatThrownBy(() -> tree.build("overlays/prod"))
                .hasMessageContaining("patches StatefulSet stream, which is not among the resources");
    }

    @Test
    void aJsonPatchOnAPathThatIsNotThereFailsTheBuild() {
        K8sTree tree = K8sTree.cleanCopy(dir)
                .makeDevSecrets()
                .plant(
                        "overlays/dev/kustomization.yaml",
                        "path: /spec/config/min.insync.replicas",
                        "path: /spec/configs/min.insync.replicas");
        assertThatThrownBy(() -> tree.build("overlays/dev")).hasMessageContaining("does not apply to");
    }

    @Test
    void aPatchTargetThatMatchesNothingFailsTheBuild() {
        K8sTree tree = K8sTree.cleanCopy(dir)
                .plant(
                        "overlays/prod/kustomization.yaml",
                        "group: monitoring.coreos.com",
                        "group: monitoring.coreos.io");
        assertThatThrownBy(() -> tree.build("overlays/prod")).hasMessageContaining("matches no resource");
    }

    @Test
    void anUnknownKustomizationFieldOrImageFailsTheBuild() {
        K8sTree tree =
                K8sTree.cleanCopy(dir).plant("overlays/prod/kustomization.yaml", "patches:", "patchesStrategicMerge:");
        assertThatThrownBy(() -> tree.build("overlays/prod"))
                .hasMessageContaining("unknown or unsupported field 'patchesStrategicMerge'");
        K8sTree other = K8sTree.cleanCopy(dir.resolve("other"))
                .plant(
                        "overlays/prod/kustomization.yaml",
                        "  - name: aftercare-outreach/console",
                        "  - name: aftercare-outreach/consol");
        assertThatThrownBy(() -> other.build("overlays/prod"))
                .hasMessageContaining("images entry aftercare-outreach/consol matches no container");
    }

    @Test
    void theProdOverlaySetsTheRunbookBaseOfEveryAlertInOnePlace() {
        K8sTree tree = K8sTree.cleanCopy(dir)
                .plant(
                        "overlays/prod/kustomization.yaml",
                        "sourceValue: https://git.example.org/outreach/blob/main/docs/operations.md",
                        "sourceValue: https://docs.internal/ops.html");
        List<ObjectNode> base = KustomizeBuild.build(DeployFiles.k8s().resolve("base"));
        List<ObjectNode> prod = tree.build("overlays/prod");
        List<String> before = runbookUrls(named(base, "PrometheusRule", "outreach"));
        List<String> after = runbookUrls(named(prod, "PrometheusRule", "outreach"));

        assertThat(after).hasSameSizeAs(before).isNotEmpty();
        for (int i = 0; i < before.size(); i++) {
            String anchor = before.get(i).substring(before.get(i).indexOf('#'));
            assertThat(after.get(i)).isEqualTo("https://docs.internal/ops.html" + anchor);
        }
    }

    @Test
    void aReplacementOfAFieldThatIsNotThereFailsTheBuild() {
        K8sTree tree = K8sTree.cleanCopy(dir)
                .plant("overlays/prod/kustomization.yaml", "annotations.runbook_url", "annotations.runbook");
        assertThatThrownBy(() -> tree.build("overlays/prod")).hasMessageContaining("does not exist in");
    }

    private static List<String> runbookUrls(ObjectNode rule) {
        List<String> urls = new ArrayList<>();
        for (JsonNode group : rule.path("spec").path("groups")) {
            for (JsonNode r : group.path("rules")) {
                if (r.path("annotations").has("runbook_url")) {
                    urls.add(r.path("annotations").path("runbook_url").asText());
                }
            }
        }
        return urls;
    }
}
