package org.aftercare.local;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.aftercare.events.Topics;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.ProfileEvent;
import org.aftercare.infra.kafka.TopicProbe;
import org.aftercare.scheduler.testing.SchedulerFixture;

/** Members enrolled through a running scheduler, as the notifier then knows them, for the tests that hold two services to one contract. */
final class EnrolledMembers {

    /** The staff member on every such member's care team (the staff flag links are theirs). */
    static final String STAFF_ID = "staff-contract";

    private EnrolledMembers() {}

    /**
     * A member enrolled with the scheduler's sample contact, the contact confirmed and the member
     * given a care team of {@link #STAFF_ID} (contact links open only for a confirmed contact, staff
     * links only for the care team): the latest snapshot the scheduler published on member.profile.
     */
    static MemberProfile confirmed(SchedulerFixture scheduler, String bootstrapServers) throws Exception {
        String memberId =
                scheduler.enroll("EXT-" + UUID.randomUUID()).get("memberId").asText();
        try (TopicProbe<ProfileEvent> profiles = new TopicProbe<>(bootstrapServers, Topics.MEMBER_PROFILE)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !profiles.valuesFor(memberId).isEmpty());
            MemberProfile enrolled =
                    (MemberProfile) profiles.valuesFor(memberId).getLast();
            scheduler.confirmContact(memberId, enrolled.contacts().getFirst().contactId());
            scheduler.staff(STAFF_ID);
            scheduler.careTeam(memberId, STAFF_ID);
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            latest(profiles, memberId).contacts().getFirst().state() == ContactState.CONFIRMED);
            return latest(profiles, memberId);
        }
    }

    private static MemberProfile latest(TopicProbe<ProfileEvent> profiles, String memberId) {
        return (MemberProfile) profiles.valuesFor(memberId).getLast();
    }
}
