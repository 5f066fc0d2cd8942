package org.aftercare.streams.deadline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.aftercare.events.JsonSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlineIndexTest {

    /** A deadline as an engine keeps one: what it is for, and when. */
    record Step(String id, Instant at) {
        String key() {
            return DeadlineIndex.key(at, "STEP", id);
        }
    }

    private final KeyValueStore<String, Step> store = inMemoryStore();
    private final DeadlineIndex<Step> index = new DeadlineIndex<>(store, Step::key);

    private static KeyValueStore<String, Step> inMemoryStore() {
        KeyValueStore<String, Step> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore("deadlines"), Serdes.String(), new JsonSerde<>(Step.class))
                .withLoggingDisabled()
                .build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static Step step(String id, long atMs) {
        return new Step(id, Instant.ofEpochMilli(atMs));
    }

    @Test
    void keysAreTheZeroPaddedEpochMillisThenTheParts() {
        // The encoding every deadline store of a running deployment holds: it must never change.
        assertThat(DeadlineIndex.key(Instant.parse("2026-03-08T15:00:00Z"), "LATE", "ci-1"))
                .isEqualTo("0000001772982000000|LATE|ci-1");
        assertThat(DeadlineIndex.key(Instant.parse("2026-03-08T15:00:00Z"), "m-1"))
                .isEqualTo("0000001772982000000|m-1");
        assertThat(DeadlineIndex.key(Instant.parse("1969-12-31T23:59:59Z"), "x"))
                .as("before the epoch: time 0")
                .isEqualTo("0000000000000000000|x");
        assertThat(DeadlineIndex.upTo(1772982000000L)).isEqualTo("0000001772982000000~");
    }

    @Test
    void keysSortInTimeOrderAcrossDigitCounts() {
        assertThat(DeadlineIndex.key(Instant.ofEpochMilli(999), "z"))
                .isLessThan(DeadlineIndex.key(Instant.ofEpochMilli(1000), "a"));
        assertThat(DeadlineIndex.key(Instant.ofEpochMilli(1000), "~~~")).isLessThanOrEqualTo(DeadlineIndex.upTo(1000));
        assertThat(DeadlineIndex.upTo(999)).isLessThan(DeadlineIndex.key(Instant.ofEpochMilli(1000), "a"));
    }

    @Test
    void dueByReturnsWhatIsDueAtOrBeforeNowOldestFirstAndKeepsIt() {
        index.put(step("later", 3_000));
        index.put(step("now", 2_000));
        index.put(step("earlier", 1_000));

        assertThat(index.dueBy(2_000)).extracting(kv -> kv.value.id()).containsExactly("earlier", "now");
        assertThat(index.dueBy(2_000)).as("reading removes nothing").hasSize(2);
        assertThat(index.dueBy(999)).isEmpty();
    }

    @Test
    void aRemovedDeadlineIsNeverDue() {
        index.put(step("cancelled", 1_000));
        index.put(step("kept", 1_000));
        index.remove(step("cancelled", 1_000));

        assertThat(index.dueBy(5_000)).extracting(kv -> kv.key).containsExactly("0000000000000001000|STEP|kept");
    }

    @Test
    void handleDueRemovesEachEntryBeforeHandingItOverAndLeavesNewlyDueOnesForTheNextPass() {
        index.put(step("first", 1_000));
        List<String> handled = new ArrayList<>();

        int count = index.handleDue(2_000, s -> {
            handled.add(s.id());
            assertThat(store.get(s.key())).as("removed before it is handled").isNull();
            if (s.id().equals("first")) {
                index.put(step("follow-up", 1_500));
            }
        });

        assertThat(count).isEqualTo(1);
        assertThat(handled).containsExactly("first");
        assertThat(index.dueBy(2_000)).extracting(kv -> kv.value.id()).containsExactly("follow-up");
    }

    @Test
    void drainScansAgainUntilNothingIsDue() {
        index.put(step("late", 1_000));
        index.put(step("not-yet", 9_000));
        List<String> handled = new ArrayList<>();

        index.drain(2_000, s -> {
            handled.add(s.id());
            switch (s.id()) {
                case "late" -> index.put(step("missed", 1_500)); // already due after a clock jump
                case "missed" -> index.put(step("purge", 2_000));
                default -> {}
            }
        });

        assertThat(handled).containsExactly("late", "missed", "purge");
        assertThat(index.dueBy(Long.MAX_VALUE)).extracting(kv -> kv.value.id()).containsExactly("not-yet");
    }

    @Test
    void anEntryRemovedByAnEarlierHandlerInTheSamePassIsStillHandedOver() {
        // As before the index existed: a pass works on what was due when it started; engines check their own state.
        index.put(step("a", 1_000));
        index.put(step("b", 1_001));
        List<KeyValue<String, String>> handled = new ArrayList<>();

        index.handleDue(2_000, s -> {
            handled.add(KeyValue.pair(s.id(), s.key()));
            index.remove(step("b", 1_001));
        });

        assertThat(handled).extracting(kv -> kv.key).containsExactly("a", "b");
        assertThat(index.dueBy(Long.MAX_VALUE)).isEmpty();
    }
}
