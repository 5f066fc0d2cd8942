package org.aftercare.streams;

import static org.aftercare.streams.Members.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.aftercare.events.DeadLetters;
import org.aftercare.events.Ids;
import org.aftercare.events.Topics;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.checkin.CheckInAnswered;
import org.aftercare.events.checkin.CheckInDue;
import org.aftercare.events.checkin.MeasureCompleted;
import org.aftercare.events.contact.ContactDeclined;
import org.aftercare.events.flag.CaseFlag;
import org.aftercare.events.flag.FlagChange;
import org.aftercare.events.flag.FlagOutcome;
import org.aftercare.events.flag.FlagReason;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.flag.FlagState;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.profile.ExitKind;
import org.aftercare.events.staff.AlertCadence;
import org.aftercare.events.staff.FlagAcknowledged;
import org.aftercare.streams.flags.FlagStores;
import org.aftercare.streams.flags.LiveFlag;
import org.aftercare.streams.flags.StaffDigests;
import org.aftercare.streams.metrics.MicrometerDecisionMetrics;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staff flags through the production topology: every flag rule with its severity, a signal while a
 * flag is live updating it, staff actions, the acknowledgement timeouts (critical 15 min, high 4 h,
 * medium never) and who is alerted at once. Members live in New York; START is 09:30 there. A
 * "standard" member left treatment in 2025 and recovers since March 7, so a use is not one after a
 * clean stretch (which would open a very-high window by itself). Staff take high flags immediately
 * and medium ones by daily digest unless a test says otherwise.
 */
class StaffFlagsTopologyTest {

    private static final Instant START = Instant.parse("2026-03-10T13:30:00Z");
    private static final LocalDate RECENTLY = LocalDate.parse("2026-03-07");

    @TempDir
    Path stateDir;

    private DecisionDriver driver() {
        return DecisionDriver.at(stateDir, START);
    }

    private static Members.Member standard(String id) {
        return Members.member(id).recoveringSince(RECENTLY);
    }

    /** Day 5 after a completed detox. */
    private static Members.Member veryHigh(String id) {
        return Members.member(id)
                .recoveringSince(RECENTLY)
                .exitEvent(ExitKind.COMPLETED_DETOX, LocalDate.parse("2026-03-05"));
    }

    /** Day 23 after a discharge. */
    private static Members.Member high(String id) {
        return Members.member(id)
                .recoveringSince(RECENTLY)
                .exitEvent(ExitKind.DISCHARGE, LocalDate.parse("2026-02-15"));
    }

    /** The member, and a care team of s-1 (primary) and s-2, both active. */
    private static Members.Member enrolled(DecisionDriver d, Members.Member m) {
        m.publish(d);
        Staff.staff("s-1").publish(d);
        Staff.staff("s-2").publish(d);
        Staff.team(d, m.id, "s-1", "s-2");
        d.intents();
        return m;
    }

    private static List<OutreachRequest> staffAlerts(DecisionDriver d) {
        return only(d.intents(), OutreachKind.STAFF_FLAG);
    }

    private static String alertId(String memberId, String flagId, int change, String recipientKey) {
        return Ids.notificationId(memberId, "staff-flag", flagId, Integer.toString(change), recipientKey);
    }

    private static CheckInDue answerWith(
            DecisionDriver d, Members.Member m, AnswerStatus status, Integer craving, Integer mood) {
        CheckInDue due = m.dueNow(d);
        d.advance(Duration.ofMinutes(1));
        d.responses.pipeInput(
                m.id,
                CheckInAnswered.of(
                        m.id, due.checkInId(), "link-prompt", status, craving, mood, "private words", d.now()),
                d.now());
        return due;
    }

    private static CheckInDue missTwice(DecisionDriver d, Members.Member m) {
        m.missOne(d);
        d.advance(Duration.ofHours(1));
        return m.missOne(d);
    }

    // --- critical -----------------------------------------------------------------------------

    @Test
    void needHelpNowIsACriticalFlagThatAlertsTheWholeCareTeamAndOnCallAtOnce() {
        try (DecisionDriver d = driver()) {
            Members.Member m = enrolled(d, standard("m-help"));
            CheckInDue due = m.answerOne(d, AnswerStatus.NEED_HELP, null);

            String flagId = Ids.flagId(m.id, "need-help:" + due.checkInId());
            assertThat(d.flags()).singleElement().satisfies(f -> {
                assertThat(f.flagId()).isEqualTo(flagId);
                assertThat(f.eventId()).isEqualTo("case.flag:" + flagId + ":1");
                assertThat(f.change()).isEqualTo(1);
                assertThat(f.what()).isEqualTo(FlagChange.RAISED);
                assertThat(f.severity()).isEqualTo(FlagSeverity.CRITICAL);
                assertThat(f.state()).isEqualTo(FlagState.OPEN);
                assertThat(f.reasons()).containsExactly(FlagReason.NEED_HELP);
                assertThat(f.evidence()).containsExactly(due.checkInId());
                assertThat(f.categories()).containsExactly("need-help");
                assertThat(f.alerted()).containsExactly("s-1", "s-2", "on-call");
            });
            assertThat(staffAlerts(d))
                    .satisfiesExactly(
                            a -> assertThat(a.recipient()).isEqualTo(Recipient.staff("s-1")),
                            a -> assertThat(a.recipient()).isEqualTo(Recipient.staff("s-2")),
                            a -> assertThat(a.recipient()).isEqualTo(Recipient.ON_CALL))
                    .allSatisfy(a -> {
                        assertThat(a.memberId()).isEqualTo(m.id);
                        assertThat(a.urgency()).isEqualTo(Urgency.URGENT);
                        assertThat(a.consentScope()).isNull();
                        assertThat(a.data())
                                .containsExactlyInAnyOrderEntriesOf(Map.of(
                                        "flagId",
                                        flagId,
                                        "severity",
                                        "critical",
                                        "reasons",
                                        "need-help",
                                        "change",
                                        "raised"));
                        assertThat(a.notificationId())
                                .isEqualTo(
                                        alertId(m.id, flagId, 1, a.recipient().key()));
                    });
        }
    }

    @Test
    void helpRequestedOutsideACheckInIsACriticalFlagNamedByTheRequest() {
        try (DecisionDriver d = driver()) {
            Members.Member m = enrolled(d, standard("m-help-link"));
            m.askForHelp(d, "req-7");

            assertThat(d.flags()).singleElement().satisfies(f -> {
                assertThat(f.flagId()).isEqualTo(Ids.flagId(m.id, "need-help:req-7"));
                assertThat(f.severity()).isEqualTo(FlagSeverity.CRITICAL);
                assertThat(f.evidence()).containsExactly("req-7");
            });
            assertThat(staffAlerts(d)).hasSize(3);
        }
    }

    /** A finished questionnaire with the given raised rules (made-up values). */
    private static MeasureCompleted measure(
            DecisionDriver d, Members.Member m, String responseId, MeasureCompleted.RaisedRule... rules) {
        MeasureCompleted done = MeasureCompleted.of(
                m.id,
                responseId,
                null,
                "phq-9",
                1,
                Map.of("phq1", 1, "phq2", 2, "phq9", 1),
                Map.of("phq-2", 3),
                Map.of("phq-2", "positive-screen"),
                List.of(rules),
                d.now());
        d.responses.pipeInput(m.id, done, d.now());
        return done;
    }

    @Test
    void aQuestionnairesCriticalRuleIsACriticalFlagThatAlertsTheWholeCareTeamAndOnCallAtOnce() {
        try (DecisionDriver d = driver()) {
            Members.Member m = enrolled(d, standard("m-measure"));
            measure(d, m, "resp-9", new MeasureCompleted.RaisedRule("item-9-above-0", FlagSeverity.CRITICAL));

            assertThat(d.flags()).singleElement().satisfies(f -> {
                assertThat(f.flagId()).isEqualTo(Ids.flagId(m.id, "critical-measure:resp-9"));
                assertThat(f.severity()).isEqualTo(FlagSeverity.CRITICAL);
                assertThat(f.reasons()).containsExactly(FlagReason.CRITICAL_MEASURE);
                assertThat(f.evidence()).containsExactly("resp-9");
                assertThat(f.categories()).containsExactly("phq-9:item-9-above-0");
            });
            assertThat(staffAlerts(d))
                    .hasSize(3)
                    .allSatisfy(a -> assertThat(a.urgency()).isEqualTo(Urgency.URGENT));
        }
    }

    @Test
    void aQuestionnairesHighAndMediumRulesAreFlagsOfThoseSeveritiesAndNoRuleIsNoFlag() {
        try (DecisionDriver d = driver()) {
            Members.Member quiet = enrolled(d, standard("m-measure-none"));
            measure(d, quiet, "resp-0");
            assertThat(d.flags())
                    .as("a questionnaire that raised no rule raises no flag")
                    .isEmpty();

            Members.Member m = enrolled(d, standard("m-measure-high"));
            measure(
                    d,
                    m,
                    "resp-1",
                    new MeasureCompleted.RaisedRule("severe", FlagSeverity.HIGH),
                    new MeasureCompleted.RaisedRule("low-wellbeing", FlagSeverity.MEDIUM));

            assertThat(d.flags()).singleElement().satisfies(f -> {
                assertThat(f.severity()).isEqualTo(FlagSeverity.HIGH);
                assertThat(f.reasons()).containsExactlyInAnyOrder(FlagReason.HIGH_MEASURE, FlagReason.MEDIUM_MEASURE);
            });
        }
    }

    @Test
    void aCriticalFlagOfAMemberWithoutACareTeamGoesToOnCall() {
        try (DecisionDriver d = driver()) {
            Members.Member m = standard("m-no-team");
            m.publish(d);
            m.answerOne(d, AnswerStatus.NEED_HELP, null);

            assertThat(staffAlerts(d)).singleElement().satisfies(a -> {
                assertThat(a.recipient()).isEqualTo(Recipient.ON_CALL);
                assertThat(a.urgency()).isEqualTo(Urgency.URGENT);
            });
        }
    }

    @Test
    void aCriticalFlagWhoseCareTeamIsInactiveGoesToOnCall() {
        try (DecisionDriver d = driver()) {
            Members.Member m = standard("m-inactive-team");
            m.publish(d);
            Staff.staff("s-1").active(false).publish(d);
            Staff.team(d, m.id, "s-1", "s-unknown");
            m.answerOne(d, AnswerStatus.NEED_HELP, null);

            assertThat(staffAlerts(d)).extracting(OutreachRequest::recipient).containsExactly(Recipient.ON_CALL);
        }
    }

    @Test
    void useReportedInTheVeryHighTierIsCritical() {
        try (DecisionDriver d = driver()) {
            Members.Member m = enrolled(d, veryHigh("m-use-very-high"));
            m.answerOne(d, AnswerStatus.USED, 3);

            assertThat(d.flags()).singleElement().satisfies(f -> {
                assertThat(f.severity()).isEqualTo(FlagSeverity.CRITICAL);
                assertThat(f.reasons()).containsExactly(FlagReason.USE_IN_ELEVATED_TIER);
                assertThat(f.categories()).containsExactly("used");
            });
            assertThat(staffAlerts(d))
                    .extracting(OutreachRequest::recipient)
                    .containsExactly(Recipient.staff("s-1"), Recipient.staff("s-2"), Recipient.ON_CALL);
        }
    }

    @Test
    void useReportedInTheHighTierIsCritical() {
        try (DecisionDriver d = driver()) {
            Members.Member m = enrolled(d, high("m-use-high"));
            m.answerOne(d, AnswerStatus.USED, 3);

            assertThat(d.flags()).singleElement().satisfies(f -> {
                assertThat(f.severity()).isEqualTo(FlagSeverity.CRITICAL);
                assertThat(f.reasons()).containsExactly(FlagReason.USE_IN_ELEVATED_TIER);
            });
        }
    }

    @Test
    void aUseAfterACleanStretchOpensAVeryHighWindowAndIsCritical() {
        try (DecisionDriver d = driver()) {
            // Left treatment in 2025, no use since: the use opens a new very-high window by itself.
            Members.Member m = enrolled(d, Members.member("m-use-after-clean"));
            m.answerOne(d, AnswerStatus.USED, 3);

            assertThat(d.flags()).singleElement().satisfies(f -> {
                assertThat(f.severity()).isEqualTo(FlagSeverity.CRITICAL);
                assertThat(f.reasons()).containsExactly(FlagReason.USE_IN_ELEVATED_TIER);
            });
        }
    }

    // --- high ---------------------------------------------------------------------------------

    @Test
    void useReportedInTheStandardTierIsHighAndGoesToStaffWhoTakeHighFlagsImmediately() {
        try (DecisionDriver d = driver()) {
            Members.Member m = standard("m-use-standard");
            m.publish(d);
            Staff.staff("s-1").publish(d);
            Staff.staff("s-2")
                    .takes(FlagSeverity.HIGH, AlertCadence.EVERY_3_HOURS)
                    .publish(d);
            Staff.team(d, m.id, "s-1", "s-2");
            CheckInDue due = m.answerOne(d, AnswerStatus.USED, 3);

            String flagId = Ids.flagId(m.id, "use-reported:" + due.checkInId());
            assertThat(d.flags()).singleElement().satisfies(f -> {
                assertThat(f.flagId()).isEqualTo(flagId);
                assertThat(f.severity()).isEqualTo(FlagSeverity.HIGH);
                assertThat(f.reasons()).containsExactly(FlagReason.USE_REPORTED);
                assertThat(f.alerted()).containsExactly("s-1");
            });
            assertThat(staffAlerts(d)).singleElement().satisfies(a -> {
                assertThat(a.recipient()).isEqualTo(Recipient.staff("s-1"));
                assertThat(a.urgency()).isEqualTo(Urgency.ROUTINE);
                assertThat(a.data()).containsEntry("severity", "high").containsEntry("reasons", "use-reported");
            });
        }
    }

    @Test
    void oneMissedCheckInInTheVeryHighTierIsHigh() {
        try (DecisionDriver d = driver()) {
            Members.Member m = enrolled(d, veryHigh("m-miss-very-high"));
            CheckInDue missed = m.missOne(d);

            assertThat(d.flags()).singleElement().satisfies(f -> {
                assertThat(f.severity()).isEqualTo(FlagSeverity.HIGH);
                assertThat(f.reasons()).containsExactly(FlagReason.MISSED_IN_VERY_HIGH_TIER);
                assertThat(f.evidence()).containsExactly(missed.checkInId());
                assertThat(f.categories()).isEmpty();
            });
            assertThat(staffAlerts(d))
                    .extracting(OutreachRequest::recipient)
                    .containsExactly(Recipient.staff("s-1"), Recipient.staff("s-2"));
        }
    }

    @Test
    void aMissedCheckInDueOnDayFourteenIsMissedInTheVeryHighTierThoughItsRespondByFallsOnDayFifteen() {
        try (DecisionDriver d = driver()) {
            Members.Member m = enrolled(d, veryHigh("m-miss-day-14"));
            // 22:30 in New York on 2026-03-19, day 14 after the exit: the very-high window (3 h) ends at 01:30 on day
            // 15.
            d.clockTo(Instant.parse("2026-03-20T02:30:00Z"));
            d.flags();
            d.intents();
            CheckInDue missed = m.missOne(d);
            assertThat(missed.dueAt()).isEqualTo(Instant.parse("2026-03-20T02:30:00Z"));

            assertThat(d.flags()).singleElement().satisfies(f -> {
                assertThat(f.severity()).isEqualTo(FlagSeverity.HIGH);
                assertThat(f.reasons()).containsExactly(FlagReason.MISSED_IN_VERY_HIGH_TIER);
                assertThat(f.evidence()).containsExactly(missed.checkInId());
            });
        }
    }

    @Test
    void aMemberAwayRaisesNoMissedCheckInFlagButNeedHelpStillIs() {
        try (DecisionDriver d = driver()) {
            Members.Member m = enrolled(d, veryHigh("m-away").away(LocalDate.parse("2026-03-20"), true));
            m.missOne(d);
            d.advance(Duration.ofHours(1));
            m.missOne(d);
            assertThat(d.flags()).as("misses while away").isEmpty();

            m.answerOne(d, AnswerStatus.NEED_HELP, null);
            assertThat(d.flags()).extracting(CaseFlag::severity).containsExactly(FlagSeverity.CRITICAL);
        }
    }

    @Test
    void oneMissedCheckInOutsideTheVeryHighTierRaisesNoFlag() {
        try (DecisionDriver d = driver()) {
            Members.Member m = enrolled(d, high("m-miss-high"));
            m.missOne(d);

            assertThat(d.flags()).isEmpty();
            assertThat(staffAlerts(d)).isEmpty();
        }
    }

    @Test
    void twoConsecutiveMissedCheckInsOutsideTheVeryHighTierAreHigh() {
        try (DecisionDriver d = driver()) {
            Members.Member m = enrolled(d, standard("m-two-misses"));
            CheckInDue first = m.missOne(d);
            d.advance(Duration.ofHours(1));
            CheckInDue second = m.missOne(d);

            assertThat(d.flags()).singleElement().satisfies(f -> {
                assertThat(f.flagId()).isEqualTo(Ids.flagId(m.id, "consecutive-misses:" + second.checkInId()));
                assertThat(f.severity()).isEqualTo(FlagSeverity.HIGH);
                assertThat(f.reasons()).containsExactly(FlagReason.CONSECUTIVE_MISSES);
                assertThat(f.evidence()).containsExactly(first.checkInId(), second.checkInId());
            });
        }
    }

    @Test
    void aCravingOfEightTwiceRunningIsHigh() {
        try (DecisionDriver d = driver()) {
            Members.Member m = enrolled(d, standard("m-craving"));
            CheckInDue first = m.answerOne(d, AnswerStatus.STRUGGLING, 8);
            d.advance(Duration.ofHours(2));
            assertThat(d.flags()).as("one high craving").isEmpty();
            CheckInDue second = m.answerOne(d, AnswerStatus.STRUGGLING, 9);

            assertThat(d.flags()).singleElement().satisfies(f -> {
                assertThat(f.severity()).isEqualTo(FlagSeverity.HIGH);
                assertThat(f.reasons()).containsExactly(FlagReason.HIGH_CRAVING);
                assertThat(f.evidence()).containsExactly(first.checkInId(), second.checkInId());
                assertThat(f.categories()).containsExactly("craving-high");
            });
        }
    }

    @Test
    void aHighCravingThenALowerOneThenAHighOneIsNotTwiceRunning() {
        try (DecisionDriver d = driver()) {
            Members.Member m = enrolled(d, standard("m-craving-broken"));
            m.answerOne(d, AnswerStatus.OK, 8);
            d.advance(Duration.ofHours(2));
            m.answerOne(d, AnswerStatus.OK, 7);
            d.advance(Duration.ofHours(2));
            m.answerOne(d, AnswerStatus.OK, 8);

            assertThat(d.flags()).isEmpty();
        }
    }

    // --- medium -------------------------------------------------------------------------------

    @Test
    void aMoodOfOneOrTwoThreeTimesRunningIsMedium() {
        try (DecisionDriver d = driver()) {
            Members.Member m = enrolled(d, standard("m-mood"));
            CheckInDue first = answerWith(d, m, AnswerStatus.OK, 2, 2);
            d.advance(Duration.ofHours(2));
            CheckInDue second = answerWith(d, m, AnswerStatus.OK, 2, 1);
            d.advance(Duration.ofHours(2));
            assertThat(d.flags()).as("twice").isEmpty();
            CheckInDue third = answerWith(d, m, AnswerStatus.STRUGGLING, 2, 2);

            assertThat(d.flags()).singleElement().satisfies(f -> {
                assertThat(f.severity()).isEqualTo(FlagSeverity.MEDIUM);
                assertThat(f.reasons()).containsExactly(FlagReason.LOW_MOOD);
                assertThat(f.evidence()).containsExactly(first.checkInId(), second.checkInId(), third.checkInId());
                assertThat(f.categories()).containsExactly("mood-low");
            });
            assertThat(staffAlerts(d))
                    .as("both take medium flags by daily digest")
                    .isEmpty();
        }
    }

    @Test
    void fewerThanHalfOfTheLastFourteenDaysCheckInsAnsweredIsMediumOnceFourHaveClosed() {
        try (DecisionDriver d = driver()) {
            Members.Member m = enrolled(d, standard("m-answer-rate"));
            CheckInDue miss1 = m.missOne(d);
            m.answerOne(d, AnswerStatus.OK, 2);
            CheckInDue miss2 = m.missOne(d);
            assertThat(d.flags())
                    .as("1 of 3 answered: too few closed to call it a rate")
                    .isEmpty();
            m.answerOne(d, AnswerStatus.OK, 2);
            CheckInDue miss3 = m.missOne(d);

            assertThat(d.flags()).singleElement().satisfies(f -> {
                assertThat(f.severity()).isEqualTo(FlagSeverity.MEDIUM);
                assertThat(f.reasons()).containsExactly(FlagReason.LOW_ANSWER_RATE);
                assertThat(f.evidence()).containsExactly(miss1.checkInId(), miss2.checkInId(), miss3.checkInId());
            });
        }
    }

    @Test
    void halfOfTheCheckInsAnsweredIsNoLowAnswerRate() {
        try (DecisionDriver d = driver()) {
            Members.Member m = enrolled(d, standard("m-half"));
            m.missOne(d);
            m.answerOne(d, AnswerStatus.OK, 2);
            m.missOne(d);
            m.answerOne(d, AnswerStatus.OK, 2);
            d.advance(Duration.ofHours(12));

            assertThat(d.flags()).isEmpty();
        }
    }

    @Test
    void aContactWhoDeclinedIsMediumAndTheProfileThatFollowsAddsNothing() {
        try (DecisionDriver d = driver()) {
            Members.Member m = standard("m-declined")
                    .contacts(Members.contact("c-1", ContactState.INVITED, ConsentScope.MISSED_CHECK_INS));
            enrolled(d, m);
            d.actions.pipeInput(m.id, ContactDeclined.of("link-c-1", m.id, "c-1", d.now()), d.now());

            assertThat(d.flags()).singleElement().satisfies(f -> {
                assertThat(f.flagId()).isEqualTo(Ids.flagId(m.id, "contact-declined:c-1"));
                assertThat(f.severity()).isEqualTo(FlagSeverity.MEDIUM);
                assertThat(f.reasons()).containsExactly(FlagReason.CONTACT_DECLINED);
                assertThat(f.evidence()).containsExactly("c-1");
            });
            m.contacts(Members.contact("c-1", ContactState.DECLINED, ConsentScope.MISSED_CHECK_INS))
                    .publish(d);
            assertThat(d.flags()).isEmpty();
        }
    }

    @Test
    void aProfileChangeToDeclinedIsMedium() {
        try (DecisionDriver d = driver()) {
            Members.Member m = standard("m-declined-profile")
                    .contacts(Members.contact("c-1", ContactState.INVITED, ConsentScope.MISSED_CHECK_INS));
            enrolled(d, m);
            m.contacts(Members.contact("c-1", ContactState.DECLINED, ConsentScope.MISSED_CHECK_INS))
                    .publish(d);

            assertThat(d.flags()).singleElement().satisfies(f -> {
                assertThat(f.reasons()).containsExactly(FlagReason.CONTACT_DECLINED);
                assertThat(f.severity()).isEqualTo(FlagSeverity.MEDIUM);
            });
        }
    }

    // --- one live flag per member -------------------------------------------------------------

    @Test
    void aSignalWhileAFlagIsLiveUpdatesItAndARiseToCriticalAlertsAsCritical() {
        try (DecisionDriver d = driver()) {
            Members.Member m = enrolled(d, standard("m-update"));
            CheckInDue first = m.missOne(d);
            d.advance(Duration.ofHours(1));
            CheckInDue second = m.missOne(d);
            CaseFlag raised = d.flags().getFirst();
            assertThat(staffAlerts(d)).hasSize(2);

            d.advance(Duration.ofMinutes(30));
            CheckInDue help = m.answerOne(d, AnswerStatus.NEED_HELP, null);

            assertThat(d.flags()).singleElement().satisfies(f -> {
                assertThat(f.flagId()).isEqualTo(raised.flagId());
                assertThat(f.change()).isEqualTo(2);
                assertThat(f.what()).isEqualTo(FlagChange.UPDATED);
                assertThat(f.severity()).isEqualTo(FlagSeverity.CRITICAL);
                assertThat(f.reasons()).containsExactly(FlagReason.NEED_HELP, FlagReason.CONSECUTIVE_MISSES);
                assertThat(f.evidence()).containsExactly(first.checkInId(), second.checkInId(), help.checkInId());
                assertThat(f.raisedAt()).isEqualTo(raised.raisedAt());
            });
            assertThat(staffAlerts(d))
                    .extracting(a -> a.recipient().key() + " " + a.urgency() + " "
                            + a.data().get("change") + " " + a.data().get("reasons"))
                    .containsExactly(
                            "staff:s-1 URGENT updated need-help,consecutive-misses",
                            "staff:s-2 URGENT updated need-help,consecutive-misses",
                            "on-call URGENT updated need-help,consecutive-misses");
        }
    }

    @Test
    void anUpdateThatDoesNotRaiseTheSeverityAlertsNobodyAgainAndTheSameSignalTwiceChangesNothing() {
        try (DecisionDriver d = driver()) {
            Members.Member m = enrolled(d, standard("m-same-severity"));
            CheckInDue help = m.answerOne(d, AnswerStatus.NEED_HELP, null);
            Staff.acknowledge(d, m.id, "s-1", d.flags().getFirst().flagId());
            d.flags();
            d.intents();

            // The same answer again (a resubmitted form), then a use: the flag is already critical.
            m.answer(d, help, AnswerStatus.NEED_HELP, null);
            assertThat(d.flags()).isEmpty();
            d.advance(Duration.ofHours(1));
            m.answerOne(d, AnswerStatus.USED, 3);

            assertThat(d.flags()).singleElement().satisfies(f -> {
                assertThat(f.change()).isEqualTo(3);
                assertThat(f.what()).isEqualTo(FlagChange.UPDATED);
                assertThat(f.state()).as("still acknowledged").isEqualTo(FlagState.ACKNOWLEDGED);
                assertThat(f.severity()).isEqualTo(FlagSeverity.CRITICAL);
                assertThat(f.reasons()).containsExactly(FlagReason.NEED_HELP, FlagReason.USE_REPORTED);
                assertThat(f.categories()).containsExactly("need-help", "used");
            });
            assertThat(staffAlerts(d)).isEmpty();
        }
    }

    // --- staff actions ------------------------------------------------------------------------

    @Test
    void staffActionsMoveAFlagFromOpenToAcknowledgedToContactedToResolved() {
        try (DecisionDriver d = driver()) {
            Members.Member m = enrolled(d, standard("m-actions"));
            m.answerOne(d, AnswerStatus.NEED_HELP, null);
            String flagId = d.flags().getFirst().flagId();
            d.intents();

            d.advance(Duration.ofMinutes(5));
            Staff.acknowledge(d, m.id, "s-2", flagId);
            d.advance(Duration.ofMinutes(30));
            Staff.contacted(d, m.id, "s-2", flagId);
            d.advance(Duration.ofMinutes(30));
            Staff.resolve(d, m.id, "s-1", flagId, FlagOutcome.LINKED_TO_TREATMENT);

            assertThat(d.flags())
                    .satisfiesExactly(
                            ack -> {
                                assertThat(ack.change()).isEqualTo(2);
                                assertThat(ack.what()).isEqualTo(FlagChange.ACKNOWLEDGED);
                                assertThat(ack.state()).isEqualTo(FlagState.ACKNOWLEDGED);
                                assertThat(ack.acknowledgedBy()).isEqualTo("s-2");
                                assertThat(ack.acknowledgedAt()).isEqualTo(START.plus(Duration.ofMinutes(6)));
                            },
                            contacted -> {
                                assertThat(contacted.what()).isEqualTo(FlagChange.CONTACTED);
                                assertThat(contacted.state()).isEqualTo(FlagState.CONTACTED);
                                assertThat(contacted.contactedBy()).isEqualTo("s-2");
                                assertThat(contacted.acknowledgedBy()).isEqualTo("s-2");
                            },
                            resolved -> {
                                assertThat(resolved.change()).isEqualTo(4);
                                assertThat(resolved.state()).isEqualTo(FlagState.RESOLVED);
                                assertThat(resolved.resolvedBy()).isEqualTo("s-1");
                                assertThat(resolved.outcome()).isEqualTo(FlagOutcome.LINKED_TO_TREATMENT);
                            });
            assertThat(staffAlerts(d)).as("staff actions alert nobody").isEmpty();
        }
    }

    @Test
    void actionsForAnUnknownOrResolvedFlagAreIgnoredAndTheNextSignalRaisesANewFlag() {
        try (DecisionDriver d = driver()) {
            Members.Member m = enrolled(d, standard("m-ignored"));
            Staff.acknowledge(d, m.id, "s-1", "flag-nobody-raised");
            assertThat(d.flags()).isEmpty();

            m.answerOne(d, AnswerStatus.NEED_HELP, null);
            String flagId = d.flags().getFirst().flagId();
            Staff.resolve(d, m.id, "s-1", flagId, FlagOutcome.REACHED_SAFE);
            assertThat(d.flags()).extracting(CaseFlag::state).containsExactly(FlagState.RESOLVED);
            Staff.acknowledge(d, m.id, "s-2", flagId);
            Staff.contacted(d, m.id, "s-2", flagId);
            assertThat(d.flags()).as("actions on a resolved flag").isEmpty();

            d.advance(Duration.ofHours(1));
            m.askForHelp(d, "req-after");
            assertThat(d.flags()).singleElement().satisfies(f -> {
                assertThat(f.flagId()).isNotEqualTo(flagId).isEqualTo(Ids.flagId(m.id, "need-help:req-after"));
                assertThat(f.change()).isEqualTo(1);
                assertThat(f.what()).isEqualTo(FlagChange.RAISED);
            });
        }
    }

    @Test
    void aReplayedSignalThatAResolvedFlagAlreadyCarriesRaisesNoNewFlag() {
        try (DecisionDriver d = driver()) {
            Members.Member m = enrolled(d, standard("m-replayed"));
            missTwice(d, m);
            m.askForHelp(d, "req-9");
            CaseFlag updated = d.flags().getLast();
            assertThat(updated.evidence()).contains("req-9");
            Staff.resolve(d, m.id, "s-1", updated.flagId(), FlagOutcome.SUPPORT_ARRANGED);
            d.flags();

            m.askForHelp(d, "req-9");

            assertThat(d.flags()).isEmpty();
        }
    }

    // --- acknowledgement timeouts -------------------------------------------------------------

    @Test
    void anUnacknowledgedHighFlagGoesToTheNextActiveStaffMemberAfterFourHoursThenToOnCall() {
        try (DecisionDriver d = driver()) {
            Members.Member m = standard("m-high-timeout");
            m.publish(d);
            Staff.staff("s-1").publish(d);
            Staff.staff("s-2").active(false).publish(d);
            Staff.staff("s-3")
                    .takes(FlagSeverity.HIGH, AlertCadence.DAILY_DIGEST)
                    .publish(d);
            Staff.team(d, m.id, "s-1", "s-2", "s-3");
            missTwice(d, m);
            CaseFlag raised = d.flags().getFirst();
            assertThat(staffAlerts(d)).extracting(OutreachRequest::recipient).containsExactly(Recipient.staff("s-1"));
            Instant raisedAt = d.now();

            d.clockTo(raisedAt.plus(Duration.ofHours(4)).minusSeconds(1));
            assertThat(d.flags()).isEmpty();
            d.clockTo(raisedAt.plus(Duration.ofHours(4)).plusSeconds(1));
            assertThat(d.flags()).singleElement().satisfies(f -> {
                assertThat(f.what()).isEqualTo(FlagChange.REASSIGNED);
                assertThat(f.change()).isEqualTo(2);
                assertThat(f.alerted()).containsExactly("s-1", "s-3");
            });
            assertThat(staffAlerts(d)).singleElement().satisfies(a -> {
                assertThat(a.recipient()).as("s-2 is inactive: skipped").isEqualTo(Recipient.staff("s-3"));
                assertThat(a.data()).containsEntry("change", "reassigned").containsEntry("severity", "high");
                assertThat(a.urgency()).isEqualTo(Urgency.ROUTINE);
                assertThat(a.notificationId()).isEqualTo(alertId(m.id, raised.flagId(), 2, "staff:s-3"));
            });

            d.clockTo(raisedAt.plus(Duration.ofHours(8)).plusSeconds(1));
            assertThat(d.flags()).extracting(CaseFlag::what).containsExactly(FlagChange.REASSIGNED);
            assertThat(staffAlerts(d)).extracting(OutreachRequest::recipient).containsExactly(Recipient.ON_CALL);

            d.clockTo(raisedAt.plus(Duration.ofHours(24)));
            assertThat(d.flags()).as("on-call is the end of the chain").isEmpty();
            assertThat(staffAlerts(d)).isEmpty();
        }
    }

    @Test
    void aStaffMemberDeactivatedAfterTheFlagWasRaisedSkipsNobodyInTheAcknowledgementChain() {
        try (DecisionDriver d = driver()) {
            Members.Member m = standard("m-chain-deactivated");
            m.publish(d);
            Staff.staff("s-1").publish(d);
            Staff.staff("s-2").publish(d);
            Staff.staff("s-3").publish(d);
            Staff.team(d, m.id, "s-1", "s-2", "s-3");
            missTwice(d, m);
            d.flags();
            d.intents();
            Instant raisedAt = d.now();

            // The primary, who has the flag, leaves the program: the chain is now s-2, s-3, on-call.
            Staff.staff("s-1").active(false).publish(d);
            d.clockTo(raisedAt.plus(Duration.ofHours(4)).plusSeconds(1));
            d.clockTo(raisedAt.plus(Duration.ofHours(8)).plusSeconds(2));
            d.clockTo(raisedAt.plus(Duration.ofHours(12)).plusSeconds(3));
            d.clockTo(raisedAt.plus(Duration.ofHours(24)));

            assertThat(staffAlerts(d))
                    .extracting(OutreachRequest::recipient)
                    .containsExactly(Recipient.staff("s-2"), Recipient.staff("s-3"), Recipient.ON_CALL);
        }
    }

    @Test
    void aCareTeamChangedWhileTheFlagMovesOnSkipsNobodyInTheAcknowledgementChain() {
        try (DecisionDriver d = driver()) {
            Members.Member m = standard("m-chain-team-changed");
            m.publish(d);
            Staff.staff("s-1").publish(d);
            Staff.staff("s-2").publish(d);
            Staff.staff("s-3").publish(d);
            Staff.team(d, m.id, "s-1", "s-2", "s-3");
            missTwice(d, m);
            d.flags();
            d.intents();
            Instant raisedAt = d.now();
            d.clockTo(raisedAt.plus(Duration.ofHours(4)).plusSeconds(1));
            assertThat(staffAlerts(d)).extracting(OutreachRequest::recipient).containsExactly(Recipient.staff("s-2"));

            // The former primary leaves the team while s-2 has the flag: the chain is now s-2, s-3, on-call.
            Staff.team(d, m.id, "s-2", "s-3");
            d.clockTo(raisedAt.plus(Duration.ofHours(8)).plusSeconds(2));
            d.clockTo(raisedAt.plus(Duration.ofHours(12)).plusSeconds(3));
            d.clockTo(raisedAt.plus(Duration.ofHours(24)));

            assertThat(staffAlerts(d))
                    .extracting(OutreachRequest::recipient)
                    .containsExactly(Recipient.staff("s-3"), Recipient.ON_CALL);
        }
    }

    @Test
    void aFlagStoredBeforeTheChainWasRememberedMovesOnFromItsStep() {
        try (DecisionDriver d = driver()) {
            Members.Member m = standard("m-chain-old-entry");
            m.publish(d);
            Staff.staff("s-1").publish(d);
            Staff.staff("s-2").publish(d);
            Staff.team(d, m.id, "s-1", "s-2");
            missTwice(d, m);
            d.flags();
            d.intents();
            Instant raisedAt = d.now();
            // As a changelog entry written before LiveFlag kept whom the chain has passed restores it.
            var store = d.driver.<String, LiveFlag>getKeyValueStore(FlagStores.FLAGS);
            LiveFlag live = store.get(m.id);
            store.put(m.id, new LiveFlag(live.flag(), live.step(), live.nextStepAt(), null));

            d.clockTo(raisedAt.plus(Duration.ofHours(4)).plusSeconds(1));
            d.clockTo(raisedAt.plus(Duration.ofHours(8)).plusSeconds(2));
            d.clockTo(raisedAt.plus(Duration.ofHours(24)));

            assertThat(staffAlerts(d))
                    .extracting(OutreachRequest::recipient)
                    .containsExactly(Recipient.staff("s-2"), Recipient.ON_CALL);
        }
    }

    @Test
    void anUnacknowledgedCriticalFlagMovesOnAfterFifteenMinutes() {
        try (DecisionDriver d = driver()) {
            Members.Member m = enrolled(d, standard("m-critical-timeout"));
            m.answerOne(d, AnswerStatus.NEED_HELP, null);
            d.flags();
            d.intents();
            Instant raisedAt = d.now();

            d.clockTo(raisedAt.plus(Duration.ofMinutes(15)).minusSeconds(1));
            assertThat(staffAlerts(d)).isEmpty();
            d.clockTo(raisedAt.plus(Duration.ofMinutes(15)).plusSeconds(1));
            assertThat(staffAlerts(d)).singleElement().satisfies(a -> {
                assertThat(a.recipient()).isEqualTo(Recipient.staff("s-2"));
                assertThat(a.urgency()).isEqualTo(Urgency.URGENT);
                assertThat(a.data()).containsEntry("change", "reassigned");
            });
            d.clockTo(raisedAt.plus(Duration.ofMinutes(30)).plusSeconds(1));
            assertThat(staffAlerts(d)).extracting(OutreachRequest::recipient).containsExactly(Recipient.ON_CALL);
            d.clockTo(raisedAt.plus(Duration.ofHours(2)));
            assertThat(staffAlerts(d)).isEmpty();
        }
    }

    @Test
    void anAcknowledgementStopsTheTimeout() {
        try (DecisionDriver d = driver()) {
            Members.Member m = enrolled(d, standard("m-ack-stops"));
            missTwice(d, m);
            String flagId = d.flags().getFirst().flagId();
            d.intents();
            Instant raisedAt = d.now();

            d.advance(Duration.ofHours(1));
            Staff.acknowledge(d, m.id, "s-1", flagId);
            d.clockTo(raisedAt.plus(Duration.ofHours(12)));

            assertThat(d.flags()).extracting(CaseFlag::what).containsExactly(FlagChange.ACKNOWLEDGED);
            assertThat(staffAlerts(d)).isEmpty();
        }
    }

    @Test
    void aMediumFlagNeverMovesOn() {
        try (DecisionDriver d = driver()) {
            Members.Member m = standard("m-medium-stays")
                    .contacts(Members.contact("c-1", ContactState.INVITED, ConsentScope.MISSED_CHECK_INS));
            enrolled(d, m);
            d.actions.pipeInput(m.id, ContactDeclined.of("link-c-1", m.id, "c-1", d.now()), d.now());
            assertThat(d.flags()).hasSize(1);
            d.advance(Duration.ofDays(2));

            assertThat(d.flags()).isEmpty();
            assertThat(staffAlerts(d)).isEmpty();
        }
    }

    // --- state, metrics, bad input ------------------------------------------------------------

    @Test
    void anErasedMemberLeavesNoFlagStateOnEitherSide() {
        try (DecisionDriver d = driver()) {
            Members.Member m = standard("m-erased-flags");
            m.publish(d);
            Staff.staff("s-1")
                    .takes(FlagSeverity.HIGH, AlertCadence.EVERY_3_HOURS)
                    .publish(d);
            Staff.team(d, m.id, "s-1");
            missTwice(d, m);
            assertThat(EscalationTopologyTest.count(d.driver.getKeyValueStore(StaffDigests.ITEMS)))
                    .isEqualTo(1);

            d.profiles.pipeInput(m.id, null, d.now());
            d.advance(Duration.ofDays(1));

            for (String store : FlagStores.ALL) {
                assertThat(EscalationTopologyTest.count(d.driver.getKeyValueStore(store)))
                        .as(store)
                        .isZero();
            }
            assertThat(EscalationTopologyTest.count(d.driver.getKeyValueStore(StaffDigests.ITEMS)))
                    .isZero();
            assertThat(only(d.intents(), OutreachKind.STAFF_DIGEST))
                    .as("nothing left to list")
                    .isEmpty();
        }
    }

    @Test
    void flagsRaisedAreCountedBySeverityAndReasonCode() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (DecisionDriver d = DecisionDriver.at(stateDir, START, Map.of(), new MicrometerDecisionMetrics(registry))) {
            Members.Member m = enrolled(d, standard("m-metrics"));
            m.answerOne(d, AnswerStatus.NEED_HELP, null);

            assertThat(registry.get("outreach.flags.raised")
                            .tag("severity", "critical")
                            .tag("reason", "need-help")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
            assertThat(registry.get("outreach.flags.raised")
                            .tag("severity", "medium")
                            .tag("reason", "low-mood")
                            .counter()
                            .count())
                    .isZero();
        }
    }

    @Test
    void anUnreadableStaffActionIsDeadLetteredAndLaterActionsStillApply() {
        try (DecisionDriver d = DecisionDriver.atLeastOnce(stateDir, START)) {
            Members.Member m = enrolled(d, standard("m-poison-action"));
            m.answerOne(d, AnswerStatus.NEED_HELP, null);
            String flagId = d.flags().getFirst().flagId();
            byte[] poison = "{\"type\":\"flag.acknowledged\"".getBytes(StandardCharsets.UTF_8);
            d.rawStaffActions.pipeInput(m.id, poison, d.now());
            Staff.acknowledge(d, m.id, "s-1", flagId);

            assertThat(d.flags()).extracting(CaseFlag::state).containsExactly(FlagState.ACKNOWLEDGED);
            TestRecord<String, byte[]> dead = d.deadLetters.readRecord();
            assertThat(dead.value()).isEqualTo(poison);
            assertThat(new String(
                            dead.headers().lastHeader(DeadLetters.SOURCE_TOPIC).value(), StandardCharsets.UTF_8))
                    .isEqualTo(Topics.STAFF_ACTIONS.name());
        }
    }

    @Test
    void anUnreadableStaffRecordIsSkippedAndLaterRecordsStillCount() {
        try (DecisionDriver d = DecisionDriver.atLeastOnce(stateDir, START)) {
            Members.Member m = standard("m-poison-staff");
            m.publish(d);
            Staff.team(d, m.id, "s-1");
            byte[] poison = "{\"type\":\"staff.member\",\"staffId\":".getBytes(StandardCharsets.UTF_8);
            d.rawStaffDirectory.pipeInput("s-1", poison, d.now());
            Staff.staff("s-1").publish(d);
            m.answerOne(d, AnswerStatus.NEED_HELP, null);

            assertThat(staffAlerts(d))
                    .extracting(OutreachRequest::recipient)
                    .containsExactly(Recipient.staff("s-1"), Recipient.ON_CALL);
            // The global thread cannot write dead letters: skipped (StreamsServiceIT covers it on a broker).
            assertThat(d.deadLetters.isEmpty()).isTrue();
        }
    }

    @Test
    void aStaffActionKeyedByAnotherMemberIsDeadLettered() {
        try (DecisionDriver d = driver()) {
            Members.Member m = enrolled(d, standard("m-misrouted-action"));
            m.answerOne(d, AnswerStatus.NEED_HELP, null);
            String flagId = d.flags().getFirst().flagId();
            d.staffActions.pipeInput(
                    "m-someone-else", FlagAcknowledged.of("a-1", m.id, "s-1", flagId, d.now()), d.now());

            assertThat(d.flags()).isEmpty();
            assertThat(d.deadLetters.readRecord().key()).isEqualTo("m-someone-else");
        }
    }
}
