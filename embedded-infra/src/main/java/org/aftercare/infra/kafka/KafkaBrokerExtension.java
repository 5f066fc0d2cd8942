package org.aftercare.infra.kafka;

import java.util.Locale;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * JUnit 5 extension that gives a test class the address of a real Kafka broker.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
 * ... KAFKA.bootstrapServers() ...
 * }</pre>
 *
 * <p>One broker per JVM, started on first use and shared by every test class; it stops when the
 * JVM exits. Tests isolate themselves with unique topic and group names. Where Testcontainers is
 * on the test classpath and a Docker engine answers, the broker is a Kafka container; otherwise it
 * is the in-process {@link EmbeddedKafka} (the path build machines without Docker take). The
 * system property {@code outreach.test.kafka} forces a path: {@code embedded}, {@code container}
 * or {@code auto} (default).
 */
public final class KafkaBrokerExtension implements BeforeAllCallback {

    /** System property that chooses the broker: {@code auto}, {@code embedded} or {@code container}. */
    public static final String MODE_PROPERTY = "outreach.test.kafka";

    /** Image used when a Docker engine is available; overridable with {@code outreach.test.kafka.image}. */
    public static final String DEFAULT_IMAGE = "apache/kafka:4.1.0";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        SharedBroker.get();
    }

    /** Bootstrap address of the shared broker; starts it if no test started it yet. */
    public String bootstrapServers() {
        return SharedBroker.get().bootstrapServers();
    }

    /** The broker all test classes in this JVM share; built once, on first use. */
    private static final class SharedBroker {

        private static volatile RunningBroker instance;

        static RunningBroker get() {
            RunningBroker broker = instance;
            if (broker == null) {
                synchronized (SharedBroker.class) {
                    broker = instance;
                    if (broker == null) {
                        broker = startBroker();
                        RunningBroker started = broker;
                        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "kafka-broker-extension-stop"));
                        instance = broker;
                    }
                }
            }
            return broker;
        }

        private static RunningBroker startBroker() {
            String mode = System.getProperty(MODE_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
            switch (mode) {
                case "embedded" -> {
                    LOG.info("Kafka for tests: in-process KRaft broker ({}={})", MODE_PROPERTY, mode);
                    return embedded();
                }
                case "container" -> {
                    if (!testcontainersPresent()) {
                        throw new IllegalStateException(MODE_PROPERTY + "=container needs "
                                + "org.testcontainers:testcontainers-kafka on the test classpath");
                    }
                    LOG.info("Kafka for tests: Testcontainers Kafka container ({}={})", MODE_PROPERTY, mode);
                    return ContainerBroker.start(image());
                }
                case "auto" -> {
                    if (testcontainersPresent() && ContainerBroker.dockerAvailable()) {
                        LOG.info(
                                "Kafka for tests: Docker engine found, starting a Testcontainers Kafka container ({})",
                                image());
                        return ContainerBroker.start(image());
                    }
                    LOG.info("Kafka for tests: no Docker engine (or no Testcontainers on the classpath), "
                            + "starting an in-process KRaft broker");
                    return embedded();
                }
                default ->
                    throw new IllegalStateException(
                            MODE_PROPERTY + " must be auto, embedded or container, was '" + mode + "'");
            }
        }

        /** Checked before {@link ContainerBroker} is touched, so a missing optional jar never breaks linking. */
        private static boolean testcontainersPresent() {
            try {
                Class.forName(
                        "org.testcontainers.DockerClientFactory", false, KafkaBrokerExtension.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException e) {
                return false;
            }
        }

        private static RunningBroker embedded() {
            EmbeddedKafka kafka = EmbeddedKafka.start();
            return new RunningBroker(kafka.bootstrapServers(), kafka);
        }

        private static String image() {
            return System.getProperty(MODE_PROPERTY + ".image", DEFAULT_IMAGE);
        }
    }

    /** A started broker and what stops it. */
    private record RunningBroker(String bootstrapServers, AutoCloseable stopper) {

        void close() {
            try {
                stopper.close();
            } catch (Exception e) {
                LOG.warn("Kafka broker for tests did not stop cleanly: {}", e.getMessage(), e);
            }
        }
    }

    /**
     * Everything that touches Testcontainers, kept in its own class so it is loaded only when the
     * Docker path is taken: Testcontainers is an optional dependency of this module.
     */
    private static final class ContainerBroker {

        static boolean dockerAvailable() {
            try {
                return DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("Docker availability check failed", e);
                return false;
            }
        }

        static RunningBroker start(String image) {
            KafkaContainer container = new KafkaContainer(image);
            container.start();
            return new RunningBroker(container.getBootstrapServers(), container::stop);
        }
    }
}
