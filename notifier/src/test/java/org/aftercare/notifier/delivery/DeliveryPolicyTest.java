package org.aftercare.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.aftercare.events.Samples;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.RecipientRole;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.events.profile.SupportContact;
import org.aftercare.notifier.TestFixtures;
import org.aftercare.notifier.render.EmailRenderer;
import org.aftercare.notifier.staff.FlagAlert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DeliveryPolicyTest {

    private final DeliveryPolicy policy = new DeliveryPolicy("oncall@example.org");
    private static final Instant now = Samples.NOW;

    private static MemberProfile profileWithContact(ContactState state, Set<ConsentScope> consent) {
        return TestFixtures.withContacts(
                Samples.memberProfile(),
                List.of(new SupportContact("c-9", "Robin", "robin@example.org", "friend", consent, state)));
    }

    private static OutreachRequest alertTo(String contactId, ConsentScope scope) {
        return OutreachRequest.builder(Samples.MEMBER_ID, "n-alert", OutreachKind.ESCALATION_ALERT)
                .to(Recipient.contact(contactId))
                .urgency(Urgency.URGENT)
                .consentScope(scope)
                .escalationId(Samples.ESCALATION_ID)
                .build(now);
    }

    private Decision decide(OutreachRequest request, MemberProfile profile) {
        return policy.decide(request, Optional.ofNullable(profile), now);
    }

    @Test
    void aStaffFlagToOnCallCarriesItsDataAsReadToTheEmail() {
        OutreachRequest flag = OutreachRequest.builder(Samples.MEMBER_ID, "n-flag", OutreachKind.STAFF_FLAG)
                .to(Recipient.ON_CALL)
                .urgency(Urgency.URGENT)
                .data(TestFixtures.flagData("critical", "need-help, consecutive-misses"))
                .build(now);
        assertThat(decide(flag, Samples.memberProfile()))
                .isInstanceOfSatisfying(
                        Decision.Send.class,
                        s -> assertThat(s.flag())
                                .isEqualTo(new FlagAlert(
                                        Samples.FLAG_ID,
                                        FlagSeverity.CRITICAL,
                                        List.of("need-help", "consecutive-misses"),
                                        "raised")));
    }

    @Test
    void aConfirmedContactWithTheScopeIsSentTo() {
        Decision d = decide(
                alertTo("c-9", ConsentScope.MISSED_CHECK_INS),
                profileWithContact(ContactState.CONFIRMED, Set.of(ConsentScope.MISSED_CHECK_INS)));
        assertThat(d)
                .isInstanceOfSatisfying(
                        Decision.Send.class, s -> assertThat(s.address()).isEqualTo("robin@example.org"));
    }

    @Test
    void aContactWhoHasNotConfirmedIsNotTold() {
        assertThat(decide(
                        alertTo("c-9", ConsentScope.MISSED_CHECK_INS),
                        profileWithContact(ContactState.INVITED, Set.of(ConsentScope.MISSED_CHECK_INS))))
                .isEqualTo(new Decision.Suppress(DeliveryPolicy.NOT_CONFIRMED));
        assertThat(decide(
                        alertTo("c-9", ConsentScope.MISSED_CHECK_INS),
                        profileWithContact(ContactState.DECLINED, Set.of(ConsentScope.MISSED_CHECK_INS))))
                .isEqualTo(new Decision.Suppress(DeliveryPolicy.NOT_CONFIRMED));
    }

    @Test
    void aConfirmedContactWithoutThatScopeIsNotTold() {
        assertThat(decide(
                        alertTo("c-9", ConsentScope.USE_REPORTED),
                        profileWithContact(ContactState.CONFIRMED, Set.of(ConsentScope.MISSED_CHECK_INS))))
                .isEqualTo(new Decision.Suppress(DeliveryPolicy.NO_CONSENT));
    }

    @Test
    void anUnsubscribedContactIsNotTold() {
        assertThat(decide(
                        alertTo("c-9", ConsentScope.MISSED_CHECK_INS),
                        profileWithContact(ContactState.UNSUBSCRIBED, Set.of(ConsentScope.MISSED_CHECK_INS))))
                .isEqualTo(new Decision.Suppress(DeliveryPolicy.UNSUBSCRIBED));
    }

    @Test
    void aContactNoLongerInTheProfileIsNotTold() {
        assertThat(decide(alertTo("c-gone", ConsentScope.HELP_REQUESTED), Samples.memberProfile()))
                .isEqualTo(new Decision.Suppress(DeliveryPolicy.UNKNOWN_CONTACT));
    }

    @Test
    void anInvitationGoesOnlyToAContactStillInvited() {
        OutreachRequest invite = OutreachRequest.builder(Samples.MEMBER_ID, "n-inv", OutreachKind.CONTACT_INVITATION)
                .to(Recipient.contact("c-9"))
                .consentScope(ConsentScope.MISSED_CHECK_INS)
                .build(now);
        assertThat(decide(invite, profileWithContact(ContactState.INVITED, Set.of(ConsentScope.MISSED_CHECK_INS))))
                .isInstanceOf(Decision.Send.class);
        assertThat(decide(invite, profileWithContact(ContactState.DECLINED, Set.of(ConsentScope.MISSED_CHECK_INS))))
                .isEqualTo(new Decision.Suppress(DeliveryPolicy.NOT_INVITED));
    }

    @Test
    void aContactTheMemberSharesNothingWithGetsNoInvitation() {
        OutreachRequest invite = OutreachRequest.builder(Samples.MEMBER_ID, "n-inv", OutreachKind.CONTACT_INVITATION)
                .to(Recipient.contact("c-9"))
                .consentScope(ConsentScope.MISSED_CHECK_INS)
                .build(now);
        assertThat(decide(invite, profileWithContact(ContactState.INVITED, Set.of())))
                .isEqualTo(new Decision.Suppress(DeliveryPolicy.NO_CONSENT));
    }

    @Test
    void anUnsubscribedMemberStillGetsTheRepliesToTheirOwnRequestForHelpOrReportOfUse() {
        for (MemberStatus status : MemberStatus.values()) {
            MemberProfile unsubscribed = TestFixtures.unsubscribed(Samples.memberProfile(), status);
            for (OutreachKind kind : List.of(OutreachKind.CRISIS_SUPPORT, OutreachKind.OVERDOSE_SAFETY)) {
                for (Urgency urgency : Urgency.values()) {
                    OutreachRequest reply = OutreachRequest.builder(Samples.MEMBER_ID, "n-" + kind, kind)
                            .urgency(urgency)
                            .build(now);
                    assertThat(decide(reply, unsubscribed))
                            .as("%s, %s, %s", kind, urgency, status)
                            .isInstanceOfSatisfying(
                                    Decision.Send.class,
                                    s -> assertThat(s.address()).isEqualTo("sam@example.org"));
                }
            }
        }
    }

    @Test
    void aPausedOrDischargedMemberStillGetsTheRepliesToTheirOwnRiskyAnswer() {
        for (MemberStatus status : List.of(MemberStatus.PAUSED, MemberStatus.DISCHARGED)) {
            MemberProfile inactive = TestFixtures.with(Samples.memberProfile(), 8, "sam@example.org", status);
            OutreachRequest safety = OutreachRequest.builder(Samples.MEMBER_ID, "n-s", OutreachKind.OVERDOSE_SAFETY)
                    .urgency(Urgency.ROUTINE)
                    .build(now);
            assertThat(decide(safety, inactive)).as("%s", status).isInstanceOf(Decision.Send.class);
        }
    }

    @Test
    void everythingElseToAnUnsubscribedMemberIsSuppressed() {
        MemberProfile unsubscribed = TestFixtures.unsubscribed(Samples.memberProfile(), MemberStatus.PAUSED);
        for (OutreachKind kind : OutreachKind.values()) {
            if (kind == OutreachKind.CRISIS_SUPPORT
                    || kind == OutreachKind.OVERDOSE_SAFETY
                    || EmailRenderer.primaryAudience(kind) == RecipientRole.STAFF) {
                continue; // the replies to a risky answer go; a staff kind never goes to the member
            }
            for (Urgency urgency : Urgency.values()) {
                OutreachRequest request = OutreachRequest.builder(Samples.MEMBER_ID, "n-" + kind, kind)
                        .urgency(urgency)
                        .checkInId(Samples.CHECK_IN_ID)
                        .data(TestFixtures.questionnaireData())
                        .build(now);
                assertThat(decide(request, unsubscribed))
                        .as("%s, %s", kind, urgency)
                        .isEqualTo(new Decision.Suppress(DeliveryPolicy.UNSUBSCRIBED));
            }
        }
    }

    @Test
    void theWeeklySummaryGoesOnlyWhileTheMemberStillWantsIt() {
        MemberProfile sam = Samples.memberProfile();
        OutreachRequest summary = OutreachRequest.builder(Samples.MEMBER_ID, "n-week", OutreachKind.WEEKLY_SUMMARY)
                .urgency(Urgency.SCHEDULED)
                .build(now);

        assertThat(decide(
                        summary,
                        TestFixtures.withPreferences(sam, sam.preferences().withWeeklySummary(true))))
                .isInstanceOfSatisfying(
                        Decision.Send.class, s -> assertThat(s.address()).isEqualTo("sam@example.org"));
        assertThat(decide(
                        summary,
                        TestFixtures.withPreferences(sam, sam.preferences().withWeeklySummary(false))))
                .isEqualTo(new Decision.Suppress(DeliveryPolicy.PREFERENCE_OFF));
    }

    @Test
    void aMemberWhoStoppedCountingDaysGetsNoDayMilestoneButStillTheirStreak() {
        MemberProfile sam = Samples.memberProfile();
        MemberProfile notCounting =
                TestFixtures.withPreferences(sam, sam.preferences().withTrackRecoveryDate(false));
        for (String code : List.of("days-30", "years-2")) {
            OutreachRequest milestone = OutreachRequest.builder(Samples.MEMBER_ID, "n-" + code, OutreachKind.MILESTONE)
                    .data(Map.of("milestone", code))
                    .build(now);
            assertThat(decide(milestone, notCounting))
                    .as(code)
                    .isEqualTo(new Decision.Suppress(DeliveryPolicy.PREFERENCE_OFF));
            assertThat(decide(milestone, sam)).as(code).isInstanceOf(Decision.Send.class);
        }
        OutreachRequest streak = OutreachRequest.builder(Samples.MEMBER_ID, "n-streak", OutreachKind.MILESTONE)
                .data(Map.of("milestone", "streak-7"))
                .build(now);
        assertThat(decide(streak, notCounting)).isInstanceOf(Decision.Send.class);
    }

    @Test
    void anUnknownOrErasedMemberGetsNothing() {
        assertThat(decide(Samples.outreachRequest(), null))
                .isEqualTo(new Decision.Suppress(DeliveryPolicy.UNKNOWN_MEMBER));
    }

    @Test
    void anExpiredIntentIsNotSent() {
        assertThat(policy.decide(Samples.outreachRequest(), Optional.of(Samples.memberProfile()), Samples.RESPOND_BY))
                .isEqualTo(new Decision.Suppress(DeliveryPolicy.EXPIRED));
    }

    @ParameterizedTest
    @EnumSource(
            value = OutreachKind.class,
            names = {"QUESTIONNAIRE_PROMPT", "QUESTIONNAIRE_REMINDER"})
    void aQuestionnaireEmailGoesLikeTheCheckInPromptOnlyToAnActiveMemberStillSubscribed(OutreachKind kind) {
        OutreachRequest request = TestFixtures.questionnaireIntent(kind, TestFixtures.questionnaireData());
        MemberProfile sam = Samples.memberProfile();

        assertThat(decide(request, sam))
                .isInstanceOfSatisfying(
                        Decision.Send.class, s -> assertThat(s.address()).isEqualTo("sam@example.org"));
        assertThat(decide(request, TestFixtures.unsubscribed(sam, MemberStatus.ACTIVE)))
                .isEqualTo(new Decision.Suppress(DeliveryPolicy.UNSUBSCRIBED));
        for (MemberStatus status : List.of(MemberStatus.PAUSED, MemberStatus.DISCHARGED)) {
            assertThat(decide(request, TestFixtures.with(sam, 8, "sam@example.org", status)))
                    .as("%s", status)
                    .isEqualTo(new Decision.Suppress(DeliveryPolicy.MEMBER_INACTIVE));
        }
        assertThat(decide(request, null)).isEqualTo(new Decision.Suppress(DeliveryPolicy.UNKNOWN_MEMBER));
    }

    @ParameterizedTest
    @EnumSource(
            value = OutreachKind.class,
            names = {"QUESTIONNAIRE_PROMPT", "QUESTIONNAIRE_REMINDER"})
    void aQuestionnaireEmailIsNotSentOnceTheQuestionnaireHasClosed(OutreachKind kind) {
        Optional<MemberProfile> sam = Optional.of(Samples.memberProfile());
        Instant closes = Instant.parse("2026-03-15T13:00:00Z");
        OutreachRequest withExpiry = TestFixtures.questionnaireIntent(kind, TestFixtures.questionnaireData());
        // Streams sets both; should the intent's own expiry be missing, the data's closing time still stops it.
        OutreachRequest dataOnly = OutreachRequest.builder(Samples.MEMBER_ID, "n-data-only", kind)
                .urgency(Urgency.SCHEDULED)
                .data(TestFixtures.questionnaireData())
                .build(now);

        for (OutreachRequest request : List.of(withExpiry, dataOnly)) {
            assertThat(policy.decide(request, sam, closes.minusSeconds(1))).isInstanceOf(Decision.Send.class);
            assertThat(policy.decide(request, sam, closes)).isEqualTo(new Decision.Suppress(DeliveryPolicy.EXPIRED));
            assertThat(policy.decide(request, sam, closes.plusSeconds(3600)))
                    .isEqualTo(new Decision.Suppress(DeliveryPolicy.EXPIRED));
        }
    }

    @Test
    void aPausedMemberGetsNoRoutineMailButStillGetsUrgentOnes() {
        MemberProfile paused = TestFixtures.with(Samples.memberProfile(), 8, "sam@example.org", MemberStatus.PAUSED);
        assertThat(decide(Samples.outreachRequest(), paused))
                .isEqualTo(new Decision.Suppress(DeliveryPolicy.MEMBER_INACTIVE));
        OutreachRequest crisis = OutreachRequest.builder(Samples.MEMBER_ID, "n-c", OutreachKind.CRISIS_SUPPORT)
                .urgency(Urgency.URGENT)
                .build(now);
        assertThat(decide(crisis, paused)).isInstanceOf(Decision.Send.class);
    }

    @Test
    void theMemberIsSentToAtTheAddressInTheLatestProfile() {
        MemberProfile moved = TestFixtures.with(Samples.memberProfile(), 8, "sam.new@example.org", MemberStatus.ACTIVE);
        assertThat(decide(Samples.outreachRequest(), moved))
                .isInstanceOfSatisfying(
                        Decision.Send.class, s -> assertThat(s.address()).isEqualTo("sam.new@example.org"));
    }

    @Test
    void onCallGoesToTheConfiguredAddressOrNowhere() {
        OutreachRequest onCall = OutreachRequest.builder(Samples.MEMBER_ID, "n-o", OutreachKind.ESCALATION_ALERT)
                .to(Recipient.ON_CALL)
                .urgency(Urgency.URGENT)
                .build(now);
        assertThat(decide(onCall, Samples.memberProfile()))
                .isInstanceOfSatisfying(
                        Decision.Send.class, s -> assertThat(s.address()).isEqualTo("oncall@example.org"));
        assertThat(new DeliveryPolicy(null).decide(onCall, Optional.of(Samples.memberProfile()), now))
                .isEqualTo(new Decision.Suppress(DeliveryPolicy.NO_ON_CALL_ADDRESS));
    }
}
