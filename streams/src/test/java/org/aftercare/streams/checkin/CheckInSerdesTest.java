package org.aftercare.streams.checkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.streams.checkin.TrackedCheckIn.Phase;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * The check-in stores' binary values: every tracked check-in and deadline comes back as it went
 * in, the JSON that versions before issue 14 wrote (in the changelogs and local stores of a running
 * deployment; written here by hand as they wrote it) is still read, and bytes of no known form are
 * refused without quoting them.
 */
class CheckInSerdesTest {

    private static final Instant DUE = Instant.parse("2026-03-08T13:00:00Z");
    private static final Instant RESPOND_BY = Instant.parse("2026-03-08T19:00:00.123456789Z");
    private static final Instant LATE = Instant.parse("2026-03-08T15:00:00.5Z");

    private static <T> T roundTrip(Serde<T> serde, T value) {
        return serde.deserializer().deserialize("changelog", serde.serializer().serialize("changelog", value));
    }

    @Test
    void everyTrackedCheckInIsReadBackAsWritten() {
        Serde<TrackedCheckIn> serde = CheckInSerdes.tracked();
        List<TrackedCheckIn> all = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            for (AnswerStatus answered : Arrays.asList(
                    null, AnswerStatus.OK, AnswerStatus.STRUGGLING, AnswerStatus.USED, AnswerStatus.NEED_HELP)) {
                for (Boolean used : Arrays.asList(null, false, true)) {
                    all.add(new TrackedCheckIn("m-1", "ci-1", DUE, RESPOND_BY, LATE, phase, answered, used));
                }
            }
        }
        all.add(new TrackedCheckIn("m-é-ü-☃", "ci-" + "x".repeat(300), DUE, RESPOND_BY, null, Phase.OPEN, null));
        for (TrackedCheckIn tracked : all) {
            assertThat(roundTrip(serde, tracked)).isEqualTo(tracked);
        }
        assertThat(serde.serializer().serialize("changelog", null)).isNull();
        assertThat(serde.deserializer().deserialize("changelog", null)).isNull();
    }

    @Test
    void everyDeadlineIsReadBackAsWritten() {
        Serde<Deadline> serde = CheckInSerdes.deadlines();
        for (Deadline.Kind kind : Deadline.Kind.values()) {
            Deadline deadline = new Deadline("m-1", "ci-1", kind, RESPOND_BY);
            assertThat(roundTrip(serde, deadline)).isEqualTo(deadline);
        }
    }

    @Test
    void aBinaryValueIsSmallerThanTheJsonItReplaces() {
        TrackedCheckIn tracked = new TrackedCheckIn(
                "m-1", "ci-0b6f3c2e-4a1d-3c5e-9f7a-1b2c3d4e5f60", DUE, RESPOND_BY, LATE, Phase.OPEN, null);
        byte[] json = new org.aftercare.events.JsonSerde<>(TrackedCheckIn.class).serialize("changelog", tracked);
        assertThat(CheckInSerdes.tracked().serializer().serialize("changelog", tracked))
                .hasSizeLessThan(json.length / 2);
    }

    @Test
    void aTrackedCheckInWrittenAsJsonBeforeTheBinaryFormIsRead() {
        TrackedCheckIn tracked = CheckInSerdes.tracked().deserializer().deserialize("changelog", bytes("""
                {"memberId":"m-upgraded","checkInId":"ci-before-upgrade","dueAt":"2026-03-08T13:00:00Z",
                 "respondBy":"2026-03-08T19:00:00Z","lateAt":"2026-03-08T15:00:00Z","phase":"COMPLETED",
                 "answered":"need-help","used":true}
                """));

        assertThat(tracked)
                .isEqualTo(new TrackedCheckIn(
                        "m-upgraded",
                        "ci-before-upgrade",
                        DUE,
                        Instant.parse("2026-03-08T19:00:00Z"),
                        Instant.parse("2026-03-08T15:00:00Z"),
                        Phase.COMPLETED,
                        AnswerStatus.NEED_HELP,
                        true));
    }

    @Test
    void aDeadlineWrittenAsJsonBeforeTheBinaryFormIsRead() {
        Deadline deadline = CheckInSerdes.deadlines().deserializer().deserialize("changelog", bytes("""
                {"memberId":"m-upgraded","checkInId":"ci-before-upgrade","kind":"LATE","at":"2026-03-08T15:00:00Z"}
                """));

        assertThat(deadline)
                .isEqualTo(new Deadline(
                        "m-upgraded", "ci-before-upgrade", Deadline.Kind.LATE, Instant.parse("2026-03-08T15:00:00Z")));
    }

    @Test
    void bytesOfNoKnownFormAreRefusedWithoutQuotingThem() {
        byte[] written = CheckInSerdes.tracked()
                .serializer()
                .serialize(
                        "changelog", new TrackedCheckIn("m-secret", "ci-1", DUE, RESPOND_BY, null, Phase.OPEN, null));
        byte[] truncated = Arrays.copyOf(written, written.length - 3);
        byte[] unknownVersion = written.clone();
        unknownVersion[0] = 7;
        for (byte[] bad : List.of(truncated, unknownVersion, new byte[0], bytes("m-secret"))) {
            assertThatThrownBy(() -> CheckInSerdes.tracked().deserializer().deserialize("changelog", bad))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageStartingWith("cannot read TrackedCheckIn")
                    .hasMessageNotContaining("m-secret");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
