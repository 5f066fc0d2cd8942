package org.aftercare.kit.health;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/** The Prometheus registry of one service, tagged with its name, with the usual JVM meters. */
public final class Metrics {

    private Metrics() {}

    public static PrometheusMeterRegistry registry(String service) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("service", service);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    /**
     * Binds a Kafka consumer's or producer's own metrics ({@code kafka_consumer_*},
     * {@code kafka_producer_*}, tagged with the client id) to the registry; close the result before
     * the client.
     */
    public static KafkaClientMetrics kafkaClient(MeterRegistry registry, Object client) {
        KafkaClientMetrics binder = switch (client) {
            case Consumer<?, ?> c -> new KafkaClientMetrics(c);
            case Producer<?, ?> p -> new KafkaClientMetrics(p);
            default ->
                throw new IllegalArgumentException(
                        "not a Kafka client: " + client.getClass().getName());
        };
        binder.bindTo(registry);
        return binder;
    }
}
