package org.aftercare.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.aftercare.events.Samples;
import org.aftercare.events.outreach.DeliveryOutcome;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.events.profile.SupportContact;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.infra.time.MutableClock;
import org.aftercare.notifier.TestFixtures;
import org.aftercare.notifier.delivery.OutreachDeliveryTest.ScriptedMailer;
import org.aftercare.notifier.render.EmailRenderer;
import org.aftercare.notifier.render.SignedLinks;
import org.aftercare.notifier.render.TemplateModel;
import org.aftercare.notifier.staff.StaffTable;
import org.junit.jupiter.api.Test;

/**
 * Staff flags, staff digests and contact follow-ups through {@link OutreachDelivery}: who gets
 * them (the staff directory, the latest profiles), and that no member preference holds or stops them.
 */
class StaffDeliveryTest {

    /** 23:00 in New York: inside Sam's quiet hours (21:00-08:00). */
    private static final Instant NIGHT =
            ZonedDateTime.parse("2026-03-10T23:00:00-04:00[America/New_York]").toInstant();

    private final ScriptedMailer mailer = new ScriptedMailer();
    private final MutableClock clock = new MutableClock(NIGHT);
    private final MemoryLedger ledger = new MemoryLedger();
    private final StaffTable staff = new StaffTable();
    private final Map<String, MemberProfile> profiles = new HashMap<>();

    StaffDeliveryTest() {
        staff.apply(Samples.STAFF_ID, Samples.staffMember());
        profiles.put(Samples.MEMBER_ID, Samples.memberProfile());
    }

    private OutreachDelivery delivery(int dailyCap) {
        return delivery(dailyCap, id -> Optional.ofNullable(profiles.get(id)));
    }

    private OutreachDelivery delivery(int dailyCap, Function<String, Optional<MemberProfile>> latest) {
        TemplateModel models = new TemplateModel(
                new SignedLinks(TestFixtures.SIGNER, TestFixtures.BASE_URL, TestFixtures.LATE_WINDOW, clock));
        return new OutreachDelivery(
                latest,
                new DeliveryPolicy("oncall@program.example.org", staff::latest),
                TestFixtures.RECIPIENTS,
                models,
                new EmailRenderer(),
                mailer,
                ledger,
                new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofMinutes(1)),
                new SendWindow(dailyCap),
                DeliveryHooks.NONE,
                new DeliveryMetrics(new SimpleMeterRegistry()),
                clock,
                () -> 0.0);
    }

    private static OutreachRequest flag(String id, Recipient to, String severity, Urgency urgency) {
        return OutreachRequest.builder(Samples.MEMBER_ID, id, OutreachKind.STAFF_FLAG)
                .to(to)
                .urgency(urgency)
                .data(TestFixtures.flagData(severity, "need-help"))
                .build(NIGHT);
    }

    private static StaffMember deactivated(StaffMember s) {
        return new StaffMember(
                s.eventId() + ":off",
                s.schemaVersion(),
                s.occurredAt(),
                s.staffId(),
                s.revision() + 1,
                s.name(),
                s.workEmail(),
                s.roles(),
                s.alerts(),
                s.digestAt(),
                s.timeZone(),
                false);
    }

    @Test
    void anUrgentStaffFlagGoesAtOnceToTheWorkEmailDuringTheMembersQuietHours() {
        OutreachDelivery.Result result =
                delivery(3).deliver(flag("n-f1", Recipient.staff(Samples.STAFF_ID), "critical", Urgency.URGENT));

        assertThat(result.report().outcome()).isEqualTo(DeliveryOutcome.SENT);
        assertThat(result.retryAt()).isNull();
        assertThat(mailer.sent).singleElement().satisfies(email -> {
            assertThat(email.toAddress()).isEqualTo("dana.reyes@program.example.org");
            assertThat(email.subject()).isEqualTo("Follow-up needed (urgent)");
            assertThat(email.text()).contains("Sam (EXT-1001)").contains("42 CFR part 2");
            assertThat(email.unsubscribeUrl()).isNull();
        });
    }

    @Test
    void routineStaffEmailIsHeldNeitherByTheMembersQuietHoursNorByTheDailyCap() {
        OutreachDelivery delivery = delivery(1);
        for (int i = 0; i < 3; i++) {
            OutreachDelivery.Result result =
                    delivery.deliver(flag("n-r" + i, Recipient.staff(Samples.STAFF_ID), "high", Urgency.ROUTINE));
            assertThat(result.report().outcome()).as("flag %s", i).isEqualTo(DeliveryOutcome.SENT);
        }
        assertThat(mailer.sent).hasSize(3);
        // A routine member email at the same moment is held: the window itself is in force.
        OutreachRequest encouragement = OutreachRequest.builder(Samples.MEMBER_ID, "n-e", OutreachKind.ENCOURAGEMENT)
                .build(NIGHT);
        assertThat(delivery.deliver(encouragement).report().reason()).isEqualTo(SendWindow.QUIET_HOURS);
    }

    @Test
    void theMembersUnsubscribeOrPauseNeverStopsStaffOrOnCallEmail() {
        profiles.put(Samples.MEMBER_ID, TestFixtures.unsubscribed(Samples.memberProfile(), MemberStatus.DISCHARGED));
        OutreachDelivery delivery = delivery(3);
        assertThat(delivery.deliver(flag("n-u1", Recipient.staff(Samples.STAFF_ID), "high", Urgency.ROUTINE))
                        .report()
                        .outcome())
                .isEqualTo(DeliveryOutcome.SENT);
        assertThat(delivery.deliver(flag("n-u2", Recipient.ON_CALL, "critical", Urgency.URGENT))
                        .report()
                        .outcome())
                .isEqualTo(DeliveryOutcome.SENT);
        assertThat(mailer.sent)
                .extracting(e -> e.toAddress())
                .containsExactly("dana.reyes@program.example.org", "oncall@program.example.org");
    }

    @Test
    void anUnknownOrDeactivatedStaffMemberGetsNothingAndTheReportSaysWhy() {
        OutreachDelivery delivery = delivery(3);
        OutreachDelivery.Result unknown =
                delivery.deliver(flag("n-x1", Recipient.staff("staff-nobody"), "critical", Urgency.URGENT));
        staff.apply(Samples.STAFF_ID, deactivated(Samples.staffMember()));
        OutreachDelivery.Result inactive =
                delivery.deliver(flag("n-x2", Recipient.staff(Samples.STAFF_ID), "critical", Urgency.URGENT));

        assertThat(unknown.report().outcome()).isEqualTo(DeliveryOutcome.SUPPRESSED);
        assertThat(unknown.report().reason()).isEqualTo("unknown-staff");
        assertThat(inactive.report().outcome()).isEqualTo(DeliveryOutcome.SUPPRESSED);
        assertThat(inactive.report().reason()).isEqualTo("staff-inactive");
        assertThat(mailer.sent).isEmpty();
    }

    @Test
    void aLaterStaffRecordWinsAndAnOlderOneNeverComesBack() {
        StaffMember s = Samples.staffMember();
        StaffMember moved = new StaffMember(
                s.eventId() + ":4",
                s.schemaVersion(),
                s.occurredAt(),
                s.staffId(),
                s.revision() + 1,
                s.name(),
                "dana.new@program.example.org",
                s.roles(),
                s.alerts(),
                s.digestAt(),
                s.timeZone(),
                true);
        staff.apply(s.staffId(), moved);
        staff.apply(s.staffId(), s); // a replayed older revision
        delivery(3).deliver(flag("n-m", Recipient.staff(Samples.STAFF_ID), "high", Urgency.ROUTINE));
        assertThat(mailer.sent)
                .singleElement()
                .satisfies(e -> assertThat(e.toAddress()).isEqualTo("dana.new@program.example.org"));
    }

    @Test
    void aStaffFlagAboutAnErasedMemberIsSuppressed() {
        profiles.clear();
        OutreachDelivery.Result result =
                delivery(3).deliver(flag("n-gone", Recipient.staff(Samples.STAFF_ID), "critical", Urgency.URGENT));
        assertThat(result.report().reason()).isEqualTo(DeliveryPolicy.UNKNOWN_MEMBER);
        assertThat(mailer.sent).isEmpty();
    }

    @Test
    void aStaffFlagWithoutAFlagIdIsParkedAsInvalid() {
        OutreachRequest broken = OutreachRequest.builder(Samples.MEMBER_ID, "n-bad", OutreachKind.STAFF_FLAG)
                .to(Recipient.staff(Samples.STAFF_ID))
                .urgency(Urgency.URGENT)
                .data(Map.of("severity", "critical", "reasons", "need-help"))
                .build(NIGHT);
        OutreachDelivery.Result result = delivery(3).deliver(broken);
        assertThat(result.report().outcome()).isEqualTo(DeliveryOutcome.FAILED);
        assertThat(result.report().reason()).isEqualTo("invalid-intent");
        assertThat(result.deadLetterReason()).isEqualTo("invalid-intent: data.flagId must be a flag id (flag-...)");
        assertThat(result.error()).isNotNull();
        assertThat(mailer.sent).isEmpty();
    }

    @Test
    void aDigestIsKeyedByTheStaffIdAndListsOnlyTheMembersStillThere() {
        OutreachRequest digest = OutreachRequest.builder(Samples.STAFF_ID, "n-d", OutreachKind.STAFF_DIGEST)
                .to(Recipient.staff(Samples.STAFF_ID))
                .data(TestFixtures.digestData(List.of("m-erased", Samples.MEMBER_ID), Map.of()))
                .build(NIGHT);
        OutreachDelivery.Result result = delivery(3).deliver(digest);

        assertThat(result.report().outcome()).isEqualTo(DeliveryOutcome.SENT);
        assertThat(result.report().memberId()).isEqualTo(Samples.STAFF_ID);
        assertThat(mailer.sent).singleElement().satisfies(email -> {
            assertThat(email.toAddress()).isEqualTo("dana.reyes@program.example.org");
            assertThat(email.text()).contains("Sam (EXT-1001)").doesNotContain("m-erased");
        });
    }

    @Test
    void aDigestLooksUpEachOfItsMembersOnceFromTheDecisionToTheEmail() {
        Map<String, Integer> lookups = new HashMap<>();
        OutreachDelivery delivery = delivery(3, id -> {
            lookups.merge(id, 1, Integer::sum);
            return Optional.ofNullable(profiles.get(id));
        });
        OutreachRequest digest = OutreachRequest.builder(Samples.STAFF_ID, "n-d2", OutreachKind.STAFF_DIGEST)
                .to(Recipient.staff(Samples.STAFF_ID))
                .data(TestFixtures.digestData(List.of("m-erased", Samples.MEMBER_ID), Map.of()))
                .build(NIGHT);

        assertThat(delivery.deliver(digest).report().outcome()).isEqualTo(DeliveryOutcome.SENT);
        assertThat(mailer.sent)
                .singleElement()
                .satisfies(email -> assertThat(email.text()).contains("Sam (EXT-1001)"));
        assertThat(lookups).isEqualTo(Map.of("m-erased", 1, Samples.MEMBER_ID, 1));
    }

    @Test
    void aDigestWhoseMembersWereAllErasedIsSuppressedAsEmpty() {
        profiles.clear();
        OutreachRequest digest = OutreachRequest.builder(Samples.STAFF_ID, "n-d0", OutreachKind.STAFF_DIGEST)
                .to(Recipient.staff(Samples.STAFF_ID))
                .data(TestFixtures.digestData(List.of("m-erased"), Map.of()))
                .build(NIGHT);
        OutreachDelivery.Result result = delivery(3).deliver(digest);
        assertThat(result.report().outcome()).isEqualTo(DeliveryOutcome.SUPPRESSED);
        assertThat(result.report().reason()).isEqualTo(DeliveryPolicy.EMPTY_DIGEST);
        assertThat(mailer.sent).isEmpty();
    }

    @Test
    void aDigestWithAnUnknownSeverityIsParkedAsInvalid() {
        Map<String, String> data = new HashMap<>(TestFixtures.digestData(List.of(Samples.MEMBER_ID), Map.of()));
        data.put("item.0.severity", "severe");
        OutreachRequest digest = OutreachRequest.builder(Samples.STAFF_ID, "n-d1", OutreachKind.STAFF_DIGEST)
                .to(Recipient.staff(Samples.STAFF_ID))
                .data(data)
                .build(NIGHT);
        OutreachDelivery.Result result = delivery(3).deliver(digest);
        assertThat(result.report().outcome()).isEqualTo(DeliveryOutcome.FAILED);
        assertThat(result.deadLetterReason()).contains("data.item.0.severity must be critical, high or medium");
    }

    private static OutreachRequest followUp(String id, String contactId, ConsentScope scope) {
        return OutreachRequest.builder(Samples.MEMBER_ID, id, OutreachKind.CONTACT_FOLLOW_UP)
                .to(Recipient.contact(contactId))
                .consentScope(scope)
                .escalationId(Samples.ESCALATION_ID)
                .urgency(Urgency.URGENT)
                .data(Map.of("reason", "help-requested"))
                .build(NIGHT);
    }

    @Test
    void theFollowUpGoesAtNightOnlyToAConfirmedContactWhoseConsentCoversTheEscalation() {
        profiles.put(
                Samples.MEMBER_ID,
                TestFixtures.withContacts(
                        Samples.memberProfile(),
                        List.of(
                                new SupportContact(
                                        "c-yes",
                                        "Robin",
                                        "robin@example.org",
                                        "friend",
                                        Set.of(ConsentScope.HELP_REQUESTED),
                                        ContactState.CONFIRMED),
                                new SupportContact(
                                        "c-invited",
                                        "Kim",
                                        "kim@example.org",
                                        "friend",
                                        Set.of(ConsentScope.HELP_REQUESTED),
                                        ContactState.INVITED))));
        OutreachDelivery delivery = delivery(3);

        assertThat(delivery.deliver(followUp("n-fu1", "c-yes", ConsentScope.HELP_REQUESTED))
                        .report()
                        .outcome())
                .isEqualTo(DeliveryOutcome.SENT);
        assertThat(delivery.deliver(followUp("n-fu2", "c-yes", ConsentScope.USE_REPORTED))
                        .report()
                        .reason())
                .isEqualTo(DeliveryPolicy.NO_CONSENT);
        assertThat(delivery.deliver(followUp("n-fu3", "c-invited", ConsentScope.HELP_REQUESTED))
                        .report()
                        .reason())
                .isEqualTo(DeliveryPolicy.NOT_CONFIRMED);
        assertThat(mailer.sent).singleElement().satisfies(e -> {
            assertThat(e.toAddress()).isEqualTo("robin@example.org");
            assertThat(e.text()).contains("Were you able to reach Sam?").contains("/r/");
        });
    }

    @Test
    void noMemberWindowEverHoldsStaffKindsOrTheFollowUp() {
        for (OutreachKind kind :
                List.of(OutreachKind.STAFF_FLAG, OutreachKind.STAFF_DIGEST, OutreachKind.CONTACT_FOLLOW_UP)) {
            OutreachRequest routine = OutreachRequest.builder(Samples.MEMBER_ID, "n", kind)
                    .to(Recipient.ON_CALL)
                    .build(NIGHT);
            assertThat(SendWindow.mayHold(routine)).as("%s", kind).isFalse();
        }
        OutreachRequest toStaff = OutreachRequest.builder(Samples.MEMBER_ID, "n", OutreachKind.PROMPTS_STOPPED)
                .to(Recipient.staff(Samples.STAFF_ID))
                .build(NIGHT);
        assertThat(new SendWindow(1).check(toStaff, Samples.memberProfile(), 5, NIGHT))
                .isEmpty();
        assertThat(LocalTime.ofInstant(NIGHT, Samples.memberProfile().timeZone()))
                .isEqualTo(LocalTime.of(23, 0));
    }
}
