package org.aftercare.streams;

import static org.aftercare.streams.Members.only;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.aftercare.events.Ids;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.contact.ContactDeclined;
import org.aftercare.events.flag.CaseFlag;
import org.aftercare.events.flag.FlagOutcome;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.staff.AlertCadence;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staff digests through the production topology: flags a staff member takes by digest are batched
 * into one {@code STAFF_DIGEST} per staff member and window (three-hour blocks from 00:00
 * staff-local, or the day up to their digest time), listing every live flag of their care teams
 * when the window ends. Staff live in New York (EDT from March 8); START is 09:30 there, in the
 * 09:00-12:00 block (13:00Z-16:00Z). Members are in the standard tier, so a reported use is a high flag.
 */
class StaffDigestTopologyTest {

    private static final Instant START = Instant.parse("2026-03-10T13:30:00Z");
    private static final Instant BLOCK_START = Instant.parse("2026-03-10T13:00:00Z");
    private static final Instant BLOCK_END = Instant.parse("2026-03-10T16:00:00Z");

    @TempDir
    Path stateDir;

    private DecisionDriver driver() {
        return DecisionDriver.at(stateDir, START);
    }

    /** A standard-tier member whose care team is {@code primary} and {@code others}, who reports a use now (a high flag). */
    private static String usedNow(DecisionDriver d, String memberId, String primary, String... others) {
        Members.Member m = Members.member(memberId).recoveringSince(LocalDate.parse("2026-03-07"));
        m.publish(d);
        Staff.team(d, memberId, primary, others);
        m.answerOne(d, AnswerStatus.USED, 3);
        return d.flags().getLast().flagId();
    }

    private static List<TestRecord<String, OutreachRequest>> digests(DecisionDriver d) {
        return d.intentRecords().stream()
                .filter(r -> ((OutreachRequest) r.value()).kind() == OutreachKind.STAFF_DIGEST)
                .map(r -> new TestRecord<>(r.key(), (OutreachRequest) r.value()))
                .toList();
    }

    private static String digestId(String staffId, String windowStart) {
        return Ids.notificationId("staff-digest", staffId, windowStart);
    }

    @Test
    void twoFlagsInOneWindowMakeOneDigestListingBothWhenTheWindowEnds() {
        try (DecisionDriver d = driver()) {
            Staff.staff("s-1")
                    .takes(FlagSeverity.HIGH, AlertCadence.EVERY_3_HOURS)
                    .publish(d);
            String flagA = usedNow(d, "m-a", "s-1");
            d.advance(Duration.ofMinutes(40));
            String flagB = usedNow(d, "m-b", "s-1");
            assertThat(only(d.intents(), OutreachKind.STAFF_FLAG))
                    .as("taken by digest, not at once")
                    .isEmpty();

            d.clockTo(BLOCK_END.minusSeconds(1));
            assertThat(digests(d)).isEmpty();
            d.clockTo(BLOCK_END.plusSeconds(1));

            assertThat(digests(d)).singleElement().satisfies(r -> {
                OutreachRequest digest = r.value();
                assertThat(r.key()).isEqualTo("s-1");
                assertThat(digest.memberId()).isEqualTo("s-1");
                assertThat(digest.recipient()).isEqualTo(Recipient.staff("s-1"));
                assertThat(digest.urgency()).isEqualTo(Urgency.ROUTINE);
                assertThat(digest.consentScope()).isNull();
                assertThat(digest.notificationId()).isEqualTo(digestId("s-1", "2026-03-10T13:00:00Z"));
                assertThat(digest.data())
                        .containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                                Map.entry("window", "2026-03-10T16:00:00Z"),
                                Map.entry("items", "2"),
                                Map.entry("more", "0"),
                                Map.entry("item.0.memberId", "m-a"),
                                Map.entry("item.0.flagId", flagA),
                                Map.entry("item.0.severity", "high"),
                                Map.entry("item.0.reasons", "use-reported"),
                                Map.entry("item.0.state", "open"),
                                Map.entry("item.1.memberId", "m-b"),
                                Map.entry("item.1.flagId", flagB),
                                Map.entry("item.1.severity", "high"),
                                Map.entry("item.1.reasons", "use-reported"),
                                Map.entry("item.1.state", "open")));
            });
        }
    }

    @Test
    void newsTwiceInTheSameWindowIsOneDigestAndTheNextWindowHasAnIdOfItsOwn() {
        try (DecisionDriver d = driver()) {
            Staff.staff("s-1")
                    .takes(FlagSeverity.HIGH, AlertCadence.EVERY_3_HOURS)
                    .publish(d);
            usedNow(d, "m-a", "s-1");
            d.advance(Duration.ofMinutes(50));
            // A second signal for m-a in the same window updates its flag: still one digest.
            Members.member("m-a").recoveringSince(LocalDate.parse("2026-03-07")).answerOne(d, AnswerStatus.USED, 9);
            assertThat(d.flags()).hasSize(1);
            d.clockTo(BLOCK_END.plusSeconds(1));
            assertThat(digests(d))
                    .extracting(r -> r.value().notificationId())
                    .containsExactly(digestId("s-1", "2026-03-10T13:00:00Z"));

            d.advance(Duration.ofMinutes(30));
            usedNow(d, "m-b", "s-1");
            d.clockTo(Instant.parse("2026-03-10T19:00:01Z"));

            assertThat(digests(d)).singleElement().satisfies(r -> {
                assertThat(r.value().notificationId()).isEqualTo(digestId("s-1", "2026-03-10T16:00:00Z"));
                assertThat(r.value().data())
                        .containsEntry("items", "2")
                        .containsEntry("window", "2026-03-10T19:00:00Z");
            });
        }
    }

    @Test
    void aResolvedFlagIsNotListedAndAnAcknowledgedOneIsListedWithItsState() {
        try (DecisionDriver d = driver()) {
            Staff.staff("s-1")
                    .takes(FlagSeverity.HIGH, AlertCadence.EVERY_3_HOURS)
                    .publish(d);
            String flagA = usedNow(d, "m-a", "s-1");
            String flagB = usedNow(d, "m-b", "s-1");
            String flagC = usedNow(d, "m-c", "s-1");
            Staff.resolve(d, "m-a", "s-1", flagA, FlagOutcome.REACHED_SAFE);
            Staff.acknowledge(d, "m-b", "s-1", flagB);
            d.clockTo(BLOCK_END.plusSeconds(1));

            assertThat(digests(d))
                    .singleElement()
                    .satisfies(r -> assertThat(r.value().data())
                            .containsEntry("items", "2")
                            .containsEntry("item.0.memberId", "m-b")
                            .containsEntry("item.0.flagId", flagB)
                            .containsEntry("item.0.state", "acknowledged")
                            .containsEntry("item.1.memberId", "m-c")
                            .containsEntry("item.1.flagId", flagC)
                            .containsEntry("item.1.state", "open")
                            .doesNotContainValue(flagA));
        }
    }

    @Test
    void aWindowWithNothingLeftOpenOrNoNewsSendsNoDigest() {
        try (DecisionDriver d = driver()) {
            Staff.staff("s-1")
                    .takes(FlagSeverity.HIGH, AlertCadence.EVERY_3_HOURS)
                    .publish(d);
            String flagA = usedNow(d, "m-a", "s-1");
            Staff.resolve(d, "m-a", "s-1", flagA, FlagOutcome.NO_ACTION_NEEDED);
            d.clockTo(BLOCK_END.plusSeconds(1));
            assertThat(digests(d)).as("raised and resolved within the window").isEmpty();

            usedNow(d, "m-b", "s-1");
            d.clockTo(Instant.parse("2026-03-10T19:00:01Z"));
            assertThat(digests(d)).hasSize(1);
            d.clockTo(Instant.parse("2026-03-11T19:00:01Z"));
            assertThat(digests(d))
                    .as("windows without news, though m-b's flag is still open")
                    .isEmpty();
        }
    }

    @Test
    void aFlagThatRoseToCriticalIsSentAtOnceAndStillListedWithItsReasonsInOrder() {
        try (DecisionDriver d = driver()) {
            Staff.staff("s-1")
                    .takes(FlagSeverity.HIGH, AlertCadence.EVERY_3_HOURS)
                    .publish(d);
            String flagA = usedNow(d, "m-a", "s-1");
            Members.member("m-a").askForHelp(d, "req-1");
            assertThat(only(d.intents(), OutreachKind.STAFF_FLAG))
                    .extracting(OutreachRequest::recipient)
                    .containsExactly(Recipient.staff("s-1"), Recipient.ON_CALL);
            d.clockTo(BLOCK_END.plusSeconds(1));

            assertThat(digests(d))
                    .singleElement()
                    .satisfies(r -> assertThat(r.value().data())
                            .containsEntry("items", "1")
                            .containsEntry("item.0.flagId", flagA)
                            .containsEntry("item.0.severity", "critical")
                            .containsEntry("item.0.reasons", "need-help,use-reported"));
        }
    }

    @Test
    void aDailyDigestComesAtTheStaffMembersChosenLocalTime() {
        try (DecisionDriver d = driver()) {
            // Medium flags by daily digest (the default), at 08:30 New York time.
            Staff.staff("s-1").publish(d);
            Members.Member m = Members.member("m-declined")
                    .contacts(Members.contact("c-1", ContactState.INVITED, ConsentScope.MISSED_CHECK_INS));
            m.publish(d);
            Staff.team(d, m.id, "s-1");
            d.actions.pipeInput(m.id, ContactDeclined.of("link-c-1", m.id, "c-1", d.now()), d.now());
            CaseFlag flag = d.flags().getFirst();
            assertThat(flag.severity()).isEqualTo(FlagSeverity.MEDIUM);
            assertThat(only(d.intents(), OutreachKind.STAFF_FLAG)).isEmpty();

            Instant digestTime = Instant.parse("2026-03-11T12:30:00Z");
            d.clockTo(digestTime.minusSeconds(1));
            assertThat(digests(d)).isEmpty();
            d.clockTo(digestTime.plusSeconds(1));

            assertThat(digests(d)).singleElement().satisfies(r -> {
                assertThat(r.value().notificationId()).isEqualTo(digestId("s-1", "2026-03-10T12:30:00Z"));
                assertThat(r.value().data())
                        .containsEntry("window", "2026-03-11T12:30:00Z")
                        .containsEntry("item.0.severity", "medium")
                        .containsEntry("item.0.reasons", "contact-declined");
            });
        }
    }

    @Test
    void aStaffMemberWhoTakesAFlagImmediatelyGetsItAtOnceAndOneWhoTakesItByDigestInTheirDigest() {
        try (DecisionDriver d = driver()) {
            Staff.staff("s-now")
                    .takes(FlagSeverity.HIGH, AlertCadence.IMMEDIATELY)
                    .publish(d);
            Staff.staff("s-later")
                    .takes(FlagSeverity.HIGH, AlertCadence.EVERY_3_HOURS)
                    .publish(d);
            usedNow(d, "m-a", "s-now", "s-later");

            assertThat(only(d.intents(), OutreachKind.STAFF_FLAG))
                    .extracting(OutreachRequest::recipient)
                    .containsExactly(Recipient.staff("s-now"));
            d.clockTo(BLOCK_END.plusSeconds(1));
            assertThat(digests(d)).extracting(TestRecord::key).containsExactly("s-later");
        }
    }

    @Test
    void anInactiveStaffMemberGetsNoDigest() {
        try (DecisionDriver d = driver()) {
            Staff.Member staff = Staff.staff("s-1").takes(FlagSeverity.HIGH, AlertCadence.EVERY_3_HOURS);
            staff.publish(d);
            usedNow(d, "m-a", "s-1");
            staff.active(false).publish(d);
            d.clockTo(BLOCK_END.plusSeconds(1));

            assertThat(digests(d)).isEmpty();
        }
    }

    @Test
    void aDigestListsAtMostFiftyItemsAndSaysHowManyWereLeftOff() {
        try (DecisionDriver d = driver()) {
            Staff.staff("s-1")
                    .takes(FlagSeverity.HIGH, AlertCadence.EVERY_3_HOURS)
                    .publish(d);
            for (int i = 0; i < 52; i++) {
                usedNow(d, "m-%02d".formatted(i), "s-1");
            }
            d.clockTo(BLOCK_END.plusSeconds(1));

            assertThat(digests(d))
                    .singleElement()
                    .satisfies(r -> assertThat(r.value().data())
                            .containsEntry("items", "50")
                            .containsEntry("more", "2")
                            .containsEntry("item.49.memberId", "m-49")
                            .doesNotContainKey("item.50.memberId"));
        }
    }
}
