package org.aftercare.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.aftercare.events.JsonSerde;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.checkin.CheckInAnswered;
import org.aftercare.events.checkin.CheckInLate;
import org.aftercare.events.contact.EscalationAcknowledged;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.streams.checkin.Deadline;
import org.aftercare.streams.checkin.TrackedCheckIn;
import org.aftercare.streams.escalation.Escalation;
import org.aftercare.streams.escalation.EscalationDeadline;
import org.aftercare.streams.member.MemberFacts;
import org.aftercare.streams.metrics.DecisionMetrics;
import org.aftercare.streams.milestone.MilestoneDue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State written by the version before the deadline index was shared (issue 10) is what an upgraded
 * instance restores from its changelogs: the same store names, keys in the same encoding, values in
 * the same JSON. Here the stores are filled with such entries, keys and values written by hand as
 * the earlier version wrote them, and the new code must fire, cancel and name them exactly as
 * before. The expected notification and escalation ids are written by hand too (the notifier's
 * duplicate check across the deploy depends on them): name-based UUIDs of the documented parts.
 */
class RestoredStateTest {

    private static final Instant CLOCK = Instant.parse("2026-03-08T13:05:00Z");
    private static final Instant LATE_AT = Instant.parse("2026-03-08T15:00:00Z");
    private static final Instant RESPOND_BY = Instant.parse("2026-03-08T19:00:00Z");
    private static final String MEMBER = "m-upgraded";
    private static final String CHECK_IN = "ci-before-upgrade";
    /** {@code esc-} + name-based UUID of escalation, m-upgraded, missed:ci-before-upgrade. */
    private static final String ESCALATION = "esc-a36067b7-2982-387d-a67a-74ebd6ededd2";

    private static final String FACTS = """
            {"revision":4,"status":"active","treatmentEndedOn":"2025-12-01","timeZone":"UTC",
             "recoveryStartDate":"2026-03-01","firstCheckInTime":"15:00","milestones":true,"unsubscribed":false,
             "contacts":[{"contactId":"c-1","consent":["missed-check-ins"],"state":"confirmed","invitationId":"inv-1"},
                         {"contactId":"c-2","consent":["missed-check-ins"],"state":"confirmed","invitationId":"inv-2"}]}
            """;

    @TempDir
    Path stateDir;

    private static <T> T read(Class<T> type, String json) {
        try (JsonSerde<T> serde = new JsonSerde<>(type)) {
            return serde.deserializer().deserialize("changelog", json.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static <T> void restore(DecisionDriver d, String store, String key, Class<T> type, String json) {
        KeyValueStore<String, Object> kv = d.driver.getKeyValueStore(store);
        kv.put(key, read(type, json));
    }

    private static long count(DecisionDriver d, String store) {
        return EscalationTopologyTest.count(d.driver.getKeyValueStore(store));
    }

    private void openCheckIn(DecisionDriver d) {
        restore(d, "member-facts", MEMBER, MemberFacts.class, FACTS);
        restore(d, "checkin-tracked", "m-upgraded|ci-before-upgrade", TrackedCheckIn.class, """
                {"memberId":"m-upgraded","checkInId":"ci-before-upgrade","dueAt":"2026-03-08T13:00:00Z",
                 "respondBy":"2026-03-08T19:00:00Z","lateAt":"2026-03-08T15:00:00Z","phase":"OPEN"}
                """);
        restore(d, "checkin-deadlines", "0000001772982000000|LATE|ci-before-upgrade", Deadline.class, """
                {"memberId":"m-upgraded","checkInId":"ci-before-upgrade","kind":"LATE","at":"2026-03-08T15:00:00Z"}
                """);
    }

    private void openEscalation(DecisionDriver d) {
        restore(d, "member-facts", MEMBER, MemberFacts.class, FACTS);
        restore(d, "escalations", MEMBER, Escalation.class, """
                {"memberId":"m-upgraded","escalationId":"esc-a36067b7-2982-387d-a67a-74ebd6ededd2",
                 "reason":"MISSED_CHECK_INS","openedAt":"2026-03-08T13:00:00Z","phase":"OPEN","loop":0,"next":1,
                 "steps":1,"alerted":[{"role":"contact","contactId":"c-1"}],"nextStepAt":"2026-03-08T15:00:00Z"}
                """);
        restore(
                d,
                "escalation-deadlines",
                "0000001772982000000|NEXT_STEP|m-upgraded|esc-a36067b7-2982-387d-a67a-74ebd6ededd2",
                EscalationDeadline.class,
                """
                {"memberId":"m-upgraded","escalationId":"esc-a36067b7-2982-387d-a67a-74ebd6ededd2",
                 "kind":"NEXT_STEP","at":"2026-03-08T15:00:00Z"}
                """);
    }

    @Test
    void aCheckInOpenBeforeTheUpgradeIsRemindedAndMissedWithTheSameIds() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, CLOCK)) {
            openCheckIn(d);

            d.clockTo(LATE_AT.plusSeconds(1));
            assertThat(d.intents()).singleElement().satisfies(reminder -> {
                assertThat(reminder.kind()).isEqualTo(OutreachKind.LATE_REMINDER);
                assertThat(reminder.notificationId()).isEqualTo("n-44cdf928-c5f2-3bb3-8d69-fb72ed4727a0");
            });
            assertThat(d.statuses()).singleElement().isInstanceOf(CheckInLate.class);

            d.clockTo(RESPOND_BY.plusSeconds(1));
            assertThat(d.intents()).singleElement().satisfies(missed -> {
                assertThat(missed.kind()).isEqualTo(OutreachKind.MISSED_CHECK_IN);
                assertThat(missed.notificationId()).isEqualTo("n-530b1a7a-c83d-3e17-bff7-2a29be819938");
            });
        }
    }

    @Test
    void anAnswerCancelsTheDeadlineStoredBeforeTheUpgrade() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, CLOCK)) {
            openCheckIn(d);
            d.responses.pipeInput(
                    MEMBER, CheckInAnswered.of(MEMBER, CHECK_IN, "prompt", AnswerStatus.OK, 2, 4, null, CLOCK), CLOCK);
            assertThat(d.intents()).isEmpty();

            // The late entry under its old key is gone; only the purge the answer planned is left.
            KeyValueStore<String, Deadline> deadlines = d.driver.getKeyValueStore("checkin-deadlines");
            assertThat(deadlines.get("0000001772982000000|LATE|ci-before-upgrade"))
                    .isNull();
            assertThat(count(d, "checkin-deadlines")).isEqualTo(1);
            d.clockTo(RESPOND_BY.plusSeconds(1));
            assertThat(d.intents()).isEmpty();
        }
    }

    /**
     * The check-in deadline index has no changelog (issue 14): an instance that gets a task back
     * may still hold entries of an earlier run. One that is no longer what its check-in waits for
     * is dropped: here a purge planned under a retention of 7 days, after the retention became 14.
     */
    @Test
    void aDeadlineLeftInTheIndexFromAnEarlierRunIsDroppedWhenItsCheckInNoLongerWaitsForIt() {
        try (DecisionDriver d =
                DecisionDriver.at(stateDir, CLOCK, Map.of(DecisionConfig.RETENTION, "14d"), DecisionMetrics.NONE)) {
            restore(d, "member-facts", MEMBER, MemberFacts.class, FACTS);
            restore(d, "checkin-tracked", "m-upgraded|ci-before-upgrade", TrackedCheckIn.class, """
                    {"memberId":"m-upgraded","checkInId":"ci-before-upgrade","dueAt":"2026-03-08T13:00:00Z",
                     "respondBy":"2026-03-08T19:00:00Z","lateAt":"2026-03-08T15:00:00Z","phase":"COMPLETED",
                     "answered":"ok"}
                    """);
            restore(d, "checkin-deadlines", "0000001773601200000|PURGE|ci-before-upgrade", Deadline.class, """
                    {"memberId":"m-upgraded","checkInId":"ci-before-upgrade","kind":"PURGE","at":"2026-03-15T19:00:00Z"}
                    """);

            d.clockTo(Instant.parse("2026-03-15T19:00:01Z"));

            KeyValueStore<String, TrackedCheckIn> tracked = d.driver.getKeyValueStore("checkin-tracked");
            assertThat(tracked.get("m-upgraded|ci-before-upgrade"))
                    .as("still remembered: its purge is 14 days after respondBy")
                    .isNotNull();
            assertThat(count(d, "checkin-deadlines")).isZero();
        }
    }

    @Test
    void anEscalationOpenBeforeTheUpgradeTakesItsNextStepWithTheSameIds() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, CLOCK)) {
            openEscalation(d);

            d.clockTo(LATE_AT.plusSeconds(1));
            assertThat(d.intents()).singleElement().satisfies(alert -> {
                assertThat(alert.kind()).isEqualTo(OutreachKind.ESCALATION_ALERT);
                assertThat(alert.recipient()).isEqualTo(Recipient.contact("c-2"));
                assertThat(alert.escalationId()).isEqualTo(ESCALATION);
                assertThat(alert.notificationId()).isEqualTo("n-fbec978b-bcec-38cc-b89f-fcbbf7a2e89c");
            });
        }
    }

    @Test
    void anAcknowledgementCancelsTheEscalationStepStoredBeforeTheUpgrade() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, CLOCK)) {
            openEscalation(d);
            d.actions.pipeInput(MEMBER, EscalationAcknowledged.of("link-c-1", MEMBER, "c-1", ESCALATION, CLOCK), CLOCK);

            assertThat(d.intents()).singleElement().satisfies(allClear -> {
                assertThat(allClear.kind()).isEqualTo(OutreachKind.ALL_CLEAR);
                assertThat(allClear.notificationId()).isEqualTo("n-dd7f779a-e829-3b3b-8508-f4ee6cc96b11");
            });
            KeyValueStore<String, EscalationDeadline> deadlines = d.driver.getKeyValueStore("escalation-deadlines");
            assertThat(deadlines.get("0000001772982000000|NEXT_STEP|m-upgraded|" + ESCALATION))
                    .isNull();
            d.clockTo(LATE_AT.plusSeconds(1));
            assertThat(d.intents()).as("no step after the acknowledgement").isEmpty();
        }
    }

    @Test
    void aMilestoneScheduledBeforeTheUpgradeIsCongratulatedWithTheSameId() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, CLOCK)) {
            restore(d, "member-facts", MEMBER, MemberFacts.class, FACTS);
            String due = """
                    {"memberId":"m-upgraded","code":"days-7","date":"2026-03-08","dueAt":"2026-03-08T15:00:00Z",
                     "recoveryStart":"2026-03-01","timeZone":"UTC","timeOfDay":"15:00"}
                    """;
            restore(d, "milestone-schedule", "0000001772982000000|m-upgraded", MilestoneDue.class, due);
            restore(d, "milestone-next", MEMBER, MilestoneDue.class, due);

            d.clockTo(LATE_AT.plusSeconds(1));
            assertThat(d.intents()).singleElement().satisfies(milestone -> {
                assertThat(milestone.kind()).isEqualTo(OutreachKind.MILESTONE);
                assertThat(milestone.data()).containsEntry("milestone", "days-7");
                assertThat(milestone.notificationId()).isEqualTo("n-39fad301-ed17-39b9-b6f3-4c3cf441f1e2");
            });
        }
    }
}
