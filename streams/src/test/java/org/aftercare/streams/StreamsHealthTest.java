package org.aftercare.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every state of the Kafka Streams client, and what /health/live and /health/ready answer for it. */
class StreamsHealthTest {

    /** live, ready: spelled out per state so a new Kafka state fails this test until someone decides. */
    private static final Map<State, boolean[]> EXPECTED = Map.of(
            State.CREATED, new boolean[] {true, false},
            State.REBALANCING, new boolean[] {true, false},
            State.RUNNING, new boolean[] {true, true},
            State.PENDING_SHUTDOWN, new boolean[] {false, false},
            State.NOT_RUNNING, new boolean[] {false, false},
            State.PENDING_ERROR, new boolean[] {false, false},
            State.ERROR, new boolean[] {false, false});

    @ParameterizedTest
    @EnumSource(State.class)
    void liveWhileItCanStillMakeProgressAndReadyOnlyWhenRunning(State state) {
        assertThat(EXPECTED).as("a decision for state " + state).containsKey(state);
        assertThat(StreamsHealth.isLive(state)).as("live in " + state).isEqualTo(EXPECTED.get(state)[0]);
        assertThat(StreamsHealth.isReady(state)).as("ready in " + state).isEqualTo(EXPECTED.get(state)[1]);
    }
}
