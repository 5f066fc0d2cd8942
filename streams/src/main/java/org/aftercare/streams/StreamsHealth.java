package org.aftercare.streams;

import java.util.EnumSet;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * What the health endpoints answer for each {@link State} of the Kafka Streams client.
 * <ul>
 *   <li>live (restarting the process would not help): CREATED (starting), REBALANCING and RUNNING.
 *       PENDING_ERROR and ERROR mean every stream thread died (the uncaught-exception handler gave
 *       up); PENDING_SHUTDOWN and NOT_RUNNING mean the client is stopping or stopped: a restart is
 *       what helps then.</li>
 *   <li>ready (processing now): RUNNING only. A rebalance pauses processing, so the instance is
 *       reported not ready until it settles.</li>
 * </ul>
 */
public final class StreamsHealth {

    private static final Set<State> LIVE = EnumSet.of(State.CREATED, State.REBALANCING, State.RUNNING);

    private StreamsHealth() {}

    public static boolean isLive(State state) {
        return LIVE.contains(state);
    }

    public static boolean isReady(State state) {
        return state == State.RUNNING;
    }
}
