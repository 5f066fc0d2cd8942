package org.aftercare.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.aftercare.kit.config.ConfigException;
import org.aftercare.kit.config.Settings;
import org.junit.jupiter.api.Test;

class GroupMembershipTest {

    private static GroupMembership read(Map<String, String> env) {
        Settings settings = Settings.of(env);
        GroupMembership membership = GroupMembership.read(settings, env);
        settings.validate();
        return membership;
    }

    private static ConfigException problems(Map<String, String> env) {
        Settings settings = Settings.of(env);
        GroupMembership.read(settings, env);
        try {
            settings.validate();
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("accepted " + env);
    }

    @Test
    void unsetIsDynamicMembershipWithATwentySecondSession() {
        GroupMembership membership = read(Map.of());
        assertThat(membership.isStatic()).isFalse();
        assertThat(membership.consumerConfig("delivery"))
                .containsEntry("session.timeout.ms", 20_000)
                .containsEntry("heartbeat.interval.ms", 3_000)
                .doesNotContainKey("group.instance.id");
    }

    @Test
    void thePodNameMakesEachRoleAStaticMemberOfItsOwn() {
        GroupMembership membership = read(Map.of(GroupMembership.INSTANCE_ID, "notifier-7d9f-x2kq"));
        assertThat(membership.consumerConfig("delivery"))
                .containsEntry("group.instance.id", "notifier-7d9f-x2kq-delivery");
        assertThat(membership.consumerConfig("other")).containsEntry("group.instance.id", "notifier-7d9f-x2kq-other");
    }

    @Test
    void streamsGetsThePodNameForItsMainConsumerOnly() {
        GroupMembership membership =
                read(Map.of(GroupMembership.INSTANCE_ID, "streams-0", GroupMembership.SESSION_TIMEOUT, "9s"));
        assertThat(membership.streamsMainConsumerConfig())
                .containsOnly(
                        Map.entry("main.consumer.group.instance.id", "streams-0"),
                        Map.entry("main.consumer.session.timeout.ms", 9_000),
                        Map.entry("main.consumer.heartbeat.interval.ms", 3_000));
    }

    @Test
    void theHeartbeatIsAThirdOfAShortSession() {
        assertThat(read(Map.of(GroupMembership.SESSION_TIMEOUT, "6s")).heartbeatInterval())
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(read(Map.of(GroupMembership.SESSION_TIMEOUT, "2m")).heartbeatInterval())
                .isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aSessionTimeoutOutsideWhatBrokersAcceptIsRefusedByName() {
        assertThat(problems(Map.of(GroupMembership.SESSION_TIMEOUT, "5s")).problems())
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith(GroupMembership.SESSION_TIMEOUT + ": expected a duration from PT6S to PT30M");
        assertThat(problems(Map.of(GroupMembership.SESSION_TIMEOUT, "1h")).problems())
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith(GroupMembership.SESSION_TIMEOUT + ":");
    }

    @Test
    void anInstanceIdKafkaWouldRefuseIsRefusedByName() {
        assertThat(problems(Map.of(GroupMembership.INSTANCE_ID, "pod name with spaces"))
                        .problems())
                .containsExactly(GroupMembership.INSTANCE_ID
                        + ": must be 1-200 letters, digits, '.', '_' or '-' (e.g. the pod name)");
    }

    @Test
    void thePassThroughPropertiesTheVariablesReplaceAreRefused() {
        assertThat(problems(Map.of(
                                "OUTREACH_KAFKA_PROP_MAIN_CONSUMER_GROUP_INSTANCE_ID", "streams-0",
                                "OUTREACH_KAFKA_PROP_SESSION_TIMEOUT_MS", "60000"))
                        .problems())
                .containsExactlyInAnyOrder(
                        "OUTREACH_KAFKA_PROP_MAIN_CONSUMER_GROUP_INSTANCE_ID: use " + GroupMembership.INSTANCE_ID
                                + " instead",
                        "OUTREACH_KAFKA_PROP_SESSION_TIMEOUT_MS: use " + GroupMembership.SESSION_TIMEOUT + " instead");
    }

    @Test
    void twoConsumersOfOneProcessCannotShareAnInstanceIdInOneGroup() {
        GroupMembership membership = read(Map.of(GroupMembership.INSTANCE_ID, "host-a"));
        try (GroupMembership.Claim first = membership.claim("group-1", "delivery")) {
            assertThatThrownBy(() -> membership.claim("group-1", "delivery"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("host-a-delivery")
                    .hasMessageContaining(GroupMembership.INSTANCE_ID);
            // Another group, or another role, is another member.
            membership.claim("group-2", "delivery").close();
            membership.claim("group-1", "other").close();
        }
        // Released on close: a restarted loop in the same process takes the id again.
        membership.claim("group-1", "delivery").close();
    }

    @Test
    void dynamicMembersNeverClash() {
        GroupMembership membership = read(Map.of());
        try (GroupMembership.Claim first = membership.claim("group-1", "delivery");
                GroupMembership.Claim second = membership.claim("group-1", "delivery")) {
            assertThat(membership.instanceId("delivery")).isEmpty();
        }
    }
}
