package org.aftercare.streams;

import static org.aftercare.streams.outbox.Codes.code;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.aftercare.events.flag.CaseFlag;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.flag.FlagState;
import org.aftercare.streams.escalation.Escalation;
import org.aftercare.streams.escalation.EscalationReason;
import org.aftercare.streams.escalation.EscalationStores;
import org.aftercare.streams.flags.FlagStores;
import org.aftercare.streams.flags.LiveFlag;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The gauges {@code outreach.escalations.open} (reason, phase: open, acknowledged, asked) and
 * {@code outreach.flags.open} (severity, state: open, acknowledged, contacted), counted from this
 * instance's active tasks' stores (standbys excluded), so the sum over the instances is the
 * pipeline's count.
 *
 * <p>Counted from the stores rather than kept as the engines open and close cases: a count kept in
 * memory starts at zero after a restart or a rebalance while the restored stores still hold the
 * open cases, and would then go negative as they close. Reading the stores costs one scan of two
 * stores holding one entry per member with a recent case, at most once per {@link #FRESH} however
 * often Prometheus scrapes. While the stores cannot be queried (not RUNNING, rebalancing) the
 * gauges read NaN, which Prometheus stores as a gap.
 */
final class OpenCases {

    /** A scrape within this of the last count reuses it. */
    static final Duration FRESH = Duration.ofSeconds(5);

    static final List<Escalation.Phase> ACTIVE_PHASES =
            List.of(Escalation.Phase.OPEN, Escalation.Phase.ACKNOWLEDGED, Escalation.Phase.ASKED);
    static final List<FlagState> LIVE_STATES = List.of(FlagState.OPEN, FlagState.ACKNOWLEDGED, FlagState.CONTACTED);

    /** Counts by label set ("reason/phase", "severity/state"). */
    record Counts(Map<String, Long> escalations, Map<String, Long> flags) {}

    private final Supplier<Counts> source;
    private volatile Counts last;
    private volatile long takenAt;

    OpenCases(Supplier<Counts> source) {
        this.source = source;
    }

    /** Registers the gauges, every label set at start, reading the running client's stores. */
    static OpenCases register(KafkaStreams streams, MeterRegistry registry) {
        OpenCases cases = new OpenCases(() -> count(
                streams.store(StoreQueryParameters.fromNameAndType(
                        EscalationStores.ESCALATIONS, QueryableStoreTypes.<String, Escalation>keyValueStore())),
                streams.store(StoreQueryParameters.fromNameAndType(
                        FlagStores.FLAGS, QueryableStoreTypes.<String, LiveFlag>keyValueStore()))));
        for (EscalationReason reason : EscalationReason.values()) {
            for (Escalation.Phase phase : ACTIVE_PHASES) {
                String key = reason.code() + "/" + phase(phase);
                Gauge.builder("outreach.escalations.open", () -> cases.read(Counts::escalations, key))
                        .description(
                                "Escalations not over (alerting, acknowledged, or asked whether the member was reached)")
                        .tag("reason", reason.code())
                        .tag("phase", phase(phase))
                        .register(registry);
            }
        }
        for (FlagSeverity severity : FlagSeverity.values()) {
            for (FlagState state : LIVE_STATES) {
                String key = code(severity) + "/" + code(state);
                Gauge.builder("outreach.flags.open", () -> cases.read(Counts::flags, key))
                        .description("Staff flags not resolved, by severity and state")
                        .tag("severity", code(severity))
                        .tag("state", code(state))
                        .register(registry);
            }
        }
        return cases;
    }

    /** One scan of each store: active escalations by reason and phase, live flags by severity and state. */
    static Counts count(
            ReadOnlyKeyValueStore<String, Escalation> escalations, ReadOnlyKeyValueStore<String, LiveFlag> flags) {
        Map<String, Long> open = new TreeMap<>();
        try (KeyValueIterator<String, Escalation> all = escalations.all()) {
            all.forEachRemaining(kv -> {
                Escalation e = kv.value;
                if (e != null && e.isActive()) {
                    open.merge(e.reason().code() + "/" + phase(e.phase()), 1L, Long::sum);
                }
            });
        }
        Map<String, Long> live = new TreeMap<>();
        try (KeyValueIterator<String, LiveFlag> all = flags.all()) {
            all.forEachRemaining(kv -> {
                CaseFlag f = kv.value == null ? null : kv.value.flag();
                if (f != null && f.state().live()) {
                    live.merge(code(f.severity()) + "/" + code(f.state()), 1L, Long::sum);
                }
            });
        }
        return new Counts(open, live);
    }

    private static String phase(Escalation.Phase phase) {
        return phase.name().toLowerCase(Locale.ROOT);
    }

    double read(Function<Counts, Map<String, Long>> which, String key) {
        Counts counts = current();
        return counts == null ? Double.NaN : which.apply(counts).getOrDefault(key, 0L);
    }

    private Counts current() {
        long now = System.nanoTime();
        Counts counts = last;
        if (counts != null && now - takenAt < FRESH.toNanos()) {
            return counts;
        }
        synchronized (this) {
            if (last != null && now - takenAt < FRESH.toNanos()) {
                return last;
            }
            try {
                last = source.get();
            } catch (InvalidStateStoreException notQueryable) {
                last = null;
            }
            takenAt = System.nanoTime();
            return last;
        }
    }
}
