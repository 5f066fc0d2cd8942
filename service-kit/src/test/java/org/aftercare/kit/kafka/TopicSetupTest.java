package org.aftercare.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.aftercare.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** The topics a service creates itself (local run, tests, a fresh cluster) erase as fast as the deployed ones. */
class TopicSetupTest {

    @Test
    void theMemberProfileTopicAServiceCreatesCompactsAwayAnErasedMemberWithinAWeek() {
        NewTopic topic = TopicSetup.newTopic(Topics.MEMBER_PROFILE, 6, (short) 1);

        assertThat(topic.configs())
                .containsEntry("cleanup.policy", "compact")
                .containsEntry("max.compaction.lag.ms", "604800000")
                .containsEntry("delete.retention.ms", "86400000")
                .doesNotContainKey("retention.ms");
    }

    @Test
    void theNotifierLedgerAServiceCreatesCompactsWithinAWeekToo() {
        assertThat(TopicSetup.newTopic(Topics.NOTIFIER_LEDGER, 6, (short) 1).configs())
                .containsEntry("max.compaction.lag.ms", "604800000")
                .containsEntry("delete.retention.ms", "86400000");
    }

    @Test
    void deletingTopicsKeepTheirRetentionAndHaveNoCompactionLag() {
        NewTopic topic = TopicSetup.newTopic(Topics.CHECKIN_RESPONSES, 6, (short) 3);

        assertThat(topic.configs())
                .containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", "2592000000")
                .containsEntry("min.insync.replicas", "2")
                .doesNotContainKey("max.compaction.lag.ms");
    }
}
