package org.aftercare.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.aftercare.console.ConsoleConfig;
import org.aftercare.events.Topic;
import org.aftercare.events.Topics;
import org.aftercare.kit.kafka.GroupMembership;
import org.aftercare.kit.links.Links;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s stays true to the code (schema validation and the overlay builds are
 * KubernetesSchemaTest's and KustomizeBuildTest's): every document names apiVersion, kind and
 * metadata.name; every file a kustomization names exists; each service's workload has its image,
 * its management port (and the scheduler and the console their public ports), liveness and
 * readiness probes on the health endpoints of the management port, resources, a non-root security
 * context, a management Service that exposes only that port, a PodDisruptionBudget and
 * NetworkPolicies that match its pods; the public Services and the Ingresses carry only the pages
 * (the scheduler's link paths; the console's own host); its variables are exactly those its
 * configuration reads; the KafkaTopics are those of the events module.
 */
class KubernetesManifestsTest {

    private static final String DEFAULTS_ANNOTATION = "outreach.aftercare.org/defaults-kept";

    record Doc(Path file, JsonNode node) {
        String kind() {
            return node.path("kind").asText();
        }

        String name() {
            return node.path("metadata").path("name").asText();
        }

        boolean inBase() {
            return DeployFiles.k8s().relativize(file).startsWith("base");
        }
    }

    static List<Doc> docs() {
        List<Doc> docs = new ArrayList<>();
        for (Path file : DeployFiles.files("yaml", "yml")) {
            if (file.startsWith(DeployFiles.k8s())) {
                DeployFiles.yamlDocuments(file).forEach(n -> docs.add(new Doc(file, n)));
            }
        }
        return docs;
    }

    static List<Doc> base(String kind) {
        return docs().stream()
                .filter(Doc::inBase)
                .filter(d -> d.kind().equals(kind))
                .toList();
    }

    static Doc workload(ServiceConfigs.Service service) {
        List<Doc> found = docs().stream()
                .filter(Doc::inBase)
                .filter(d -> d.kind().equals("Deployment") || d.kind().equals("StatefulSet"))
                .filter(d -> d.name().equals(service.name()))
                .toList();
        assertThat(found).as("one base workload named " + service.name()).hasSize(1);
        return found.get(0);
    }

    static JsonNode container(JsonNode workload, String name) {
        for (JsonNode c : workload.path("spec").path("template").path("spec").path("containers")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        return DeployFiles.at(workload, "missing");
    }

    /** name -> literal value ("" for valueFrom) of a container's env list. */
    static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        container
                .path("env")
                .forEach(e -> env.put(e.path("name").asText(), e.path("value").asText("")));
        return env;
    }

    /** The base environment of a service with every overlay patch of the same workload applied. */
    static Map<String, Map<String, String>> environments(ServiceConfigs.Service service) {
        Map<String, Map<String, String>> byFile = new TreeMap<>();
        for (Doc d : docs()) {
            if ((d.kind().equals("Deployment") || d.kind().equals("StatefulSet"))
                    && d.name().equals(service.name())) {
                byFile.put(DeployFiles.k8s().relativize(d.file()).toString(), env(container(d.node(), service.name())));
            }
        }
        return byFile;
    }

    @Test
    void everyDocumentNamesItsApiVersionKindAndName() {
        List<Doc> docs = docs();
        assertThat(docs).isNotEmpty();
        for (Doc d : docs) {
            assertThat(d.node().path("apiVersion").asText())
                    .as(d.file() + " apiVersion")
                    .isNotBlank();
            assertThat(d.kind()).as(d.file() + " kind").isNotBlank();
            if (!d.kind().equals("Kustomization")) {
                assertThat(d.name())
                        .as(d.file() + " metadata.name of a " + d.kind())
                        .isNotBlank();
            }
        }
    }

    @Test
    void everyFileAKustomizationNamesExists() {
        for (Doc d : docs()) {
            if (!d.kind().equals("Kustomization")) {
                continue;
            }
            Path dir = d.file().getParent();
            List<String> paths = new ArrayList<>();
            d.node().path("resources").forEach(r -> paths.add(r.asText()));
            d.node().path("patches").forEach(p -> {
                if (p.has("path")) {
                    paths.add(p.path("path").asText());
                }
            });
            d.node().path("configMapGenerator").forEach(g -> g.path("files").forEach(f -> paths.add(f.asText())));
            for (String p : paths) {
                assertThat(Files.exists(dir.resolve(p)))
                        .as(d.file() + " names " + p)
                        .isTrue();
            }
        }
    }

    @Test
    void eachWorkloadSetsExactlyTheVariablesItsConfigurationReads() {
        List<String> problems = new ArrayList<>();
        for (ServiceConfigs.Service service : ServiceConfigs.ALL) {
            Doc workload = workload(service);
            Set<String> set = environments(service).values().stream()
                    .flatMap(e -> e.keySet().stream())
                    .collect(Collectors.toSet());
            String kept = workload.node()
                    .path("metadata")
                    .path("annotations")
                    .path(DEFAULTS_ANNOTATION)
                    .asText("");
            Set<String> keptAtDefault = kept.isBlank()
                    ? Set.of()
                    : Arrays.stream(kept.split(",")).map(String::strip).collect(Collectors.toSet());
            problems.addAll(EnvironmentRules.drift("k8s " + service.name(), service, set, keptAtDefault));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void eachWorkloadRunsItsImageNonRootWithProbesOnTheHealthEndpoints() {
        String projectVersion = System.getProperty("outreach.project.version");
        for (ServiceConfigs.Service service : ServiceConfigs.ALL) {
            JsonNode w = workload(service).node();
            JsonNode pod = w.path("spec").path("template").path("spec");
            JsonNode c = container(w, service.name());
            String what = service.name();
            assertThat(c.path("image").asText())
                    .as(what + " image")
                    .isEqualTo("aftercare-outreach/" + service.name() + ":" + projectVersion);
            Map<String, String> env = env(c);
            Map<String, Integer> ports = containerPorts(c);
            Map<String, Integer> expected =
                    new TreeMap<>(Map.of(MANAGEMENT, ComposeFilesTest.managementPort(service, env)));
            if (service.hasPublicListener()) {
                expected.put(PUBLIC, ComposeFilesTest.publicPort(service, env));
            }
            assertThat(ports).as(what + " container ports by name").isEqualTo(expected);
            assertThat(env)
                    .as(what + ": the management listener binds 0.0.0.0 in the pod")
                    .containsEntry(service.managementHostVariable(), "0.0.0.0");
            assertThat(c.path("livenessProbe").path("httpGet").path("path").asText())
                    .as(what + " liveness")
                    .isEqualTo("/health/live");
            assertThat(c.path("readinessProbe").path("httpGet").path("path").asText())
                    .as(what + " readiness")
                    .isEqualTo("/health/ready");
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                if (c.has(probe)) {
                    assertThat(c.path(probe).path("httpGet").path("port").asText())
                            .as(what + " " + probe)
                            .isEqualTo(MANAGEMENT);
                }
            }
            assertThat(c.path("resources").path("limits").path("memory").asText())
                    .as(what + " memory limit")
                    .isNotBlank();
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean())
                    .as(what + " runAsNonRoot")
                    .isTrue();
            assertThat(c.path("securityContext")
                            .path("allowPrivilegeEscalation")
                            .asBoolean(true))
                    .as(what)
                    .isFalse();
            assertThat(c.path("securityContext").path("readOnlyRootFilesystem").asBoolean())
                    .as(what)
                    .isTrue();
        }
    }

    @Test
    void eachWorkloadHasAManagementServiceADisruptionBudgetAndNetworkPoliciesMatchingItsPods() {
        for (ServiceConfigs.Service service : ServiceConfigs.ALL) {
            JsonNode w = workload(service).node();
            Map<String, String> podLabels =
                    labels(w.path("spec").path("template").path("metadata").path("labels"));
            assertThat(labels(w.path("spec").path("selector").path("matchLabels"))
                            .entrySet())
                    .as(service.name() + " selector matches its pods")
                    .isSubsetOf(podLabels.entrySet());
            Map<String, String> env = env(container(w, service.name()));
            int management = ComposeFilesTest.managementPort(service, env);

            List<Doc> services = servicesOf(podLabels);
            assertThat(services)
                    .as("the management Service of " + service.name())
                    .filteredOn(s -> listener(s).equals(MANAGEMENT))
                    .singleElement()
                    .satisfies(s -> assertThat(servicePorts(s))
                            .as("a management Service exposes only the management port")
                            .containsExactly(Map.entry(MANAGEMENT, management)));
            if (service.hasPublicListener()) {
                int publicPort = ComposeFilesTest.publicPort(service, env);
                assertThat(services)
                        .as("the public Service of " + service.name())
                        .filteredOn(s -> listener(s).equals(PUBLIC))
                        .singleElement()
                        .satisfies(s -> assertThat(servicePorts(s))
                                .as("the public Service exposes only the public port")
                                .containsExactly(Map.entry(PUBLIC, publicPort)));
                assertThat(allowedFrom(podLabels, publicPort))
                        .as(service.name() + ": who may reach the public port")
                        .containsExactly("namespace ingress-nginx");
            } else {
                assertThat(services)
                        .as(service.name() + " has no public Service")
                        .allSatisfy(s -> assertThat(listener(s)).isEqualTo(MANAGEMENT));
            }
            assertThat(services)
                    .as("every Service of " + service.name() + " says which listener it carries")
                    .allSatisfy(s -> assertThat(listener(s)).isIn(PUBLIC, MANAGEMENT));
            assertThat(allowedFrom(podLabels, management))
                    .as(service.name() + ": who may reach the management port")
                    .containsExactlyInAnyOrder("this namespace", "namespace monitoring");

            assertThat(base("PodDisruptionBudget"))
                    .as("a PodDisruptionBudget for " + service.name())
                    .anySatisfy(p -> assertThat(labels(p.node()
                                            .path("spec")
                                            .path("selector")
                                            .path("matchLabels"))
                                    .entrySet())
                            .isNotEmpty()
                            .isSubsetOf(podLabels.entrySet()));
        }
        assertThat(base("ServiceMonitor")).anySatisfy(m -> {
            assertThat(labels(m.node().path("spec").path("selector").path("matchLabels")))
                    .as("Prometheus selects the management Services only")
                    .containsEntry(LISTENER_LABEL, MANAGEMENT);
            JsonNode endpoint = m.node().path("spec").path("endpoints").get(0);
            assertThat(endpoint.path("port").asText()).isEqualTo(MANAGEMENT);
            assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
        });
    }

    @Test
    void theSchedulersIngressRoutesOnlyTheLinkPathsToItsPublicService() {
        List<String> linkPrefixes = List.of(
                Links.CHECK_IN,
                Links.CONTACT_INVITATION,
                Links.ACKNOWLEDGE,
                Links.UNSUBSCRIBE,
                Links.PAUSE,
                Links.HELP);
        List<Doc> ingresses = ingressesOf("scheduler");
        assertThat(ingresses).as("an Ingress of the scheduler in the base").anyMatch(Doc::inBase);
        for (Doc ingress : ingresses) {
            assertThat(ingressPaths(ingress, "scheduler"))
                    .as(ingress.file() + ": the link paths and nothing else")
                    .containsExactlyInAnyOrderElementsOf(linkPrefixes);
        }
        Doc publicService = base("Service").stream()
                .filter(s -> s.name().equals("scheduler"))
                .findFirst()
                .orElseThrow();
        assertThat(listener(publicService)).isEqualTo(PUBLIC);
    }

    @Test
    void theConsolesIngressRoutesItsOwnHostToItsPublicServiceWithStickySessions() {
        List<Doc> ingresses = ingressesOf("console");
        assertThat(ingresses).as("an Ingress of the console in the base").anyMatch(Doc::inBase);
        for (Doc ingress : ingresses) {
            assertThat(ingressPaths(ingress, "console"))
                    .as(ingress.file() + ": every path of the console's host")
                    .containsExactly("/");
        }
        Doc base = ingresses.stream().filter(Doc::inBase).findFirst().orElseThrow();
        assertThat(base.node()
                        .path("metadata")
                        .path("annotations")
                        .path("nginx.ingress.kubernetes.io/affinity")
                        .asText())
                .as("sessions are in the console's memory: a browser stays on one pod")
                .isEqualTo("cookie");
        Doc publicService = base("Service").stream()
                .filter(s -> s.name().equals("console"))
                .findFirst()
                .orElseThrow();
        assertThat(listener(publicService)).isEqualTo(PUBLIC);

        // In production each service has its own host, with TLS; the console's is its public URL's.
        Map<String, String> hosts = new TreeMap<>();
        for (Doc ingress : docs().stream()
                .filter(d -> d.kind().equals("Ingress") && !d.inBase())
                .toList()) {
            for (JsonNode rule : ingress.node().path("spec").path("rules")) {
                hosts.put(ingress.name(), rule.path("host").asText());
            }
            List<String> tlsHosts = new ArrayList<>();
            ingress.node()
                    .path("spec")
                    .path("tls")
                    .forEach(t -> t.path("hosts").forEach(h -> tlsHosts.add(h.asText())));
            assertThat(tlsHosts)
                    .as(ingress.file() + " " + ingress.name() + " TLS")
                    .contains(hosts.get(ingress.name()));
        }
        assertThat(hosts).containsKeys("scheduler-public", "console-public");
        assertThat(hosts.get("console-public")).isNotEqualTo(hosts.get("scheduler-public"));
        for (Map<String, String> env : environments(ServiceConfigs.CONSOLE).values()) {
            String url = env.get(ConsoleConfig.PUBLIC_URL);
            if (url != null && url.startsWith("https://")) {
                assertThat(url).isEqualTo("https://" + hosts.get("console-public"));
            }
        }
    }

    /** The Ingresses (base and overlays) whose backends are the given service's. */
    private static List<Doc> ingressesOf(String service) {
        return docs().stream()
                .filter(d -> d.kind().equals("Ingress"))
                .filter(d -> d.node().findValues("service").stream()
                        .anyMatch(b -> b.path("name").asText().equals(service)))
                .toList();
    }

    /** An Ingress's paths, each checked to go to the service's public port with pathType Prefix. */
    private static List<String> ingressPaths(Doc ingress, String service) {
        List<String> paths = new ArrayList<>();
        for (JsonNode rule : ingress.node().path("spec").path("rules")) {
            for (JsonNode path : rule.path("http").path("paths")) {
                paths.add(path.path("path").asText());
                JsonNode backend = path.path("backend").path("service");
                assertThat(backend.path("name").asText())
                        .as(ingress.file() + " backend")
                        .isEqualTo(service);
                assertThat(backend.path("port").path("name").asText())
                        .as(ingress.file() + " backend port")
                        .isEqualTo(PUBLIC);
                assertThat(path.path("pathType").asText()).isEqualTo("Prefix");
            }
        }
        return paths;
    }

    private static final String PUBLIC = "http";
    private static final String MANAGEMENT = "management";
    private static final String LISTENER_LABEL = "outreach.aftercare.org/listener";

    private static String listener(Doc service) {
        String label = service.node()
                .path("metadata")
                .path("labels")
                .path(LISTENER_LABEL)
                .asText("");
        return label.equals("public") ? PUBLIC : label;
    }

    private static Map<String, Integer> containerPorts(JsonNode container) {
        Map<String, Integer> ports = new TreeMap<>();
        container
                .path("ports")
                .forEach(p -> ports.put(
                        p.path("name").asText(), p.path("containerPort").asInt()));
        return ports;
    }

    /** The base Services whose selector picks these pods. */
    private static List<Doc> servicesOf(Map<String, String> podLabels) {
        return base("Service").stream()
                .filter(s -> {
                    Map<String, String> selector = labels(s.node().path("spec").path("selector"));
                    return !selector.isEmpty() && podLabels.entrySet().containsAll(selector.entrySet());
                })
                .toList();
    }

    /** A Service's ports as name -> port, each required to target the container port of the same name. */
    private static List<Map.Entry<String, Integer>> servicePorts(Doc service) {
        List<Map.Entry<String, Integer>> ports = new ArrayList<>();
        service.node().path("spec").path("ports").forEach(p -> {
            assertThat(p.path("targetPort").asText())
                    .as(service.name() + " targetPort")
                    .isEqualTo(p.path("name").asText());
            ports.add(Map.entry(p.path("name").asText(), p.path("port").asInt()));
        });
        return ports;
    }

    /** Who the NetworkPolicies of these pods let in on a port: "this namespace" or "namespace NAME". */
    private static List<String> allowedFrom(Map<String, String> podLabels, int port) {
        List<String> peers = new ArrayList<>();
        for (Doc n : base("NetworkPolicy")) {
            Map<String, String> selected =
                    labels(n.node().path("spec").path("podSelector").path("matchLabels"));
            if (selected.isEmpty() || !podLabels.entrySet().containsAll(selected.entrySet())) {
                continue;
            }
            for (JsonNode rule : n.node().path("spec").path("ingress")) {
                boolean onPort = false;
                for (JsonNode p : rule.path("ports")) {
                    onPort |= p.path("port").asInt() == port;
                }
                if (!onPort) {
                    continue;
                }
                assertThat(rule.has("from"))
                        .as(n.name() + ": a rule on port " + port + " names who may connect")
                        .isTrue();
                for (JsonNode from : rule.path("from")) {
                    if (from.has("namespaceSelector")) {
                        peers.add("namespace "
                                + from.path("namespaceSelector")
                                        .path("matchLabels")
                                        .path("kubernetes.io/metadata.name")
                                        .asText("?"));
                    } else if (from.has("podSelector")
                            && from.path("podSelector").isEmpty()) {
                        peers.add("this namespace");
                    } else {
                        peers.add(from.toString());
                    }
                }
            }
        }
        return peers;
    }

    @Test
    void kafkaTopicsAreThoseOfTheEventsModule() {
        Map<String, EventTopics.Declared> declared = new TreeMap<>();
        for (Doc d : base("KafkaTopic")) {
            JsonNode spec = d.node().path("spec");
            String name = spec.path("topicName").asText(d.name());
            JsonNode config = spec.path("config");
            assertThat(declared).as("KafkaTopic declared twice: " + name).doesNotContainKey(name);
            declared.put(
                    name,
                    new EventTopics.Declared(
                            name,
                            spec.path("partitions").asInt(-1),
                            spec.path("replicas").asInt(-1),
                            config.path("cleanup.policy").asText("delete"),
                            config.has("retention.ms")
                                    ? config.path("retention.ms").asLong()
                                    : null));
            assertThat(d.node()
                            .path("metadata")
                            .path("labels")
                            .path("strimzi.io/cluster")
                            .asText())
                    .as(name)
                    .isEqualTo("outreach");
        }
        Map<String, Topic<?>> expected = EventTopics.all();
        assertThat(declared.keySet()).as("KafkaTopics").isEqualTo(expected.keySet());
        declared.forEach((name, d) ->
                assertThat(EventTopics.mismatch(expected.get(name), d)).as(name).isEmpty());
        Set<Integer> partitions =
                declared.values().stream().map(EventTopics.Declared::partitions).collect(Collectors.toSet());
        Set<Integer> replicas =
                declared.values().stream().map(EventTopics.Declared::replicas).collect(Collectors.toSet());
        assertThat(partitions).as("one partition count for all topics").hasSize(1);
        assertThat(replicas).as("one replication factor for all topics").hasSize(1);
        for (ServiceConfigs.Service service : ServiceConfigs.ALL) {
            Map<String, String> env = env(container(workload(service).node(), service.name()));
            assertThat(Integer.parseInt(
                            env.getOrDefault("OUTREACH_KAFKA_PARTITIONS", String.valueOf(Topics.DEFAULT_PARTITIONS))))
                    .as(service.name() + " partitions")
                    .isEqualTo(partitions.iterator().next());
            assertThat(Integer.parseInt(env.getOrDefault("OUTREACH_KAFKA_REPLICATION_FACTOR", "1")))
                    .as(service.name() + " replication factor")
                    .isEqualTo(replicas.iterator().next());
        }
    }

    @Test
    void streamsKeepsItsStateOnAVolumeWithStaticMembershipAndStandbys() {
        Doc streams = workload(ServiceConfigs.STREAMS);
        assertThat(streams.kind()).isEqualTo("StatefulSet");
        JsonNode c = container(streams.node(), "streams");
        Map<String, String> env = env(c);
        String stateDir = env.get("OUTREACH_STREAMS_STATE_DIR");
        assertThat(stateDir).as("OUTREACH_STREAMS_STATE_DIR is set").isNotBlank();
        String claim = streams.node()
                .path("spec")
                .path("volumeClaimTemplates")
                .get(0)
                .path("metadata")
                .path("name")
                .asText();
        assertThat(c.path("volumeMounts")).anySatisfy(m -> {
            assertThat(m.path("name").asText()).isEqualTo(claim);
            assertThat(m.path("mountPath").asText()).isEqualTo(stateDir);
        });
        assertInstanceIdFromThePodName(c);
        assertThat(Integer.parseInt(env.getOrDefault(ServiceConfigs.KAFKA_PROP_PREFIX + "NUM_STANDBY_REPLICAS", "0")))
                .isGreaterThanOrEqualTo(1);
        assertThat(workload(ServiceConfigs.SCHEDULER)
                        .node()
                        .path("spec")
                        .path("replicas")
                        .asInt())
                .as("scheduler replicas")
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void theNotifierIsAStaticGroupMemberUnderItsPodName() {
        Doc notifier = workload(ServiceConfigs.NOTIFIER);
        assertInstanceIdFromThePodName(container(notifier.node(), "notifier"));
    }

    /** Static membership: OUTREACH_KAFKA_GROUP_INSTANCE_ID from the pod name (unique, kept across container restarts). */
    private static void assertInstanceIdFromThePodName(JsonNode container) {
        JsonNode instanceId = null;
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(GroupMembership.INSTANCE_ID)) {
                instanceId = e;
            }
        }
        assertThat(instanceId)
                .as("static membership: " + GroupMembership.INSTANCE_ID + " from the pod name")
                .isNotNull();
        assertThat(instanceId
                        .path("valueFrom")
                        .path("fieldRef")
                        .path("fieldPath")
                        .asText())
                .isEqualTo("metadata.name");
    }

    @Test
    void theNotifierScalesOnItsOwnConsumerGroupsLagWithinThePartitionCount() {
        Doc scaled = base("ScaledObject").get(0);
        JsonNode spec = scaled.node().path("spec");
        assertThat(spec.path("scaleTargetRef").path("name").asText()).isEqualTo("notifier");
        assertThat(spec.path("minReplicaCount").asInt())
                .as("never scaled to zero: escalations must go out")
                .isGreaterThanOrEqualTo(1);
        JsonNode trigger = spec.path("triggers").get(0);
        assertThat(trigger.path("type").asText()).isEqualTo("kafka");
        Map<String, String> env =
                env(container(workload(ServiceConfigs.NOTIFIER).node(), "notifier"));
        String group = env.getOrDefault(
                "OUTREACH_NOTIFIER_GROUP_ID",
                ServiceConfigs.NOTIFIER
                        .described(ServiceConfigs.NOTIFIER.minimalEnvironment())
                        .get("OUTREACH_NOTIFIER_GROUP_ID")
                        .replace(" (default)", ""));
        assertThat(trigger.path("metadata").path("consumerGroup").asText()).isEqualTo(group);
        assertThat(EventTopics.all())
                .containsKey(trigger.path("metadata").path("topic").asText());
        int partitions =
                base("KafkaTopic").get(0).node().path("spec").path("partitions").asInt();
        assertThat(spec.path("maxReplicaCount").asInt())
                .as("no more notifiers than partitions")
                .isLessThanOrEqualTo(partitions);
    }

    /** Secrets Strimzi writes: one per KafkaUser (its name) and the cluster CA's certificate. */
    static Set<String> strimziSecrets() {
        Set<String> made = new TreeSet<>();
        base("KafkaUser").forEach(u -> made.add(u.name()));
        base("Kafka").forEach(k -> made.add(k.name() + "-cluster-ca-cert"));
        return made;
    }

    @Test
    void theSecretsTheWorkloadsReferenceAreGeneratedInDevOrByStrimziAndDocumented() {
        Set<String> referenced = new TreeSet<>();
        for (Doc d : docs()) {
            d.node()
                    .findValues("secretKeyRef")
                    .forEach(ref -> referenced.add(ref.path("name").asText()));
            d.node().findValues("secretName").forEach(name -> referenced.add(name.asText()));
            if (d.kind().equals("TriggerAuthentication")) {
                d.node()
                        .path("spec")
                        .path("secretTargetRef")
                        .forEach(ref -> referenced.add(ref.path("name").asText()));
            }
        }
        Set<String> generated = new TreeSet<>();
        docs().stream()
                .filter(d ->
                        d.kind().equals("Kustomization") && d.file().toString().contains("overlays/dev"))
                .forEach(k -> k.node()
                        .path("secretGenerator")
                        .forEach(g -> generated.add(g.path("name").asText())));
        Set<String> ours = new TreeSet<>(referenced);
        ours.removeAll(strimziSecrets());
        // the Ingress TLS Secrets of the production overlay come from the cluster's certificate issuer
        ours.removeIf(name -> name.endsWith("-tls"));
        assertThat(generated).containsAll(ours);
        // outreach-dlq is the operators' user for the dlq command's one-off Jobs (docs/operations.md).
        Set<String> workloadUsers = new TreeSet<>(strimziSecrets());
        workloadUsers.remove("outreach-dlq");
        assertThat(referenced)
                .as("every KafkaUser's Secret is used, by a workload or by KEDA")
                .containsAll(workloadUsers);
        assertThat(DeployFiles.text(DeployFiles.repo().resolve("docs/operations.md")))
                .as("the dlq command's user is explained")
                .contains("Secret `outreach-dlq`");
        String operations = DeployFiles.text(DeployFiles.repo().resolve("docs/operations.md"));
        referenced.stream()
                .filter(name -> !name.endsWith("-tls"))
                .forEach(name -> assertThat(operations)
                        .as("docs/operations.md explains Secret " + name)
                        .contains(name));
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new TreeMap<>();
        node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }
}
