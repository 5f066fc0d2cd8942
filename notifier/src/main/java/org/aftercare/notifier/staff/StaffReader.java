package org.aftercare.notifier.staff;

import org.aftercare.events.Topics;
import org.aftercare.events.staff.StaffDirectoryEvent;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.kit.kafka.KafkaSettings;
import org.aftercare.kit.kafka.TableReader;
import org.aftercare.kit.kafka.TopicFollower;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code staff.directory} (keyed by staffId, compacted) from the beginning into a
 * {@link StaffTable} and keeps following it, as the profile reader does for members, so a staff
 * email goes to the work email the directory holds when it is sent. A record it cannot read is
 * skipped and counted (the owner re-publishes the whole record on the next change).
 */
public final class StaffReader extends TableReader<StaffDirectoryEvent> {

    private static final Logger log = LoggerFactory.getLogger(StaffReader.class);

    private final StaffTable table;

    private StaffReader(StaffTable table) {
        super(
                Topics.STAFF_DIRECTORY,
                StaffDirectoryEvent::staffId,
                (staffId, event) -> table.apply(staffId, staff(event)));
        this.table = table;
    }

    public static StaffReader start(KafkaSettings kafka, StaffTable table) {
        StaffReader reader = new StaffReader(table);
        reader.follow(
                kafka,
                "outreach-notifier-staff",
                () -> log.info("staff directory loaded: {} staff members", table.size()),
                TopicFollower.IDLE_POLL); // read only after the delivery loop's catch-up
        return reader;
    }

    public StaffTable table() {
        return table;
    }

    private static StaffMember staff(StaffDirectoryEvent event) {
        return switch (event) {
            case null -> null;
            case StaffMember staff -> staff;
        };
    }
}
