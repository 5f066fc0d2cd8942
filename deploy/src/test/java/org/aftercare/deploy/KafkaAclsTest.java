package org.aftercare.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.aftercare.console.readmodel.ReadModelFeed;
import org.aftercare.console.readmodel.ReadModelSettings;
import org.aftercare.events.Topic;
import org.aftercare.events.Topics;
import org.aftercare.kit.kafka.KafkaSettings;
import org.aftercare.notifier.NotifierConfig;
import org.aftercare.streams.DecisionConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka in deploy/k8s is reached only over TLS with a SCRAM user per service, and each user's ACLs
 * are exactly what its code reads and writes (DESIGN.md, "Events"; {@link Topics}): the topics, its
 * consumer group (from its configuration's default, as the workloads keep it), its transactional
 * ids; Describe on the topics its start-up check lists (TopicSetup). Each workload connects as its
 * own user with the password from that user's Secret, trusting the cluster CA, at the listener's
 * fully qualified address. Checked on the base and every built overlay; each planted error below
 * made the check fail before it was kept.
 */
class KafkaAclsTest {

    private static final String READ = "Read";
    private static final String WRITE = "Write";
    private static final String DESCRIBE = "Describe";

    @TempDir
    Path dir;

    /** What one service's code does with Kafka, from the code (file named beside each list). */
    record Access(
            List<Topic<?>> reads,
            List<Topic<?>> writes,
            List<Topic<?>> described,
            String groupVariable,
            String transactionalPrefixVariable) {}

    static final Map<String, Access> ACCESS = Map.of(
            // EventPublisher writes; StaffFollower follows without a group; SchedulerService: TopicSetup.ensureAll
            "scheduler",
            new Access(
                    List.of(Topics.STAFF_DIRECTORY, Topics.CARE_ASSIGNMENTS),
                    List.of(
                            Topics.MEMBER_PROFILE,
                            Topics.CHECKIN_DUE,
                            Topics.CHECKIN_RESPONSES,
                            Topics.CONTACT_ACTIONS,
                            Topics.STAFF_ACTIONS,
                            Topics.STAFF_DIRECTORY,
                            Topics.CARE_ASSIGNMENTS),
                    Topics.ALL,
                    null,
                    null),
            // DecisionTopology sources and sinks, the dead-letter handlers; StreamsService: ensureAll;
            // exactly-once v2: transactional ids and internal topics start with the application id
            "streams",
            new Access(
                    List.of(
                            Topics.MEMBER_PROFILE,
                            Topics.CHECKIN_DUE,
                            Topics.CHECKIN_RESPONSES,
                            Topics.CONTACT_ACTIONS,
                            Topics.STAFF_ACTIONS,
                            Topics.STAFF_DIRECTORY,
                            Topics.CARE_ASSIGNMENTS),
                    List.of(
                            Topics.CHECKIN_STATUS,
                            Topics.OUTREACH_REQUESTS,
                            Topics.MEMBER_RISK,
                            Topics.CASE_FLAGS,
                            Topics.STREAMS_DLQ),
                    Topics.ALL,
                    DecisionConfig.APPLICATION_ID,
                    DecisionConfig.APPLICATION_ID),
            // DeliveryLoop (group), ProfileReader, StaffReader, KafkaLedger (no group), OutcomeWriter;
            // NotifierService: TopicSetup.ensure(ALL + NOTIFIER_INTERNAL)
            "notifier",
            new Access(
                    List.of(
                            Topics.OUTREACH_REQUESTS,
                            Topics.OUTREACH_RETRY,
                            Topics.MEMBER_PROFILE,
                            Topics.STAFF_DIRECTORY,
                            Topics.NOTIFIER_LEDGER),
                    List.of(
                            Topics.OUTREACH_DELIVERIES,
                            Topics.OUTREACH_RETRY,
                            Topics.OUTREACH_DLQ,
                            Topics.NOTIFIER_LEDGER),
                    Stream.concat(Topics.ALL.stream(), Topics.NOTIFIER_INTERNAL.stream())
                            .toList(),
                    NotifierConfig.GROUP_ID,
                    null),
            // ReadModelFeed (group), StaffAdoption (no group), StaffPublisher, StaffActionPublisher;
            // ConsoleService: TopicSetup.ensure(ReadModelFeed.TOPICS + STAFF_ACTIONS)
            "console",
            new Access(
                    ReadModelFeed.TOPICS,
                    List.of(Topics.STAFF_ACTIONS, Topics.STAFF_DIRECTORY, Topics.CARE_ASSIGNMENTS),
                    Stream.concat(ReadModelFeed.TOPICS.stream(), Stream.of(Topics.STAFF_ACTIONS))
                            .toList(),
                    ReadModelSettings.GROUP_ID,
                    null));

    static final String CLUSTER_CA_SECRET_KEY = "ca.crt";

    private static List<ObjectNode> ofKind(List<ObjectNode> resources, String kind) {
        return resources.stream()
                .filter(r -> r.path("kind").asText().equals(kind))
                .toList();
    }

    private static ObjectNode named(List<ObjectNode> resources, String kind, String name) {
        return ofKind(resources, kind).stream()
                .filter(r -> r.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElse(null);
    }

    static JsonNode container(ObjectNode workload, String name) {
        for (JsonNode c : workload.path("spec").path("template").path("spec").path("containers")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        return DeployFiles.at(workload, "missing");
    }

    static JsonNode envEntry(JsonNode container, String variable) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(variable)) {
                return e;
            }
        }
        return DeployFiles.at(container, "missing");
    }

    /** A variable's value as the service sees it: set in the workload, or its configuration's default. */
    static String effective(ServiceConfigs.Service service, JsonNode container, String variable) {
        JsonNode e = envEntry(container, variable);
        if (e.has("value")) {
            return e.path("value").asText();
        }
        return service.described(service.minimalEnvironment())
                .getOrDefault(variable, "")
                .replace(" (default)", "");
    }

    static ObjectNode workload(List<ObjectNode> resources, String name) {
        ObjectNode w = named(resources, "Deployment", name);
        return w != null ? w : named(resources, "StatefulSet", name);
    }

    /** The ACLs of a KafkaUser as "type name pattern operation" lines. */
    static Set<String> acls(JsonNode user) {
        Set<String> acls = new TreeSet<>();
        for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
            JsonNode r = acl.path("resource");
            for (JsonNode op : acl.path("operations")) {
                acls.add(r.path("type").asText() + " " + r.path("name").asText() + " "
                        + r.path("patternType").asText("literal") + " " + op.asText()
                        + (acl.path("type").asText("allow").equals("allow")
                                ? ""
                                : " " + acl.path("type").asText()));
            }
        }
        return acls;
    }

    private static String topicAcl(Topic<?> topic, String op) {
        return "topic " + topic.name() + " literal " + op;
    }

    /** Every problem of Kafka security in one built kustomization, one line each. */
    static List<String> problems(List<ObjectNode> resources) {
        List<String> problems = new ArrayList<>();
        String namespace = DeployFiles.yaml(DeployFiles.k8s().resolve("base/kustomization.yaml"))
                .path("namespace")
                .asText();
        List<ObjectNode> kafkas = ofKind(resources, "Kafka");
        if (kafkas.size() != 1) {
            problems.add("expected one Kafka, found " + kafkas.size());
            return problems;
        }
        ObjectNode kafka = kafkas.get(0);
        String cluster = kafka.path("metadata").path("name").asText();
        String caSecret = cluster + "-cluster-ca-cert";
        JsonNode spec = kafka.path("spec").path("kafka");
        if (!spec.path("version").asText().equals(System.getProperty("outreach.kafka.version"))) {
            problems.add("Kafka version " + spec.path("version").asText() + " is not the clients' "
                    + System.getProperty("outreach.kafka.version"));
        }
        if (!spec.path("authorization").path("type").asText().equals("simple")) {
            problems.add("Kafka authorization is not simple (ACLs)");
        }
        JsonNode listeners = spec.path("listeners");
        if (listeners.size() != 1) {
            problems.add("expected exactly one Kafka listener, found " + listeners.size());
        }
        JsonNode listener = listeners.path(0);
        for (JsonNode l : listeners) {
            if (!l.path("tls").asBoolean(false)
                    || !l.path("authentication").path("type").asText().equals("scram-sha-512")) {
                problems.add("listener " + l.path("name").asText() + " is not TLS with SCRAM-SHA-512");
            }
        }
        String bootstrap = cluster + "-kafka-bootstrap." + namespace + ".svc:"
                + listener.path("port").asInt();
        // The workloads run in the cluster's namespace: the short name, whichever namespace that is.
        String localBootstrap =
                cluster + "-kafka-bootstrap:" + listener.path("port").asInt();

        Set<String> userNames = new TreeSet<>();
        ofKind(resources, "KafkaUser")
                .forEach(u -> userNames.add(u.path("metadata").path("name").asText()));
        Set<String> expectedUsers = new TreeSet<>(Set.of("outreach-keda", "outreach-dlq"));
        ACCESS.keySet().forEach(s -> expectedUsers.add("outreach-" + s));
        if (!userNames.equals(expectedUsers)) {
            problems.add("KafkaUsers " + userNames + ", expected " + expectedUsers);
        }
        for (ObjectNode u : ofKind(resources, "KafkaUser")) {
            if (!u.path("metadata")
                            .path("labels")
                            .path("strimzi.io/cluster")
                            .asText()
                            .equals(cluster)
                    || !u.path("spec")
                            .path("authentication")
                            .path("type")
                            .asText()
                            .equals("scram-sha-512")
                    || !u.path("spec")
                            .path("authorization")
                            .path("type")
                            .asText()
                            .equals("simple")) {
                problems.add("KafkaUser " + u.path("metadata").path("name").asText()
                        + ": not a SCRAM-SHA-512 user with simple ACLs of cluster " + cluster);
            }
        }

        ACCESS.forEach((name, access) -> {
            ServiceConfigs.Service service = ServiceConfigs.named(name);
            String user = "outreach-" + name;
            ObjectNode w = workload(resources, name);
            JsonNode c = container(w, name);
            Set<String> expected = new TreeSet<>();
            access.described().forEach(t -> expected.add(topicAcl(t, DESCRIBE)));
            access.reads().forEach(t -> expected.add(topicAcl(t, READ)));
            access.writes().forEach(t -> expected.add(topicAcl(t, WRITE)));
            if (access.groupVariable() != null) {
                String group = effective(service, c, access.groupVariable());
                expected.add("group " + group + " literal " + READ);
                expected.add("group " + group + " literal " + DESCRIBE);
            }
            if (access.transactionalPrefixVariable() != null) {
                String prefix = effective(service, c, access.transactionalPrefixVariable()) + "-";
                expected.add("topic " + prefix + " prefix All");
                expected.add("transactionalId " + prefix + " prefix " + WRITE);
                expected.add("transactionalId " + prefix + " prefix " + DESCRIBE);
            }
            JsonNode kafkaUser = named(resources, "KafkaUser", user);
            if (kafkaUser != null && !acls(kafkaUser).equals(expected)) {
                Set<String> extra = new TreeSet<>(acls(kafkaUser));
                extra.removeAll(expected);
                Set<String> missing = new TreeSet<>(expected);
                missing.removeAll(acls(kafkaUser));
                problems.add("KafkaUser " + user + ": ACLs beyond its code " + extra + ", missing " + missing);
            }
            String where = name + " workload: ";
            Map<String, String> literal = new LinkedHashMap<>();
            literal.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", localBootstrap);
            literal.put(KafkaSettings.SECURITY_PROTOCOL, "SASL_SSL");
            literal.put(KafkaSettings.SASL_USERNAME, user);
            literal.forEach((variable, value) -> {
                if (!envEntry(c, variable).path("value").asText().equals(value)) {
                    problems.add(where + variable + " is not " + value);
                }
            });
            JsonNode password =
                    envEntry(c, KafkaSettings.SASL_PASSWORD).path("valueFrom").path("secretKeyRef");
            if (!password.path("name").asText().equals(user)
                    || !password.path("key").asText().equals("password")) {
                problems.add(where + KafkaSettings.SASL_PASSWORD + " is not key password of Secret " + user);
            }
            String truststore =
                    envEntry(c, KafkaSettings.TRUSTSTORE_LOCATION).path("value").asText();
            boolean mounted = false;
            for (JsonNode m : c.path("volumeMounts")) {
                for (JsonNode v : w.path("spec").path("template").path("spec").path("volumes")) {
                    if (v.path("name").asText().equals(m.path("name").asText())
                            && v.path("secret").path("secretName").asText().equals(caSecret)) {
                        for (JsonNode item : v.path("secret").path("items")) {
                            mounted |= item.path("key").asText().equals(CLUSTER_CA_SECRET_KEY)
                                    && truststore.equals(m.path("mountPath").asText() + "/"
                                            + item.path("path").asText());
                        }
                    }
                }
            }
            if (!mounted) {
                problems.add(where + KafkaSettings.TRUSTSTORE_LOCATION + " is not the " + CLUSTER_CA_SECRET_KEY
                        + " of Secret " + caSecret + " mounted in the pod");
            }
        });

        // KEDA: the notifier's scaler, as its own user, through the TriggerAuthentication
        ObjectNode scaled = named(resources, "ScaledObject", "notifier");
        JsonNode trigger = scaled == null
                ? DeployFiles.at(kafka, "missing")
                : scaled.path("spec").path("triggers").path(0);
        JsonNode meta = trigger.path("metadata");
        if (!meta.path("bootstrapServers").asText().equals(bootstrap)
                || !meta.path("sasl").asText().equals("scram_sha512")
                || !meta.path("tls").asText().equals("enable")) {
            problems.add("KEDA trigger: not " + bootstrap + " with sasl scram_sha512 and tls enable");
        }
        ObjectNode auth = named(
                resources,
                "TriggerAuthentication",
                trigger.path("authenticationRef").path("name").asText());
        if (auth == null) {
            problems.add("KEDA trigger: its TriggerAuthentication is missing");
        } else {
            Map<String, String> refs = new LinkedHashMap<>();
            auth.path("spec")
                    .path("secretTargetRef")
                    .forEach(r -> refs.put(
                            r.path("parameter").asText(),
                            r.path("name").asText() + "/" + r.path("key").asText()));
            auth.path("spec").path("configMapTargetRef").forEach(r -> {
                ObjectNode cm = named(resources, "ConfigMap", r.path("name").asText());
                refs.put(
                        r.path("parameter").asText(),
                        "="
                                + (cm == null
                                        ? "?"
                                        : cm.path("data")
                                                .path(r.path("key").asText())
                                                .asText("?")));
            });
            Map<String, String> expected = Map.of(
                    "username", "=outreach-keda", "password", "outreach-keda/password", "ca", caSecret + "/ca.crt");
            if (!refs.equals(expected)) {
                problems.add("KEDA TriggerAuthentication: " + refs + ", expected " + expected);
            }
        }
        // The operators' dlq command (a one-off Job): reads the dead-letter topics, writes back to the
        // event topics their records came from; no group, no transactional id.
        JsonNode dlqUser = named(resources, "KafkaUser", "outreach-dlq");
        Set<String> dlqAcls = new TreeSet<>();
        for (Topic<?> t : Topics.ALL) {
            dlqAcls.add(topicAcl(t, DESCRIBE));
            dlqAcls.add(topicAcl(t, t.name().endsWith(".dlq") ? READ : WRITE));
        }
        if (dlqUser != null && !acls(dlqUser).equals(dlqAcls)) {
            problems.add("KafkaUser outreach-dlq: ACLs " + acls(dlqUser) + ", expected " + dlqAcls);
        }
        JsonNode keda = named(resources, "KafkaUser", "outreach-keda");
        Set<String> kedaAcls = Set.of(
                "topic " + meta.path("topic").asText() + " literal " + DESCRIBE,
                "group " + meta.path("consumerGroup").asText() + " literal " + DESCRIBE);
        if (keda != null && !acls(keda).equals(kedaAcls)) {
            problems.add("KafkaUser outreach-keda: ACLs " + acls(keda) + ", expected " + kedaAcls);
        }
        boolean kedaAdmitted = false;
        for (JsonNode peer : listener.path("networkPolicyPeers")) {
            kedaAdmitted |= peer.path("namespaceSelector")
                            .path("matchLabels")
                            .path("kubernetes.io/metadata.name")
                            .asText()
                            .equals("keda")
                    && !peer.has("podSelector");
        }
        if (!kedaAdmitted) {
            problems.add("the Kafka listener's networkPolicyPeers do not admit KEDA's namespace keda");
        }
        return problems;
    }

    @Test
    void theShippedBaseAndOverlaysHoldEachServiceToItsOwnUserAndAcls() {
        K8sTree.cleanCopy(dir)
                .makeDevSecrets()
                .buildAll()
                .forEach((k, resources) -> assertThat(problems(resources)).as(k).isEmpty());
    }

    @Test
    void aTopicAclBeyondWhatTheCodeDoesIsCaught() {
        K8sTree tree = K8sTree.cleanCopy(dir)
                .plant(
                        "base/kafka/users.yaml",
                        "          name: case.flags\n          patternType: literal\n        operations: [Describe]",
                        "          name: case.flags\n          patternType: literal\n        operations: [Describe, Read]");
        assertThat(problems(tree.build("base")))
                .containsExactly(
                        "KafkaUser outreach-scheduler: ACLs beyond its code [topic case.flags literal Read], missing []");
    }

    @Test
    void aMissingGroupOrTransactionalIdAclIsCaught() {
        K8sTree tree = K8sTree.cleanCopy(dir)
                .plant(
                        "base/kafka/users.yaml",
                        "          type: transactionalId\n          name: outreach-streams-",
                        "          type: transactionalId\n          name: outreach-stream-");
        assertThat(problems(tree.build("base")))
                .singleElement()
                .satisfies(p -> assertThat(p)
                        .startsWith("KafkaUser outreach-streams")
                        .contains("transactionalId outreach-stream- prefix Write")
                        .contains("missing [transactionalId outreach-streams- prefix Describe"));
    }

    @Test
    void aPlaintextListenerOrAServiceOnAnotherUsersSecretIsCaught() {
        K8sTree tree = K8sTree.cleanCopy(dir)
                .plant("base/kafka/kafka.yaml", "        tls: true\n", "        tls: false\n")
                .plant(
                        "base/console.yaml",
                        "                  name: outreach-console\n                  key: password",
                        "                  name: outreach-scheduler\n                  key: password");
        assertThat(problems(tree.build("base")))
                .containsExactlyInAnyOrder(
                        "listener tls is not TLS with SCRAM-SHA-512",
                        "console workload: OUTREACH_KAFKA_SASL_PASSWORD is not key password of Secret outreach-console");
    }

    @Test
    void aShortBootstrapAddressForKedaOrAListenerClosedToKedaIsCaught() {
        K8sTree tree = K8sTree.cleanCopy(dir)
                .plant(
                        "base/notifier.yaml",
                        "bootstrapServers: outreach-kafka-bootstrap.outreach.svc:9093",
                        "bootstrapServers: outreach-kafka-bootstrap:9093")
                .plant(
                        "base/kafka/kafka.yaml",
                        "kubernetes.io/metadata.name: keda",
                        "kubernetes.io/metadata.name: keda-system");
        assertThat(problems(tree.build("base")))
                .containsExactlyInAnyOrder(
                        "KEDA trigger: not outreach-kafka-bootstrap.outreach.svc:9093 with sasl scram_sha512 and tls enable",
                        "the Kafka listener's networkPolicyPeers do not admit KEDA's namespace keda");
    }

    @Test
    void theOperationsGuidesAclTableSaysWhatEachUserReadsAndWrites() {
        String operations = DeployFiles.text(DeployFiles.repo().resolve("docs/operations.md"));
        ACCESS.forEach((name, access) -> {
            String row = operations
                    .lines()
                    .filter(l -> l.startsWith("| `outreach-" + name + "` |"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("docs/operations.md: no ACL row for outreach-" + name));
            String[] cells = row.split("\\|");
            Set<String> reads = new TreeSet<>();
            Set<String> writes = new TreeSet<>();
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("`([a-z.]+)`").matcher(cells[2]);
            while (m.find()) {
                reads.add(m.group(1));
            }
            m = java.util.regex.Pattern.compile("`([a-z.]+)`").matcher(cells[3]);
            while (m.find()) {
                writes.add(m.group(1));
            }
            assertThat(reads)
                    .as("docs: what outreach-" + name + " reads")
                    .isEqualTo(new TreeSet<>(
                            access.reads().stream().map(Topic::name).toList()));
            assertThat(writes)
                    .as("docs: what outreach-" + name + " writes")
                    .isEqualTo(new TreeSet<>(
                            access.writes().stream().map(Topic::name).toList()));
        });
    }
}
