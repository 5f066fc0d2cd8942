package org.aftercare.notifier.profile;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.aftercare.events.Topics;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.ProfileEvent;
import org.aftercare.kit.kafka.KafkaSettings;
import org.aftercare.notifier.kafka.TopicFollower;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code member.profile} from the beginning into a {@link ProfileTable} and keeps following
 * it (a {@link TopicFollower}: every partition, no group, never commits). {@link #catchUp} lets
 * the delivery loop decide on consent no older than the intent it is handling.
 *
 * <p>A record it cannot read is skipped and counted (the profile is re-published whole on the
 * member's next change); its offset is logged, never its content.
 */
public final class ProfileReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProfileReader.class);

    private final ProfileTable table;
    private volatile TopicFollower follower;
    private volatile long unreadable;

    private ProfileReader(ProfileTable table) {
        this.table = table;
    }

    public static ProfileReader start(KafkaSettings kafka, ProfileTable table) {
        ProfileReader reader = new ProfileReader(table);
        reader.follower = TopicFollower.start(
                kafka,
                Topics.MEMBER_PROFILE.name(),
                "outreach-notifier-profiles",
                reader::apply,
                () -> log.info("member profiles loaded: {} members", table.size()));
        return reader;
    }

    public ProfileTable table() {
        return table;
    }

    /** True once the table holds everything that was on the topic when the reader started. */
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
        String memberId = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        ProfileEvent event;
        try {
            event = Topics.MEMBER_PROFILE.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            unreadable++;
            log.warn(
                    "skipped unreadable profile at {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            return;
        }
        switch (event) {
            case null -> {
                if (memberId != null) {
                    table.apply(memberId, null);
                }
            }
            case MemberProfile profile -> table.apply(profile.memberId(), profile);
        }
    }

    /** Stops the thread and closes the consumer, waiting at most {@code timeout}. */
    public void close(Duration timeout) {
        follower.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
