package org.aftercare.streams;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.aftercare.kit.health.Health;
import org.aftercare.kit.health.MetricFamilies;
import org.aftercare.kit.health.Metrics;
import org.aftercare.kit.http.HttpService;
import org.aftercare.kit.kafka.BrokerReachability;
import org.aftercare.kit.kafka.KafkaStartup;
import org.aftercare.kit.kafka.TopicSetup;
import org.aftercare.kit.lifecycle.ServiceMain;
import org.aftercare.streams.faults.StreamThreadFailures;
import org.aftercare.streams.metrics.MicrometerDecisionMetrics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running streams service: creates the topics if missing, runs {@link DecisionTopology} in a
 * {@link KafkaStreams} instance, and serves {@code /health/live}, {@code /health/ready} and
 * {@code /metrics} on its management listener (the only HTTP it has, under the configured
 * {@code OUTREACH_HTTP_*} limits). {@link #start} returns once the application is RUNNING (or
 * throws after the configured timeout); {@link #close} stops it within the configured timeout and
 * keeps the local state (never {@code cleanUp()}).
 */
public final class StreamsService implements AutoCloseable {

    /**
     * The families on {@code /metrics} that the dashboard and alerts may use (StreamsMetricsIT
     * compares them with a real scrape once the service is RUNNING).
     */
    public static final MetricFamilies METRICS = MetricFamilies.declare()
            .counter(
                    "outreach_answers_unknown_total",
                    "outreach_checkins_completed_total",
                    "outreach_checkins_excused_total",
                    "outreach_checkins_late_total",
                    "outreach_checkins_missed_total",
                    "outreach_dues_ignored_total",
                    "outreach_escalations_acknowledged_total",
                    "outreach_escalations_exhausted_total",
                    "outreach_escalations_opened_total",
                    "outreach_escalations_reached_total",
                    "outreach_escalations_reopened_total",
                    "outreach_escalations_resolved_total",
                    "outreach_escalations_suppressed_total",
                    "outreach_flags_actions_total",
                    "outreach_flags_raised_total",
                    "outreach_flags_reassigned_total",
                    "outreach_flags_updated_total",
                    "outreach_help_requests_total",
                    "outreach_intents_total",
                    "outreach_milestones_total",
                    "outreach_questionnaires_lifecycle_total",
                    "kafka_stream_thread_commit_total",
                    "kafka_stream_thread_poll_total")
            .gauge(
                    "outreach_escalations_open",
                    "outreach_flags_open",
                    "kafka_stream_alive_stream_threads",
                    "kafka_stream_client_state")
            .build();

    private static final Logger log = LoggerFactory.getLogger(StreamsService.class);

    /** How many dead stream threads are replaced before the client gives up (and liveness fails). */
    private static final int MAX_THREAD_REPLACEMENTS = 10;

    private final DecisionConfig config;
    private final PrometheusMeterRegistry registry;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final HttpService http;
    private final Health health;
    private final BrokerReachability broker;
    private boolean closed;

    private StreamsService(
            DecisionConfig config,
            PrometheusMeterRegistry registry,
            KafkaStreams streams,
            KafkaStreamsMetrics streamsMetrics,
            HttpService http,
            Health health,
            BrokerReachability broker) {
        this.config = config;
        this.registry = registry;
        this.streams = streams;
        this.streamsMetrics = streamsMetrics;
        this.http = http;
        this.health = health;
        this.broker = broker;
    }

    /** Starts, with the management listener running under the configured HTTP limits ({@link DecisionConfig#http()}). */
    public static StreamsService start(DecisionConfig config) throws InterruptedException {
        log.info(
                "streams starting: application {}, grace/respond {}/{} (high {}/{}, very high {}/{}), {}, tick {}, {}",
                config.applicationId(),
                config.grace(),
                config.respondWindow(),
                config.highRiskGrace(),
                config.highRiskRespondWindow(),
                config.veryHighGrace(),
                config.veryHighRespondWindow(),
                config.risk(),
                config.punctuateInterval(),
                config.escalation());
        KafkaStartup.awaitCluster("streams", config.kafka(), config.httpHost(), config.httpPort(), config.http());
        TopicSetup.ensureAll(config.kafka());
        PrometheusMeterRegistry registry = Metrics.registry("streams");
        KafkaStreams streams = new KafkaStreams(
                DecisionTopology.build(config, new MicrometerDecisionMetrics(registry)), config.streamsProperties());
        streams.setUncaughtExceptionHandler(new StreamThreadFailures(MAX_THREAD_REPLACEMENTS));
        CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            log.info("kafka streams {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        OpenCases.register(streams, registry);
        // A running client does not notice a broker that went away until it next needs it: readiness
        // also asks whether the cluster answered recently (cached, so the probe is answered at once).
        BrokerReachability broker =
                BrokerReachability.start(Admin.create(config.kafka().clientConfig("outreach-streams-health")));
        Health health = new Health()
                .live("kafka-streams", () -> StreamsHealth.isLive(streams.state()))
                .ready("kafka-streams", () -> StreamsHealth.isReady(streams.state()))
                .ready("kafka", broker::isReachable);
        HttpService http = null;
        StreamsService service = null;
        try {
            http = health.serveManagement(config.httpHost(), config.httpPort(), registry, config.http());
            service = new StreamsService(config, registry, streams, streamsMetrics, http, health, broker);
            streams.start();
            if (!running.await(config.startupTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("kafka streams did not reach RUNNING within " + config.startupTimeout()
                        + " (state " + streams.state() + ")");
            }
            log.info("streams running; health and metrics on port {}", http.port());
            return service;
        } catch (RuntimeException | InterruptedException e) {
            if (service != null) {
                service.close();
            } else {
                ServiceMain.closeQuietly("http", http);
                ServiceMain.closeQuietly("kafka reachability", broker);
                streams.close(config.closeTimeout());
                streamsMetrics.close();
                registry.close();
            }
            throw e;
        }
    }

    /** The HTTP port actually bound (useful when the configured port is 0). */
    public int httpPort() {
        return http.port();
    }

    /** http://localhost:PORT of the health and metrics endpoints. */
    public String baseUrl() {
        return http.baseUrl();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Readiness reports DOWN first and stays so for the drain delay; health and metrics answer
        // until the listener closes last.
        HttpService.drainAndClose(health::drain, config.http());
        // Leaving the group lets a restarted or remaining instance take the tasks over at once,
        // instead of after the session timeout: deadlines keep being checked.
        if (!streams.close(CloseOptions.timeout(config.closeTimeout())
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP))) {
            log.warn("kafka streams did not close within {}", config.closeTimeout());
        }
        streamsMetrics.close();
        ServiceMain.closeQuietly("kafka reachability", broker);
        ServiceMain.closeQuietly("http", http);
        registry.close();
        log.info("streams stopped");
    }
}
