package org.aftercare.notifier.profile;

import org.aftercare.events.Topics;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.ProfileEvent;
import org.aftercare.kit.kafka.KafkaSettings;
import org.aftercare.kit.kafka.TableReader;
import org.aftercare.kit.kafka.TopicFollower;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code member.profile} from the beginning into a {@link ProfileTable} and keeps following
 * it, so the delivery loop decides on consent no older than the intent it is handling. A record
 * it cannot read is skipped and counted (the profile is re-published whole on the member's next
 * change).
 */
public final class ProfileReader extends TableReader<ProfileEvent> {

    private static final Logger log = LoggerFactory.getLogger(ProfileReader.class);

    private final ProfileTable table;

    private ProfileReader(ProfileTable table) {
        super(
                Topics.MEMBER_PROFILE,
                ProfileEvent::memberId,
                (memberId, event, raw) -> table.apply(memberId, profile(event), raw));
        this.table = table;
    }

    public static ProfileReader start(KafkaSettings kafka, ProfileTable table) {
        ProfileReader reader = new ProfileReader(table);
        reader.follow(
                kafka,
                "outreach-notifier-profiles",
                () -> log.info("member profiles loaded: {} members", table.size()),
                TopicFollower.IDLE_POLL); // read only after the delivery loop's catch-up
        return reader;
    }

    public ProfileTable table() {
        return table;
    }

    private static MemberProfile profile(ProfileEvent event) {
        return switch (event) {
            case null -> null;
            case MemberProfile profile -> profile;
        };
    }
}
