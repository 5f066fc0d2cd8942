package org.aftercare.notifier.staff;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.aftercare.events.Topics;
import org.aftercare.events.staff.StaffDirectoryEvent;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.kit.kafka.KafkaSettings;
import org.aftercare.notifier.kafka.TopicFollower;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code staff.directory} (keyed by staffId, compacted) from the beginning into a
 * {@link StaffTable} and keeps following it, as the profile reader does for members, so a staff
 * email goes to the work email the directory holds when it is sent. {@link #catchUp} lets the
 * delivery loop decide on a directory no older than the intent it is handling.
 *
 * <p>A record it cannot read is skipped and counted (the console re-publishes the whole record on
 * the next change); its offset is logged, never its content.
 */
public final class StaffReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StaffReader.class);

    private final StaffTable table;
    private volatile TopicFollower follower;
    private volatile long unreadable;

    private StaffReader(StaffTable table) {
        this.table = table;
    }

    public static StaffReader start(KafkaSettings kafka, StaffTable table) {
        StaffReader reader = new StaffReader(table);
        reader.follower = TopicFollower.start(
                kafka,
                Topics.STAFF_DIRECTORY.name(),
                "outreach-notifier-staff",
                reader::apply,
                () -> log.info("staff directory loaded: {} staff members", table.size()));
        return reader;
    }

    public StaffTable table() {
        return table;
    }

    public boolean isCaughtUp() {
        return follower.isCaughtUp();
    }

    public boolean isAlive() {
        return follower.isAlive();
    }

    public long unreadableRecords() {
        return unreadable;
    }

    /** Waits until the table holds everything that was on the topic when the reader started. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }

    /** Waits until the table holds everything on the topic now; false if not within the timeout. */
    public boolean catchUp(Duration timeout) throws InterruptedException {
        return follower.catchUp(timeout);
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        String staffId = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        StaffDirectoryEvent event;
        try {
            event = Topics.STAFF_DIRECTORY.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            unreadable++;
            log.warn(
                    "skipped unreadable staff record at {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            return;
        }
        switch (event) {
            case null -> {
                if (staffId != null) {
                    table.apply(staffId, null);
                }
            }
            case StaffMember staff -> table.apply(staff.staffId(), staff);
        }
    }

    public void close(Duration timeout) {
        follower.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
