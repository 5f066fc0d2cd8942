package org.aftercare.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aftercare.events.DeadLetters;
import org.aftercare.events.GoldenSamples;
import org.aftercare.events.Samples;
import org.aftercare.events.Topics;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.checkin.CheckInAnswered;
import org.aftercare.events.checkin.CheckInCompleted;
import org.aftercare.events.checkin.CheckInDue;
import org.aftercare.events.checkin.CheckInDueEvent;
import org.aftercare.events.checkin.CheckInLate;
import org.aftercare.events.checkin.CheckInMissed;
import org.aftercare.events.checkin.CheckInResponseEvent;
import org.aftercare.events.checkin.CheckInStatusEvent;
import org.aftercare.events.outreach.OutreachEvent;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.streams.checkin.CheckInLifecycle;
import org.aftercare.streams.checkin.CheckInStores;
import org.aftercare.streams.member.MemberFactsStore;
import org.aftercare.streams.metrics.MicrometerDecisionMetrics;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check-in lifecycle through the production topology: records in, intents and status events
 * out, the wall clock moved by the test. Default windows: grace 2 h, high-risk grace 1 h.
 */
class DecisionTopologyTest {

    private static final String MEMBER = Samples.MEMBER_ID;
    private static final Instant DUE_AT = Samples.DUE_AT; // 13:00Z
    private static final Instant RESPOND_BY = Samples.RESPOND_BY; // 19:00Z

    @TempDir
    Path stateDir;

    private static CheckInDue due(String memberId, Instant dueAt, Instant respondBy) {
        return CheckInDue.of(memberId, dueAt, respondBy, dueAt, false);
    }

    private static CheckInAnswered answer(CheckInDue due, Instant at) {
        return CheckInAnswered.of(due.memberId(), due.checkInId(), "prompt", AnswerStatus.OK, 2, 4, null, at);
    }

    private static void send(DecisionDriver d, CheckInDue due) {
        d.dues.pipeInput(due.memberId(), due, d.now());
    }

    private static void send(DecisionDriver d, CheckInAnswered answer) {
        d.responses.pipeInput(answer.memberId(), answer, d.now());
    }

    private static MemberProfile profile(
            String memberId, long revision, MemberStatus status, LocalDate treatmentEndedOn) {
        MemberProfile s = Samples.memberProfile();
        return new MemberProfile(
                "profile:" + memberId + ":" + revision,
                s.schemaVersion(),
                s.occurredAt(),
                memberId,
                revision,
                s.externalId(),
                s.firstName(),
                s.email(),
                s.timeZone(),
                s.locale(),
                status,
                treatmentEndedOn,
                s.recoveryStartDate(),
                s.plan(),
                s.copingPlan(),
                s.contacts(),
                s.preferences());
    }

    private static List<OutreachKind> kinds(List<OutreachRequest> intents) {
        return intents.stream().map(OutreachRequest::kind).toList();
    }

    @Test
    void dueCheckInPromptsTheMemberAtOnce() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, DUE_AT)) {
            // The golden sample, read through the topic's own serde: a contract change breaks this build.
            CheckInDueEvent golden = GoldenSamples.read("checkin.due", Topics.CHECKIN_DUE);
            d.dues.pipeInput(MEMBER, golden, DUE_AT);

            List<TestRecord<String, OutreachEvent>> out = d.intentRecords();
            assertThat(out).hasSize(1);
            assertThat(out.getFirst().key()).isEqualTo(MEMBER);
            OutreachRequest prompt = (OutreachRequest) out.getFirst().value();
            assertThat(prompt).isEqualTo(Samples.outreachRequest());
            assertThat(prompt.kind()).isEqualTo(OutreachKind.CHECK_IN_PROMPT);
            assertThat(prompt.recipient()).isEqualTo(Recipient.MEMBER);
            assertThat(prompt.urgency()).isEqualTo(Urgency.SCHEDULED);
            assertThat(prompt.checkInId()).isEqualTo(Samples.CHECK_IN_ID);
            assertThat(prompt.expiresAt()).isEqualTo(RESPOND_BY);
            assertThat(prompt.data()).containsEntry("respondBy", RESPOND_BY.toString());
            assertThat(d.statuses()).isEmpty();
        }
    }

    @Test
    void unansweredCheckInGetsOneLateReminderAfterGrace() {
        String member = "m-late";
        try (DecisionDriver d = DecisionDriver.at(stateDir, DUE_AT)) {
            CheckInDue due = due(member, DUE_AT, RESPOND_BY);
            send(d, due);
            assertThat(kinds(d.intents())).containsExactly(OutreachKind.CHECK_IN_PROMPT);

            d.clockTo(DUE_AT.plus(Duration.ofHours(2)).minusSeconds(1));
            assertThat(d.intents()).isEmpty();
            assertThat(d.statuses()).isEmpty();

            d.clockTo(DUE_AT.plus(Duration.ofHours(2)).plusSeconds(1));
            List<OutreachRequest> reminders = d.intents();
            assertThat(reminders).singleElement().satisfies(r -> {
                assertThat(r.kind()).isEqualTo(OutreachKind.LATE_REMINDER);
                assertThat(r.urgency()).isEqualTo(Urgency.SCHEDULED);
                assertThat(r.expiresAt()).isEqualTo(RESPOND_BY);
                assertThat(r.checkInId()).isEqualTo(due.checkInId());
                assertThat(r.notificationId())
                        .isEqualTo(
                                CheckInLifecycle.notificationId(member, OutreachKind.LATE_REMINDER, due.checkInId()));
            });
            assertThat(d.statuses()).singleElement().isInstanceOfSatisfying(CheckInLate.class, late -> {
                assertThat(late.checkInId()).isEqualTo(due.checkInId());
                assertThat(late.dueAt()).isEqualTo(DUE_AT);
            });

            d.clockTo(RESPOND_BY.minusSeconds(1));
            assertThat(d.intents()).as("only one reminder").isEmpty();
        }
    }

    @Test
    void silenceAfterADueCheckInYieldsExactlyOneMissedIntent() {
        String member = "m-silent";
        try (DecisionDriver d = DecisionDriver.at(stateDir, DUE_AT)) {
            CheckInDue due = due(member, DUE_AT, RESPOND_BY);
            send(d, due);
            d.intents();

            d.clockTo(RESPOND_BY.plusSeconds(1));
            List<OutreachRequest> intents = d.intents();
            List<CheckInStatusEvent> statuses = d.statuses();
            assertThat(intents)
                    .filteredOn(i -> i.kind() == OutreachKind.MISSED_CHECK_IN)
                    .singleElement()
                    .satisfies(m -> {
                        assertThat(m.recipient()).isEqualTo(Recipient.MEMBER);
                        assertThat(m.urgency()).isEqualTo(Urgency.SCHEDULED);
                        assertThat(m.data()).containsEntry("consecutiveMisses", "1");
                        assertThat(m.checkInId()).isEqualTo(due.checkInId());
                    });
            assertThat(statuses)
                    .filteredOn(CheckInMissed.class::isInstance)
                    .singleElement()
                    .isInstanceOfSatisfying(CheckInMissed.class, m -> {
                        assertThat(m.consecutiveMisses()).isEqualTo(1);
                        assertThat(m.checkInId()).isEqualTo(due.checkInId());
                    });

            d.advance(Duration.ofDays(1));
            assertThat(d.intents()).isEmpty();
            assertThat(d.statuses()).isEmpty();
        }
    }

    @Test
    void answerBeforeTheDeadlineCompletesAndNoMissedFollows() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, DUE_AT)) {
            d.dues.pipeInput(MEMBER, GoldenSamples.read("checkin.due", Topics.CHECKIN_DUE), DUE_AT);
            d.clockTo(Samples.NOW);
            CheckInResponseEvent golden = GoldenSamples.read("checkin.answered", Topics.CHECKIN_RESPONSES);
            d.responses.pipeInput(MEMBER, golden, Samples.NOW);

            assertThat(d.statuses()).containsExactly(Samples.checkInCompleted());

            d.clockTo(RESPOND_BY.plus(Duration.ofHours(1)));
            assertThat(kinds(d.intents())).containsExactly(OutreachKind.CHECK_IN_PROMPT);
            assertThat(d.statuses()).isEmpty();
        }
    }

    @Test
    void answerAfterMissedIsRecordedAsCompletedLate() {
        String member = "m-after";
        try (DecisionDriver d = DecisionDriver.at(stateDir, DUE_AT)) {
            CheckInDue due = due(member, DUE_AT, RESPOND_BY);
            send(d, due);
            d.clockTo(RESPOND_BY.plusSeconds(5));
            d.intents();
            d.statuses();

            d.clockTo(RESPOND_BY.plus(Duration.ofHours(3)));
            send(d, answer(due, d.now()));

            assertThat(d.statuses()).singleElement().isInstanceOfSatisfying(CheckInCompleted.class, c -> {
                assertThat(c.late()).isTrue();
                assertThat(c.dueAt()).isEqualTo(DUE_AT);
                assertThat(c.answeredAt()).isEqualTo(d.now());
            });
            assertThat(d.intents()).isEmpty();
        }
    }

    @Test
    void aRepeatedAnswerYieldsNothingNew() {
        String member = "m-twice";
        try (DecisionDriver d = DecisionDriver.at(stateDir, DUE_AT)) {
            CheckInDue due = due(member, DUE_AT, RESPOND_BY);
            send(d, due);
            d.clockTo(DUE_AT.plusSeconds(600));
            send(d, answer(due, d.now()));
            send(d, answer(due, d.now()));

            assertThat(d.statuses()).singleElement().isInstanceOf(CheckInCompleted.class);
            assertThat(kinds(d.intents())).containsExactly(OutreachKind.CHECK_IN_PROMPT);
        }
    }

    @Test
    void anAnswerForAnUnknownCheckInIsCountedButNotRecorded() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (DecisionDriver d =
                DecisionDriver.at(stateDir, DUE_AT, Map.of(), new MicrometerDecisionMetrics(registry))) {
            send(
                    d,
                    answer(
                            due("m-unknown", DUE_AT.minus(Duration.ofDays(30)), DUE_AT.minus(Duration.ofDays(29))),
                            DUE_AT));

            assertThat(d.statuses()).isEmpty();
            assertThat(d.intents()).isEmpty();
            assertThat(registry.get("outreach.answers.unknown").counter().count())
                    .isEqualTo(1.0);
        }
    }

    @Test
    void consecutiveMissesAreCounted() {
        String member = "m-misses";
        Duration day = Duration.ofDays(1);
        try (DecisionDriver d = DecisionDriver.at(stateDir, DUE_AT)) {
            List<Integer> counts = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Instant dueAt = DUE_AT.plus(day.multipliedBy(i));
                d.clockTo(dueAt);
                send(d, due(member, dueAt, dueAt.plus(Duration.ofHours(6))));
                d.clockTo(dueAt.plus(Duration.ofHours(7)));
                d.statuses().stream()
                        .filter(CheckInMissed.class::isInstance)
                        .forEach(m -> counts.add(((CheckInMissed) m).consecutiveMisses()));
                d.intents();
            }
            assertThat(counts).containsExactly(1, 2);

            // An answer ends the run; the next miss counts from one again.
            Instant third = DUE_AT.plus(day.multipliedBy(2));
            d.clockTo(third);
            CheckInDue answered = due(member, third, third.plus(Duration.ofHours(6)));
            send(d, answered);
            d.clockTo(third.plusSeconds(60));
            send(d, answer(answered, d.now()));
            Instant fourth = DUE_AT.plus(day.multipliedBy(3));
            d.clockTo(fourth);
            send(d, due(member, fourth, fourth.plus(Duration.ofHours(6))));
            d.clockTo(fourth.plus(Duration.ofHours(7)));

            assertThat(d.statuses())
                    .filteredOn(CheckInMissed.class::isInstance)
                    .extracting(m -> ((CheckInMissed) m).consecutiveMisses())
                    .containsExactly(1);
            assertThat(d.intents())
                    .filteredOn(i -> i.kind() == OutreachKind.MISSED_CHECK_IN)
                    .extracting(i -> i.data().get("consecutiveMisses"))
                    .containsExactly("1");
        }
    }

    @Test
    void inTheHighRiskWindowStreamsMissesTheCheckInSoonerThanTheSchedulerAnnounced() {
        String recent = "m-recent-4h"; // treatment ended 16 days before the due date: respond within 4 h
        String settled = "m-settled-6h"; // a year before: the announced 6 h
        try (DecisionDriver d = DecisionDriver.at(stateDir, DUE_AT.minusSeconds(60))) {
            d.profiles.pipeInput(
                    recent, profile(recent, 1, MemberStatus.ACTIVE, LocalDate.parse("2026-02-20")), d.now());
            d.profiles.pipeInput(
                    settled, profile(settled, 1, MemberStatus.ACTIVE, LocalDate.parse("2025-03-01")), d.now());
            d.clockTo(DUE_AT);
            send(d, due(recent, DUE_AT, DUE_AT.plus(Duration.ofHours(6))));
            send(d, due(settled, DUE_AT, DUE_AT.plus(Duration.ofHours(6))));
            assertThat(d.intents())
                    .filteredOn(i -> i.kind() == OutreachKind.CHECK_IN_PROMPT)
                    .extracting(i -> i.memberId() + " " + i.data().get("respondBy"))
                    .containsExactlyInAnyOrder(
                            recent + " " + DUE_AT.plus(Duration.ofHours(4)),
                            settled + " " + DUE_AT.plus(Duration.ofHours(6)));

            d.clockTo(DUE_AT.plus(Duration.ofHours(4)).plusSeconds(1));
            assertThat(d.intents())
                    .filteredOn(i -> i.kind() == OutreachKind.MISSED_CHECK_IN)
                    .extracting(OutreachRequest::memberId)
                    .containsExactly(recent);

            d.clockTo(DUE_AT.plus(Duration.ofHours(6)).plusSeconds(1));
            assertThat(d.intents())
                    .filteredOn(i -> i.kind() == OutreachKind.MISSED_CHECK_IN)
                    .extracting(OutreachRequest::memberId)
                    .containsExactly(settled);
        }
    }

    @Test
    void highRiskWindowUsesTheShorterGrace() {
        String recent = "m-recent"; // treatment ended 16 days before the due date: high risk, 1 h grace
        String settled = "m-settled"; // treatment ended a year before: 2 h grace
        try (DecisionDriver d = DecisionDriver.at(stateDir, DUE_AT.minusSeconds(60))) {
            d.profiles.pipeInput(
                    recent, profile(recent, 1, MemberStatus.ACTIVE, LocalDate.parse("2026-02-20")), d.now());
            d.profiles.pipeInput(
                    settled, profile(settled, 1, MemberStatus.ACTIVE, LocalDate.parse("2025-03-01")), d.now());
            d.clockTo(DUE_AT);
            send(d, due(recent, DUE_AT, RESPOND_BY));
            send(d, due(settled, DUE_AT, RESPOND_BY));
            d.intents();

            d.clockTo(DUE_AT.plus(Duration.ofMinutes(61)));
            assertThat(d.intentRecords()).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo(recent);
                assertThat(((OutreachRequest) r.value()).kind()).isEqualTo(OutreachKind.LATE_REMINDER);
            });

            d.clockTo(DUE_AT.plus(Duration.ofMinutes(121)));
            assertThat(d.intentRecords()).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo(settled);
                assertThat(((OutreachRequest) r.value()).kind()).isEqualTo(OutreachKind.LATE_REMINDER);
            });
        }
    }

    @Test
    void aGraceLongerThanTheWindowStillRemindsBeforeRespondBy() {
        String member = "m-short";
        try (DecisionDriver d = DecisionDriver.at(stateDir, DUE_AT)) {
            Instant respondBy = DUE_AT.plus(Duration.ofMinutes(50)); // shorter than the 2 h grace
            send(d, due(member, DUE_AT, respondBy));
            d.intents();

            d.clockTo(DUE_AT.plus(Duration.ofMinutes(26)));
            assertThat(kinds(d.intents())).containsExactly(OutreachKind.LATE_REMINDER);
            d.clockTo(respondBy.plusSeconds(1));
            assertThat(kinds(d.intents())).containsExactly(OutreachKind.MISSED_CHECK_IN);
        }
    }

    @Test
    void reprocessingEmitsTheSameNotificationIds() {
        List<List<String>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (DecisionDriver d = DecisionDriver.at(stateDir.resolve("run-" + run), DUE_AT)) {
                CheckInDue due = due("m-replay", DUE_AT, RESPOND_BY);
                send(d, due);
                send(d, due); // the scheduler re-emitted the same check-in
                d.clockTo(RESPOND_BY.plusSeconds(1));
                runs.add(d.intents().stream()
                        .map(OutreachRequest::notificationId)
                        .toList());
            }
        }
        assertThat(runs.get(0)).hasSize(3).doesNotHaveDuplicates();
        assertThat(runs.get(1)).isEqualTo(runs.get(0));
        assertThat(runs.get(0).getFirst())
                .isEqualTo(CheckInLifecycle.notificationId(
                        "m-replay",
                        OutreachKind.CHECK_IN_PROMPT,
                        due("m-replay", DUE_AT, RESPOND_BY).checkInId()));
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndLaterRecordsStillFlow() {
        try (DecisionDriver d = DecisionDriver.atLeastOnce(stateDir, DUE_AT)) {
            byte[] poison = "{not json at all".getBytes(StandardCharsets.UTF_8);
            d.rawDues.pipeInput("m-poison", poison, DUE_AT);
            CheckInDue due = due("m-poison", DUE_AT, RESPOND_BY);
            send(d, due);

            assertThat(kinds(d.intents())).containsExactly(OutreachKind.CHECK_IN_PROMPT);
            TestRecord<String, byte[]> dead = d.deadLetters.readRecord();
            assertThat(dead.key()).isEqualTo("m-poison");
            assertThat(dead.value()).isEqualTo(poison);
            assertThat(header(dead, DeadLetters.SOURCE_TOPIC)).isEqualTo(Topics.CHECKIN_DUE.name());
            assertThat(header(dead, DeadLetters.SOURCE_PARTITION)).isEqualTo("0");
            assertThat(header(dead, DeadLetters.SOURCE_OFFSET)).isEqualTo("0");
            assertThat(header(dead, DeadLetters.SERVICE)).isEqualTo("streams");
            assertThat(header(dead, DeadLetters.ERROR_CLASS))
                    .isEqualTo("org.apache.kafka.common.errors.SerializationException");
            assertThat(header(dead, DeadLetters.ERROR_REASON))
                    .startsWith("cannot read CheckInDueEvent")
                    .contains("malformed JSON");
            assertThat(header(dead, DeadLetters.FAILED_AT)).isNotBlank();
            assertThat(d.deadLetters.isEmpty()).isTrue();
        }
    }

    @Test
    void aRecordThatBreaksAProcessorInvariantIsDeadLetteredAndLaterRecordsStillFlow() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, DUE_AT)) {
            // Readable, but keyed by another member: it sits in the wrong partition, so the processor refuses it.
            CheckInDue misrouted = due("m-owner", DUE_AT, RESPOND_BY);
            d.dues.pipeInput("m-someone-else", misrouted, DUE_AT);
            CheckInDue fine = due("m-after-poison", DUE_AT, RESPOND_BY);
            send(d, fine);

            assertThat(d.intents()).extracting(OutreachRequest::memberId).containsExactly("m-after-poison");
            TestRecord<String, byte[]> dead = d.deadLetters.readRecord();
            assertThat(dead.key()).isEqualTo("m-someone-else");
            assertThat(new String(dead.value(), StandardCharsets.UTF_8)).contains(misrouted.checkInId());
            assertThat(header(dead, DeadLetters.SOURCE_TOPIC)).isEqualTo(Topics.CHECKIN_DUE.name());
            assertThat(header(dead, DeadLetters.ERROR_CLASS)).isEqualTo(IllegalArgumentException.class.getName());
            assertThat(header(dead, DeadLetters.ERROR_REASON)).isEqualTo("IllegalArgumentException");
            assertThat(d.deadLetters.isEmpty()).isTrue();
            assertThat(count(d.driver.getKeyValueStore(CheckInStores.CHECK_INS)))
                    .as("nothing of it was kept")
                    .isEqualTo(1);
        }
    }

    @Test
    void pausedMemberGetsNoPrompt() {
        String member = "m-paused";
        try (DecisionDriver d = DecisionDriver.at(stateDir, DUE_AT)) {
            d.profiles.pipeInput(member, profile(member, 3, MemberStatus.PAUSED, null), DUE_AT);
            send(d, due(member, DUE_AT, RESPOND_BY));
            d.clockTo(RESPOND_BY.plusSeconds(1));

            assertThat(d.intents()).isEmpty();
            assertThat(d.statuses()).isEmpty();

            // An older snapshot does not undo the pause.
            d.profiles.pipeInput(member, profile(member, 2, MemberStatus.ACTIVE, null), d.now());
            send(d, due(member, d.now(), d.now().plus(Duration.ofHours(6))));
            assertThat(d.intents()).isEmpty();
        }
    }

    @Test
    void pausingCancelsTheRemindersOfAnOpenCheckIn() {
        String member = "m-pausing";
        try (DecisionDriver d = DecisionDriver.at(stateDir, DUE_AT)) {
            send(d, due(member, DUE_AT, RESPOND_BY));
            d.profiles.pipeInput(member, profile(member, 2, MemberStatus.PAUSED, null), DUE_AT.plusSeconds(30));
            d.clockTo(RESPOND_BY.plusSeconds(1));

            assertThat(kinds(d.intents())).containsExactly(OutreachKind.CHECK_IN_PROMPT);
            assertThat(d.statuses()).isEmpty();
        }
    }

    @Test
    void anErasedMemberLeavesNoStateBehind() {
        String member = "m-erased";
        try (DecisionDriver d = DecisionDriver.at(stateDir, DUE_AT)) {
            d.profiles.pipeInput(member, profile(member, 1, MemberStatus.ACTIVE, null), DUE_AT);
            send(d, due(member, DUE_AT, RESPOND_BY));
            d.profiles.pipeInput(member, null, DUE_AT.plusSeconds(1));
            d.clockTo(RESPOND_BY.plusSeconds(1));

            // The sample profile names one contact still to confirm: it is invited once; after the
            // erasure nothing more is said (no reminder, no missed).
            assertThat(kinds(d.intents()))
                    .containsExactly(OutreachKind.CONTACT_INVITATION, OutreachKind.CHECK_IN_PROMPT);
            assertThat(d.statuses()).isEmpty();
            for (String store : List.of(
                    CheckInStores.CHECK_INS,
                    CheckInStores.DEADLINES,
                    CheckInStores.CONSECUTIVE_MISSES,
                    MemberFactsStore.NAME)) {
                assertThat(count(d.driver.getKeyValueStore(store))).as(store).isZero();
            }
        }
    }

    @Test
    void closedCheckInsArePurgedSoStoresStayBounded() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, DUE_AT)) {
            send(d, due("m-purge-1", DUE_AT, RESPOND_BY));
            CheckInDue answered = due("m-purge-2", DUE_AT, RESPOND_BY);
            send(d, answered);
            send(d, answer(answered, DUE_AT.plusSeconds(5)));
            d.clockTo(RESPOND_BY.plusSeconds(1));
            assertThat(count(d.driver.getKeyValueStore(CheckInStores.CHECK_INS)))
                    .isEqualTo(2);

            d.clockTo(RESPOND_BY.plus(d.config.retention()).plusSeconds(1));
            assertThat(count(d.driver.getKeyValueStore(CheckInStores.CHECK_INS)))
                    .isZero();
            assertThat(count(d.driver.getKeyValueStore(CheckInStores.DEADLINES)))
                    .isZero();
        }
    }

    @Test
    void decisionsAreCountedWithoutMemberIdsInLabels() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        String member = "m-counted";
        try (DecisionDriver d =
                DecisionDriver.at(stateDir, DUE_AT, Map.of(), new MicrometerDecisionMetrics(registry))) {
            CheckInDue due = due(member, DUE_AT, RESPOND_BY);
            send(d, due);
            d.clockTo(RESPOND_BY.plusSeconds(1));
            send(d, answer(due, d.now()));
        }
        assertThat(registry.get("outreach.intents")
                        .tag("kind", "check_in_prompt")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(registry.get("outreach.intents")
                        .tag("kind", "late_reminder")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(registry.get("outreach.intents")
                        .tag("kind", "missed_check_in")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(registry.get("outreach.checkins.late").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("outreach.checkins.missed").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("outreach.checkins.completed")
                        .tag("late", "true")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(registry.getMeters())
                .flatExtracting(m -> m.getId().getTags())
                .noneMatch(tag -> tag.getValue().contains(member));
        assertThat(registry.getMeters()).extracting(Meter::getId).isNotEmpty();
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static long count(KeyValueStore<String, ?> store) {
        long n = 0;
        try (var it = store.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }
}
