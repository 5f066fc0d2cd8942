package org.aftercare.console.staff;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aftercare.console.readmodel.ReadModelDatabase;
import org.aftercare.events.Topic;
import org.aftercare.events.staff.CareAssignmentEvent;
import org.aftercare.events.staff.CareTeam;
import org.aftercare.events.staff.StaffDirectoryEvent;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.kit.kafka.KafkaSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's first start on a deployment that already has staff (the scheduler's stop-gap
 * published them): when the console's staff tables are both empty, it reads {@code
 * staff.directory} and {@code care.assignments} from the start to their current end, keeps the
 * last record per key (a tombstone removes the key, as compaction would) and stores them with
 * their revisions, so the console's next revision of each is above what the topics hold. Nothing
 * is published (the topics have it already). Care teams of members the read model knows as erased
 * are left out. An unreadable record is counted and skipped. It logs counts only.
 */
public final class StaffAdoption {

    private static final Logger log = LoggerFactory.getLogger(StaffAdoption.class);
    private static final Duration POLL = Duration.ofMillis(500);

    /** What was taken over. */
    public record Adopted(int staff, int careTeams, int skipped) {}

    private StaffAdoption() {}

    /** Takes over the topics' state if the console holds no staff and no care team; otherwise does nothing. */
    public static Adopted adoptIfEmpty(KafkaSettings kafka, ReadModelDatabase db, Duration timeout) {
        if (!db.read(StaffTables::empty)) {
            return new Adopted(0, 0, 0);
        }
        int[] skipped = {0};
        Map<String, StaffDirectoryEvent> staff = latest(kafka, StaffTables.DIRECTORY, timeout, skipped);
        Map<String, CareAssignmentEvent> teams = latest(kafka, StaffTables.ASSIGNMENTS, timeout, skipped);
        Adopted adopted = db.inTransaction(c -> {
            if (!StaffTables.empty(c)) {
                return new Adopted(0, 0, skipped[0]);
            }
            int s = 0;
            for (StaffDirectoryEvent e : staff.values()) {
                switch (e) {
                    case StaffMember m -> {
                        StaffTables.saveStaff(c, m, false);
                        s++;
                    }
                }
            }
            int t = 0;
            for (CareAssignmentEvent e : teams.values()) {
                switch (e) {
                    case CareTeam team -> {
                        if (!StaffTables.erased(c, team.memberId())) {
                            StaffTables.saveCareTeam(c, team, false);
                            t++;
                        }
                    }
                }
            }
            return new Adopted(s, t, skipped[0]);
        });
        log.info(
                "staff records taken over from the topics: {} staff, {} care teams ({} unreadable records skipped)",
                adopted.staff(),
                adopted.careTeams(),
                adopted.skipped());
        return adopted;
    }

    /** The last value per key on the topic now (tombstones remove), read without a consumer group. */
    private static <V> Map<String, V> latest(KafkaSettings kafka, Topic<V> topic, Duration timeout, int[] skipped) {
        Map<String, Object> config = kafka.clientConfig("outreach-console-staff-adoption");
        config.put("enable.auto.commit", "false");
        config.put("isolation.level", "read_committed");
        Map<String, V> latest = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic.name(), timeout)
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic.name() + " to its end within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    if (r.key() == null) {
                        skipped[0]++;
                        continue;
                    }
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    if (r.value() == null) {
                        latest.remove(key);
                        continue;
                    }
                    try {
                        latest.put(key, topic.valueSerde().deserializer().deserialize(topic.name(), r.value()));
                    } catch (RuntimeException e) {
                        skipped[0]++;
                        log.warn(
                                "staff adoption skipped an unreadable record at {}-{}@{}",
                                r.topic(),
                                r.partition(),
                                r.offset());
                    }
                }
            }
        }
        return latest;
    }
}
