package org.aftercare.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.aftercare.events.Topic;
import org.aftercare.events.Topics;
import org.aftercare.kit.config.ConfigException;
import org.aftercare.kit.health.HealthProbe;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** deploy/compose stays true to the code: schema, variables, topics, ports, versions. */
class ComposeFilesTest {

    private static final Path MAIN = DeployFiles.compose().resolve("compose.yaml");
    private static final Path CLUSTER = DeployFiles.compose().resolve("compose.kafka-cluster.yaml");
    private static final String DEFAULTS_KEY = "x-outreach-defaults";

    @Test
    void composeFilesValidateAgainstTheComposeSpecSchema() throws IOException {
        JsonNode schemaJson;
        try (InputStream in = getClass().getResourceAsStream("/schemas/compose-spec.json")) {
            schemaJson = DeployFiles.JSON.readTree(in);
        }
        // The packaged schema still carries draft-04 "id" keywords, which a 2019-09 validator rejects;
        // they only name subschemas, so they are dropped before validation.
        dropIdKeywords(schemaJson);
        // The packaged schema predates the top-level "name" (project name) of the current Compose spec.
        ((ObjectNode) schemaJson.path("properties"))
                .putObject("name")
                .put("type", "string")
                .put("pattern", "^[a-z0-9][a-z0-9_-]*$");
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09)
                .getSchema(schemaJson);
        for (Path file : List.of(MAIN, CLUSTER)) {
            List<Error> errors = schema.validate(DeployFiles.yaml(file));
            assertThat(errors).as(file + " against the Compose spec schema").isEmpty();
        }
    }

    @Test
    void eachServiceSetsExactlyTheVariablesItsConfigurationReads() {
        JsonNode services = DeployFiles.yaml(MAIN).path("services");
        List<String> problems = new ArrayList<>();
        for (ServiceConfigs.Service service : ServiceConfigs.ALL) {
            JsonNode node = services.path(service.name());
            assertThat(node.isObject())
                    .as("compose.yaml has a service " + service.name())
                    .isTrue();
            problems.addAll(EnvironmentRules.drift(
                    "compose.yaml " + service.name(),
                    service,
                    environment(node).keySet(),
                    strings(node.path(DEFAULTS_KEY))));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theClusterVariantSetsOnlyVariablesTheServicesRead() {
        JsonNode services = DeployFiles.yaml(CLUSTER).path("services");
        for (ServiceConfigs.Service service : ServiceConfigs.ALL) {
            for (String name : environment(services.path(service.name())).keySet()) {
                assertThat(service.accepts(name))
                        .as("compose.kafka-cluster.yaml " + service.name() + " sets " + name)
                        .isTrue();
            }
        }
    }

    @Test
    void theEnvironmentFromEnvExampleStartsEveryServiceConfigurationOnceItsSecretsAreReplaced() {
        Map<String, String> dotEnv = new HashMap<>(dotEnvExample());
        // The example's secrets are placeholders the services refuse (checked below); real ones are filled in.
        dotEnv.putAll(ServiceConfigs.SAMPLES);
        JsonNode services = DeployFiles.yaml(MAIN).path("services");
        for (ServiceConfigs.Service service : ServiceConfigs.ALL) {
            Map<String, String> env = new HashMap<>();
            environment(services.path(service.name()))
                    .forEach((k, v) -> env.put(k, ServiceConfigs.interpolate(v, dotEnv)));
            // Throws ConfigException (one line per variable) when a value is rejected.
            Map<String, String> described = service.described(env);
            assertThat(described).as(service.name()).isNotEmpty();
        }
    }

    @Test
    void theExampleSecretsCannotBeUsedAsTheyAre() {
        Map<String, String> dotEnv = dotEnvExample();
        for (String secret : ServiceConfigs.SAMPLES.keySet()) {
            assertThat(dotEnv.get(secret)).as(".env.example " + secret).endsWith("CHANGE_ME");
        }
        JsonNode services = DeployFiles.yaml(MAIN).path("services");
        for (ServiceConfigs.Service service : List.of(ServiceConfigs.SCHEDULER, ServiceConfigs.NOTIFIER)) {
            Map<String, String> env = new HashMap<>();
            environment(services.path(service.name()))
                    .forEach((k, v) -> env.put(k, ServiceConfigs.interpolate(v, dotEnv)));
            Assertions.assertThatThrownBy(() -> service.described(env))
                    .as(service.name() + " refuses the placeholder secrets")
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("OUTREACH_LINK_KEYS");
        }
    }

    @Test
    void valuesSharedBetweenServicesAreTheSame() {
        for (Path file : List.of(MAIN, CLUSTER)) {
            JsonNode services = DeployFiles.yaml(file).path("services");
            Map<String, Map<String, String>> byName = new TreeMap<>();
            for (ServiceConfigs.Service service : ServiceConfigs.ALL) {
                environment(services.path(service.name()))
                        .forEach((k, v) ->
                                byName.computeIfAbsent(k, x -> new TreeMap<>()).put(service.name(), v));
            }
            byName.forEach((name, values) -> {
                if (name.startsWith("OUTREACH_KAFKA_") && !name.startsWith(ServiceConfigs.KAFKA_PROP_PREFIX)
                        || name.equals("OUTREACH_LINK_KEYS")) {
                    assertThat(Set.copyOf(values.values()))
                            .as(file.getFileName() + ": " + name + " " + values)
                            .hasSize(1);
                }
            });
        }
    }

    @Test
    void kafkaInitCreatesEveryTopicTheEventsModuleDeclares() {
        for (Path file : List.of(MAIN, CLUSTER)) {
            JsonNode services = DeployFiles.yaml(file).path("services");
            Map<String, EventTopics.Declared> declared = initTopics(services.path("kafka-init"));
            Map<String, Topic<?>> expected = EventTopics.all();
            assertThat(declared.keySet())
                    .as(file.getFileName() + ": topics created by kafka-init")
                    .isEqualTo(expected.keySet());
            declared.forEach((name, d) -> assertThat(EventTopics.mismatch(expected.get(name), d))
                    .as(file.getFileName() + ": " + name)
                    .isEmpty());

            Set<Integer> partitions = declared.values().stream()
                    .map(EventTopics.Declared::partitions)
                    .collect(Collectors.toSet());
            assertThat(partitions)
                    .as(file.getFileName() + ": one partition count for all topics")
                    .hasSize(1);
            Set<Integer> replicas = declared.values().stream()
                    .map(EventTopics.Declared::replicas)
                    .collect(Collectors.toSet());
            assertThat(replicas)
                    .as(file.getFileName() + ": one replication factor for all topics")
                    .hasSize(1);
            // The services create missing topics (and their own internal ones) with these settings.
            for (ServiceConfigs.Service service : ServiceConfigs.ALL) {
                Map<String, String> env = new HashMap<>(
                        environment(DeployFiles.yaml(MAIN).path("services").path(service.name())));
                env.putAll(environment(services.path(service.name())));
                assertThat(Integer.parseInt(env.getOrDefault(
                                "OUTREACH_KAFKA_PARTITIONS", String.valueOf(Topics.DEFAULT_PARTITIONS))))
                        .as(file.getFileName() + ": " + service.name() + " partitions")
                        .isEqualTo(partitions.iterator().next());
                assertThat(Integer.parseInt(env.getOrDefault("OUTREACH_KAFKA_REPLICATION_FACTOR", "1")))
                        .as(file.getFileName() + ": " + service.name() + " replication factor")
                        .isEqualTo(replicas.iterator().next());
            }
        }
    }

    @Test
    void healthChecksProbeEachServicesManagementPortAndPrometheusScrapesIt() {
        JsonNode services = DeployFiles.yaml(MAIN).path("services");
        String prometheus = DeployFiles.text(DeployFiles.compose().resolve("prometheus.yml"));
        for (ServiceConfigs.Service service : ServiceConfigs.ALL) {
            JsonNode node = services.path(service.name());
            int port = managementPort(service, environment(node));
            List<String> test = strings(node.path("healthcheck").path("test"));
            assertThat(test).as(service.name() + " healthcheck").contains("http://127.0.0.1:" + port + "/health/ready");
            assertThat(test)
                    .as(service.name() + " healthcheck runs the kit's probe")
                    .contains(HealthProbe.class.getName());
            assertThat(strings(node.path("ports")))
                    .as(service.name() + " ports")
                    .anyMatch(p -> p.endsWith(":" + port));
            assertThat(prometheus)
                    .as("prometheus.yml scrapes " + service.name())
                    .contains(service.name() + ":" + port);
        }
    }

    @Test
    void eachListenerBindsEveryInterfaceOfItsContainerAndIsPublishedOnTheHostsLoopbackOnly() {
        JsonNode services = DeployFiles.yaml(MAIN).path("services");
        for (ServiceConfigs.Service service : ServiceConfigs.ALL) {
            JsonNode node = services.path(service.name());
            Map<String, String> env = environment(node);
            assertThat(env)
                    .as(service.name() + ": the management listener binds 0.0.0.0 in the container")
                    .containsEntry(service.managementHostVariable(), "0.0.0.0");
            List<Integer> listeners = new ArrayList<>(List.of(managementPort(service, env)));
            if (service.hasPublicListener()) {
                int publicPort = publicPort(service, env);
                assertThat(publicPort)
                        .as(service.name() + ": public and management ports differ")
                        .isNotEqualTo(listeners.get(0));
                listeners.add(publicPort);
            }
            assertThat(strings(node.path("ports")))
                    .as(service.name() + " publishes exactly its listeners, on 127.0.0.1")
                    .containsExactlyInAnyOrderElementsOf(listeners.stream()
                            .map(p -> "127.0.0.1:" + p + ":" + p)
                            .toList());
        }
        String prometheus = DeployFiles.text(DeployFiles.compose().resolve("prometheus.yml"));
        for (ServiceConfigs.Service service : ServiceConfigs.ALL) {
            if (service.hasPublicListener()) {
                int publicPort = publicPort(service, environment(services.path(service.name())));
                assertThat(prometheus)
                        .as("the public port of " + service.name() + " is never scraped")
                        .doesNotContain(service.name() + ":" + publicPort);
            }
        }
    }

    @Test
    void imagesAreThoseTheBuildProduces() {
        JsonNode services = DeployFiles.yaml(MAIN).path("services");
        String kafkaVersion = System.getProperty("outreach.kafka.version");
        String projectVersion = System.getProperty("outreach.project.version");
        assertThat(services.path("kafka").path("image").asText()).isEqualTo("apache/kafka:" + kafkaVersion);
        assertThat(services.path("kafka-init").path("image").asText()).isEqualTo("apache/kafka:" + kafkaVersion);
        for (ServiceConfigs.Service service : ServiceConfigs.ALL) {
            String image = ServiceConfigs.interpolate(
                    services.path(service.name()).path("image").asText(), Map.of());
            assertThat(image).isEqualTo("aftercare-outreach/" + service.name() + ":" + projectVersion);
        }
        assertThat(dotEnvExample()).containsEntry("OUTREACH_IMAGE_TAG", projectVersion);
    }

    private static void dropIdKeywords(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.path("id").isTextual()) {
                object.remove("id");
            }
            object.forEach(ComposeFilesTest::dropIdKeywords);
        } else if (node.isArray()) {
            node.forEach(ComposeFilesTest::dropIdKeywords);
        }
    }

    /** The port of the service's management listener (health, metrics; the admin API on the scheduler). */
    static int managementPort(ServiceConfigs.Service service, Map<String, String> env) {
        return Integer.parseInt(
                env.getOrDefault(service.managementPortVariable(), String.valueOf(service.defaultManagementPort())));
    }

    /** The port of the service's public listener (pages); only for a service that has one. */
    static int publicPort(ServiceConfigs.Service service, Map<String, String> env) {
        return Integer.parseInt(
                env.getOrDefault(service.publicPortVariable(), String.valueOf(service.defaultPublicPort())));
    }

    /** A service's environment, whether written as a map or as a list of NAME=value. */
    static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode node = service.path("environment");
        if (node.isObject()) {
            node.fields()
                    .forEachRemaining(e -> env.put(
                            e.getKey(),
                            e.getValue().isNull() ? "" : e.getValue().asText()));
        } else if (node.isArray()) {
            node.forEach(item -> {
                String s = item.asText();
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            });
        }
        return env;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static Map<String, String> dotEnvExample() {
        Properties props = new Properties();
        try (var in = Files.newBufferedReader(DeployFiles.compose().resolve(".env.example"))) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> out = new TreeMap<>();
        props.forEach((k, v) -> out.put(k.toString(), v.toString()));
        return out;
    }

    /** The topics a kafka-init service creates, from its kafka-topics.sh --create lines. */
    static Map<String, EventTopics.Declared> initTopics(JsonNode init) {
        String script = String.join("\n", strings(init.path("command")));
        Map<String, EventTopics.Declared> topics = new TreeMap<>();
        for (String line : script.split("\n")) {
            if (!line.contains("--create")) {
                continue;
            }
            String[] words = line.trim().split("\\s+");
            String name = null;
            int partitions = -1;
            int replicas = -1;
            Map<String, String> config = new TreeMap<>();
            for (int i = 0; i < words.length - 1; i++) {
                switch (words[i]) {
                    case "--topic" -> name = words[i + 1];
                    case "--partitions" -> partitions = Integer.parseInt(words[i + 1]);
                    case "--replication-factor" -> replicas = Integer.parseInt(words[i + 1]);
                    case "--config" -> {
                        String[] kv = words[i + 1].split("=", 2);
                        config.put(kv[0], kv[1]);
                    }
                    default -> {}
                }
            }
            assertThat(name).as("topic name in: " + line).isNotNull();
            assertThat(topics).as("topic created twice: " + name).doesNotContainKey(name);
            String retention = config.get("retention.ms");
            topics.put(
                    name,
                    new EventTopics.Declared(
                            name,
                            partitions,
                            replicas,
                            config.getOrDefault("cleanup.policy", "delete"),
                            retention == null ? null : Long.valueOf(retention)));
        }
        return topics;
    }

    static Set<String> names(Map<String, ?> map) {
        return new TreeSet<>(map.keySet());
    }
}
