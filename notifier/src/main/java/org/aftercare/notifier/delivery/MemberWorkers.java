package org.aftercare.notifier.delivery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The worker pool of the delivery loop: a batch is split by record key (the memberId), each
 * member's records run in order on one worker, members in parallel, more workers than SMTP
 * connections (so the next emails are prepared while every connection is busy). {@link #runAll} returns when every record of the batch was handled; an
 * {@link Error} in a worker is rethrown as itself, so the loop halts as a killed process would.
 */
final class MemberWorkers implements AutoCloseable {

    private final ExecutorService pool;

    MemberWorkers(int workers) {
        this.pool = Executors.newFixedThreadPool(
                workers,
                Thread.ofPlatform().name("notifier-worker-", 0).daemon(true).factory());
    }

    /** Hands each record to {@code handler}: one member's in order, members in parallel; waits for all. */
    void runAll(List<ConsumerRecord<byte[], byte[]>> batch, Consumer<ConsumerRecord<byte[], byte[]>> handler)
            throws InterruptedException, ExecutionException {
        Map<String, List<ConsumerRecord<byte[], byte[]>>> byMember = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            // A record without a key is its own group: nothing orders it with others.
            String key = record.key() == null
                    ? "\u0000" + record.topic() + record.partition() + "@" + record.offset()
                    : new String(record.key(), StandardCharsets.UTF_8);
            byMember.computeIfAbsent(key, k -> new ArrayList<>()).add(record);
        }
        List<Future<?>> tasks = new ArrayList<>();
        for (List<ConsumerRecord<byte[], byte[]>> records : byMember.values()) {
            tasks.add(pool.submit(() -> records.forEach(handler)));
        }
        try {
            for (Future<?> task : tasks) {
                task.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
