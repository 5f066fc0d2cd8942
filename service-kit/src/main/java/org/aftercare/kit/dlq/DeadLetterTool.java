package org.aftercare.kit.dlq;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.aftercare.events.DeadLetters;
import org.aftercare.events.Topic;
import org.aftercare.events.Topics;
import org.aftercare.kit.config.ConfigException;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.kafka.KafkaSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The {@code dlq} subcommand every service has: look at a dead-letter topic and replay what was
 * fixed, without a console-consumer pipeline. In: the command's arguments and the service's Kafka
 * settings. Out: lines on {@code out}, problems on {@code err}, and an exit code (0 done, 2 bad
 * arguments, 1 failed).
 *
 * <pre>
 * dlq list   [--dlq NAME] [--reason TEXT] [--partition P] [--from OFFSET] [--to OFFSET] [--limit N]
 * dlq show   [--dlq NAME] P:OFFSET [--payload]
 * dlq replay [--dlq NAME] (--reason TEXT | --partition P --from OFFSET --to OFFSET | --all) [--dry-run]
 * </pre>
 *
 * <p>{@code list} prints one line per dead letter: where it sits, the topic, partition and offset
 * it came from, the service, the error class, the reason and when it failed; {@code show} prints one
 * record's headers, and its key and value only with {@code --payload} (they hold member data:
 * asked for by name, never by default). {@code replay} writes each selected record to the topic it
 * came from, key, value and original headers unchanged, the {@code dlq.*} headers replaced by one
 * {@code dlq.replayed.from} header naming the dead letter, through one idempotent producer; with
 * {@code --dry-run} it only says what it would do. Records whose source topic is not an event topic
 * of the pipeline are never replayed (counted as refused). Every consumer of the pipeline drops
 * repeats by event id, so replaying a record twice changes nothing downstream.
 */
public final class DeadLetterTool {

    /** The header a replayed record carries: the dead letter it came from ({@code dlq:partition:offset}). */
    public static final String REPLAYED_FROM = "dlq.replayed.from";

    private static final Duration POLL = Duration.ofMillis(500);
    private static final int MAX_EMPTY_POLLS = 20;

    private final KafkaSettings kafka;
    private final Optional<String> defaultDlq;
    private final PrintStream out;
    private final PrintStream err;

    /** @param defaultDlq the service's own dead-letter topic, or empty when it has none ({@code --dlq} required) */
    public DeadLetterTool(KafkaSettings kafka, Optional<Topic<byte[]>> defaultDlq, PrintStream out, PrintStream err) {
        this.kafka = kafka;
        this.defaultDlq = defaultDlq.map(Topic::name);
        this.out = out;
        this.err = err;
    }

    /** Is this command line a {@code dlq} command ({@code args[0]} is {@code dlq})? */
    public static boolean isDlqCommand(String[] args) {
        return args.length > 0 && args[0].equals("dlq");
    }

    /**
     * A service main's {@code dlq} command: the Kafka settings from the environment (as the service
     * reads them, TLS and SASL properties included), then {@link #run}; returns the exit code.
     */
    public static int runFromEnvironment(String[] args, Optional<Topic<byte[]>> serviceDlq) {
        Settings settings = Settings.fromEnvironment();
        KafkaSettings kafka = KafkaSettings.read(settings, System.getenv());
        try {
            settings.validate();
        } catch (ConfigException e) {
            e.problems().forEach(p -> System.err.println("dlq: " + p));
            return 2;
        }
        return new DeadLetterTool(kafka, serviceDlq, System.out, System.err).run(args);
    }

    /** Runs {@code dlq <action> [options]}; returns the exit code. */
    public int run(String[] args) {
        Options o;
        try {
            o = Options.parse(args, defaultDlq);
        } catch (IllegalArgumentException e) {
            err.println("dlq: " + e.getMessage());
            err.println(
                    "usage: dlq list|show|replay [--dlq NAME] [--reason TEXT] [--partition P --from OFFSET --to OFFSET]"
                            + " [--limit N] [--payload] [--dry-run] [--all] [P:OFFSET]");
            return 2;
        }
        try {
            return switch (o.action()) {
                case "list" -> list(o);
                case "show" -> show(o);
                case "replay" -> replay(o);
                default -> throw new IllegalStateException("unreachable");
            };
        } catch (RuntimeException e) {
            err.println("dlq: " + o.action() + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        }
    }

    private int list(Options o) {
        int[] shown = {0};
        scan(o, r -> {
            if (shown[0] >= o.limit()) {
                return false;
            }
            out.println(summary(r));
            shown[0]++;
            return true;
        });
        out.println(shown[0] + " dead letter(s) listed from " + o.dlq());
        return 0;
    }

    private int show(Options o) {
        boolean[] found = {false};
        scan(o, r -> {
            out.println("dead letter " + o.dlq() + " " + r.partition() + ":" + r.offset());
            for (Header h : r.headers()) {
                out.println("  " + h.key() + ": " + text(h.value()));
            }
            if (o.payload()) {
                out.println("  key: " + (r.key() == null ? "(none)" : text(r.key())));
                out.println("  value (base64): "
                        + (r.value() == null ? "(none)" : Base64.getEncoder().encodeToString(r.value())));
            } else {
                out.println("  (key and value not shown: they may hold member data; add --payload to print them)");
            }
            found[0] = true;
            return false;
        });
        if (!found[0]) {
            err.println("dlq: no dead letter at " + o.partition() + ":" + o.from() + " in " + o.dlq());
            return 1;
        }
        return 0;
    }

    private int replay(Options o) {
        Set<String> replayable = Topics.ALL.stream()
                .map(Topic::name)
                .filter(n -> !n.endsWith(".dlq"))
                .collect(Collectors.toSet());
        List<ConsumerRecord<byte[], byte[]>> selected = new ArrayList<>();
        scan(o, r -> {
            selected.add(r);
            return true;
        });
        Map<String, Integer> byTopic = new LinkedHashMap<>();
        int refused = 0;
        List<ProducerRecord<byte[], byte[]>> toSend = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : selected) {
            String source = header(r, DeadLetters.SOURCE_TOPIC);
            if (source == null || !replayable.contains(source)) {
                refused++;
                err.println("dlq: " + r.partition() + ":" + r.offset() + " not replayed: its source topic "
                        + (source == null ? "is not recorded" : source + " is not an event topic of the pipeline"));
                continue;
            }
            ProducerRecord<byte[], byte[]> copy = new ProducerRecord<>(source, null, r.key(), r.value());
            for (Header h : r.headers()) {
                if (!h.key().startsWith("dlq.")) {
                    copy.headers().add(h);
                }
            }
            copy.headers()
                    .add(
                            REPLAYED_FROM,
                            (o.dlq() + ":" + r.partition() + ":" + r.offset()).getBytes(StandardCharsets.UTF_8));
            toSend.add(copy);
            byTopic.merge(source, 1, Integer::sum);
            out.println((o.dryRun() ? "would replay " : "replaying ") + summary(r));
        }
        if (!o.dryRun() && !toSend.isEmpty()) {
            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
                for (ProducerRecord<byte[], byte[]> p : toSend) {
                    acks.add(producer.send(p));
                }
                producer.flush();
                for (var ack : acks) {
                    ack.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while replaying");
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("the broker refused a replayed record: " + e.getCause());
            }
        }
        out.println((o.dryRun() ? "dry run: would replay " : "replayed ") + toSend.size() + " of " + selected.size()
                + " selected dead letter(s) " + byTopic + (refused > 0 ? ", " + refused + " refused" : ""));
        return refused > 0 ? 1 : 0;
    }

    /** Reads the dead-letter topic from the start (or the range's start) to its end as of now, handing each matching record over until the handler says stop. */
    private void scan(Options o, java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> handler) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(o.dlq(), Duration.ofSeconds(15))) {
                if (o.partition() == null || o.partition() == p.partition()) {
                    partitions.add(new TopicPartition(p.topic(), p.partition()));
                }
            }
            if (partitions.isEmpty()) {
                throw new IllegalArgumentException("no partition " + o.partition() + " in " + o.dlq());
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            for (TopicPartition tp : partitions) {
                if (o.from() != null) {
                    consumer.seek(tp, o.from());
                } else {
                    consumer.seekToBeginning(List.of(tp));
                }
            }
            Map<TopicPartition, Boolean> done = new HashMap<>();
            int empty = 0;
            while (done.size() < partitions.size() && empty < MAX_EMPTY_POLLS) {
                for (TopicPartition tp : partitions) {
                    if (!done.containsKey(tp) && consumer.position(tp) >= ends.get(tp)) {
                        done.put(tp, true);
                    }
                }
                if (done.size() == partitions.size()) {
                    break;
                }
                var records = consumer.poll(POLL);
                empty = records.isEmpty() ? empty + 1 : 0;
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() >= ends.get(tp) || (o.to() != null && r.offset() > o.to())) {
                        done.put(tp, true);
                        continue;
                    }
                    if (!o.matches(r, header(r, DeadLetters.ERROR_REASON), header(r, DeadLetters.ERROR_CLASS))) {
                        continue;
                    }
                    if (!handler.test(r)) {
                        return;
                    }
                }
            }
        }
    }

    private static String summary(ConsumerRecord<byte[], byte[]> r) {
        return r.partition() + ":" + r.offset() + " from " + header(r, DeadLetters.SOURCE_TOPIC) + " "
                + header(r, DeadLetters.SOURCE_PARTITION) + ":" + header(r, DeadLetters.SOURCE_OFFSET) + " by "
                + header(r, DeadLetters.SERVICE) + " at " + header(r, DeadLetters.FAILED_AT) + ": "
                + header(r, DeadLetters.ERROR_CLASS) + ": " + header(r, DeadLetters.ERROR_REASON);
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8).replaceAll("[\\r\\n]+", " ");
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> config = kafka.clientConfig("outreach-dlq-tool");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> config = kafka.clientConfig("outreach-dlq-replay");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
