package org.aftercare.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * Kafka's own broker ({@code kafka.Kafka}, what {@code kafka-server-start.sh} runs) in a JVM of
 * its own: one KRaft node that is broker and controller, configured like the Compose file's
 * ({@code deploy/compose/compose.yaml}: replication 1, no topic auto-creation, no initial
 * rebalance delay), storage formatted first with {@code kafka.tools.StorageTool}, and the JVM
 * options of Kafka's start script ({@code -Xmx1G -Xms1G}, G1 with a 20 ms pause goal).
 */
final class KafkaServer {

    /** The heap and GC options of {@code kafka-server-start.sh} and {@code kafka-run-class.sh}. */
    static final List<String> JVM = List.of(
            "-Xmx1G",
            "-Xms1G",
            "-server",
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20",
            "-XX:InitiatingHeapOccupancyPercent=35",
            "-XX:+ExplicitGCInvokesConcurrent",
            "-Djava.awt.headless=true");

    private KafkaServer() {}

    /** Formats and starts the broker; returns it once an admin client can describe the cluster. */
    static Child start(Path dir, List<String> extraJvm) throws Exception {
        int port = freePort();
        int controllerPort = freePort();
        Path config = dir.resolve("server.properties");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "process.roles=broker,controller",
                        "node.id=1",
                        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                        "controller.listener.names=CONTROLLER",
                        "inter.broker.listener.name=PLAINTEXT",
                        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                        "log.dirs=" + dir.resolve("kafka-data"),
                        "offsets.topic.replication.factor=1",
                        "transaction.state.log.replication.factor=1",
                        "transaction.state.log.min.isr=1",
                        "share.coordinator.state.topic.replication.factor=1",
                        "share.coordinator.state.topic.min.isr=1",
                        "group.initial.rebalance.delay.ms=0",
                        "auto.create.topics.enable=false",
                        ""));
        String classpath = System.getProperty("java.class.path");
        Child format = Child.start(
                "kafka-format",
                Child.java(
                        List.of("-Xmx256m", "-cp", classpath),
                        "kafka.tools.StorageTool",
                        "format",
                        "-t",
                        Uuid.randomUuid().toString(),
                        "-c",
                        config.toString()),
                Map.of(),
                dir);
        int formatted = format.await(2, TimeUnit.MINUTES);
        if (formatted != 0) {
            throw new IllegalStateException("formatting Kafka's storage failed:\n" + format.tail(20));
        }
        List<String> jvm = new java.util.ArrayList<>(JVM);
        jvm.add("-Xlog:gc:file=" + dir.resolve("kafka-gc.log") + ":timemillis");
        jvm.addAll(extraJvm);
        jvm.addAll(List.of("-cp", classpath));
        Child broker = Child.start("kafka", Child.java(jvm, "kafka.Kafka", config.toString()), Map.of(), dir);
        String bootstrap = "127.0.0.1:" + port;
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!listening(port)) {
            broker.checkAlive();
            if (System.nanoTime() > deadline) {
                broker.close();
                throw new IllegalStateException("Kafka did not listen within 2 minutes:\n" + broker.tail(20));
            }
            Thread.sleep(200);
        }
        while (true) {
            broker.checkAlive();
            try (Admin admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                    3000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                    5000))) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return broker;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    broker.close();
                    throw new IllegalStateException("Kafka did not start within 2 minutes:\n" + broker.tail(20));
                }
                Thread.sleep(500);
            }
        }
    }

    /** The broker's client address: {@code 127.0.0.1:<port>} of the PLAINTEXT listener. */
    static String bootstrap(Path dir) throws IOException {
        for (String line : Files.readAllLines(dir.resolve("server.properties"))) {
            if (line.startsWith("advertised.listeners=PLAINTEXT://")) {
                return line.substring("advertised.listeners=PLAINTEXT://".length());
            }
        }
        throw new IllegalStateException("no PLAINTEXT listener in " + dir.resolve("server.properties"));
    }

    private static boolean listening(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
