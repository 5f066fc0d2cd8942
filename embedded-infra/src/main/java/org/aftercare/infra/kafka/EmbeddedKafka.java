package org.aftercare.infra.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker inside this JVM: one KRaft node that is controller and broker at once,
 * built on Kafka's own {@link KafkaClusterTestKit}.
 *
 * <p>In: an optional fixed client port. Out: a {@link #bootstrapServers()} address that any Kafka
 * client (producer, consumer, admin, Kafka Streams with exactly_once_v2) can use. The local run
 * and every broker-backed test use it where no Docker engine is available; it needs no JUnit.
 * Internal topics are sized for one node, so consumer groups and transactions work. Data lives in
 * a temporary directory that {@link #close()} deletes.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    /** Extra listener used only when a fixed port is asked for; the kit pre-binds its own on a random port. */
    private static final String FIXED_LISTENER = "FIXED";

    /** Broker settings without which a single node does not serve groups or transactions. */
    private static final Map<String, Object> SINGLE_NODE_CONFIG = Map.ofEntries(
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("offsets.topic.num.partitions", "5"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("transaction.state.log.num.partitions", "5"),
            Map.entry("share.coordinator.state.topic.replication.factor", "1"),
            Map.entry("share.coordinator.state.topic.min.isr", "1"),
            Map.entry("share.coordinator.state.topic.num.partitions", "5"),
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            Map.entry("group.streams.initial.rebalance.delay.ms", "0"));

    private final KafkaClusterTestKit kit;
    private final Path baseDirectory;
    private final String bootstrapServers;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(KafkaClusterTestKit kit, Path baseDirectory, String bootstrapServers) {
        this.kit = kit;
        this.baseDirectory = baseDirectory;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts a broker on a random free port and waits until it accepts clients. */
    public static EmbeddedKafka start() {
        return startOn(0);
    }

    /**
     * Starts a broker whose clients connect on {@code brokerPort} (e.g. 9092 for the local run; 0
     * means a random free port), and waits until it accepts clients. The controller always uses a
     * random port.
     *
     * @throws IllegalArgumentException if the port is not in 0..65535
     * @throws IllegalStateException    if the broker cannot start, e.g. the port is taken
     */
    public static EmbeddedKafka start(int brokerPort) {
        if (brokerPort < 0 || brokerPort > 65_535) {
            throw new IllegalArgumentException("brokerPort must be in 0..65535, was " + brokerPort);
        }
        return startOn(brokerPort);
    }

    private static EmbeddedKafka startOn(int fixedPort) {
        long started = System.nanoTime();
        Path baseDirectory = createBaseDirectory();
        KafkaClusterTestKit kit = null;
        try {
            TestKitNodes.Builder nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(baseDirectory);
            // The kit formats with a testing-only metadata version by default; run what production runs.
            nodes.setBootstrapMetadataVersion(MetadataVersion.latestProduction());
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes.build()).setDeleteOnClose(true);
            SINGLE_NODE_CONFIG.forEach(builder::setConfigProp);
            if (fixedPort > 0) {
                builder.setConfigProp(
                        "listeners",
                        "EXTERNAL://localhost:0,CONTROLLER://localhost:0," + FIXED_LISTENER + "://localhost:"
                                + fixedPort);
                builder.setConfigProp(
                        "listener.security.protocol.map",
                        "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT," + FIXED_LISTENER + ":PLAINTEXT");
            }
            kit = builder.build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            String bootstrap = fixedPort > 0 ? "localhost:" + fixedPort : kit.bootstrapServers();
            LOG.info(
                    "Embedded Kafka broker ready at {} in {} ms",
                    bootstrap,
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
            return new EmbeddedKafka(kit, baseDirectory, bootstrap);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(kit);
            deleteRecursively(baseDirectory);
            throw new IllegalStateException("Interrupted while starting the embedded Kafka broker", e);
        } catch (Exception e) {
            closeQuietly(kit);
            deleteRecursively(baseDirectory);
            String where = fixedPort > 0 ? " on port " + fixedPort : "";
            throw new IllegalStateException("Embedded Kafka broker could not start" + where + ": " + e.getMessage(), e);
        }
    }

    /** The address clients use, e.g. {@code localhost:9092}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Stops the broker and deletes its data. Safe to call more than once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            kit.close();
            LOG.info("Embedded Kafka broker at {} stopped", bootstrapServers);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Interrupted while stopping the embedded Kafka broker at {}", bootstrapServers, e);
        } catch (Exception e) {
            LOG.warn("Embedded Kafka broker at {} did not stop cleanly: {}", bootstrapServers, e.getMessage(), e);
        } finally {
            deleteRecursively(baseDirectory);
        }
    }

    private static Path createBaseDirectory() {
        try {
            return Files.createTempDirectory("embedded-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for the embedded Kafka broker", e);
        }
    }

    private static void closeQuietly(KafkaClusterTestKit kit) {
        if (kit == null) {
            return;
        }
        try {
            kit.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("Ignoring failure while cleaning up a broker that did not start", e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.debug("Could not delete {}", path, e);
                }
            });
        } catch (IOException e) {
            LOG.warn("Could not delete the embedded Kafka data directory {}: {}", directory, e.getMessage());
        }
    }
}
