package org.aftercare.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.links.LinkSigner;
import org.aftercare.notifier.NotifierConfig;
import org.aftercare.notifier.TestFixtures;
import org.junit.jupiter.api.Test;

/** The delivery consumer's group membership, as the notifier's settings make it. */
class DeliveryConsumerConfigTest {

    private static Map<String, Object> consumerConfig(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("OUTREACH_LINK_KEYS", LinkSigner.randomSpec("k1"));
        env.put("OUTREACH_ADDRESS_HASH_KEY", TestFixtures.ADDRESS_HASH_KEY);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        NotifierConfig config = NotifierConfig.from(Settings.of(env), env);
        return DeliveryLoop.consumerConfig(config.kafka(), config.groupId(), config.maxPollRecords());
    }

    @Test
    void thePodNameMakesTheDeliveryConsumerAStaticMember() {
        assertThat(consumerConfig("OUTREACH_KAFKA_GROUP_INSTANCE_ID", "notifier-5c8d9-qx7lt"))
                .containsEntry("group.instance.id", "notifier-5c8d9-qx7lt-delivery")
                .containsEntry("group.id", "outreach-notifier")
                .containsEntry("session.timeout.ms", 20_000)
                .containsEntry("heartbeat.interval.ms", 3_000);
    }

    @Test
    void withoutAnInstanceIdTheMemberIsDynamicWithTheChosenSession() {
        assertThat(consumerConfig("OUTREACH_KAFKA_SESSION_TIMEOUT", "45s"))
                .doesNotContainKey("group.instance.id")
                .containsEntry("session.timeout.ms", 45_000);
    }
}
