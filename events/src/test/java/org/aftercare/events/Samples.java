package org.aftercare.events;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.checkin.CheckInAnswered;
import org.aftercare.events.checkin.CheckInCompleted;
import org.aftercare.events.checkin.CheckInDue;
import org.aftercare.events.checkin.CheckInLate;
import org.aftercare.events.checkin.CheckInMissed;
import org.aftercare.events.checkin.HelpRequested;
import org.aftercare.events.checkin.MeasureCompleted;
import org.aftercare.events.checkin.QuestionnaireDue;
import org.aftercare.events.checkin.QuestionnaireMissed;
import org.aftercare.events.contact.ContactConfirmed;
import org.aftercare.events.contact.ContactDeclined;
import org.aftercare.events.contact.ContactUnsubscribed;
import org.aftercare.events.contact.EscalationAcknowledged;
import org.aftercare.events.contact.ReachReported;
import org.aftercare.events.flag.CaseFlag;
import org.aftercare.events.flag.FlagChange;
import org.aftercare.events.flag.FlagOutcome;
import org.aftercare.events.flag.FlagReason;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.flag.FlagState;
import org.aftercare.events.outreach.DeliveryOutcome;
import org.aftercare.events.outreach.DeliveryReport;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.Away;
import org.aftercare.events.profile.CheckInPlan;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.profile.DateRange;
import org.aftercare.events.profile.ExitEvent;
import org.aftercare.events.profile.ExitKind;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.events.profile.Preferences;
import org.aftercare.events.profile.QuestionnaireSchedule;
import org.aftercare.events.profile.SupportContact;
import org.aftercare.events.risk.MemberRisk;
import org.aftercare.events.risk.RiskCause;
import org.aftercare.events.risk.RiskTier;
import org.aftercare.events.staff.AlertCadence;
import org.aftercare.events.staff.CareTeam;
import org.aftercare.events.staff.FlagAcknowledged;
import org.aftercare.events.staff.FlagContacted;
import org.aftercare.events.staff.FlagResolved;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.events.staff.StaffRole;

/**
 * One instance of every event type, equal to what the golden JSON files under
 * {@code golden/} read into. Shared with consumers' tests through the test jar.
 */
public final class Samples {

    public static final String MEMBER_ID = "3f1c9a52-7d0e-4b8e-9a51-2f6d1c0e8b77";
    public static final String CONTACT_ID = "c-1";
    public static final String QUESTIONNAIRE_ID = "qn-0b7d5a52-6c1e-3f4b-8a0d-51c2e9f3a7d4";
    public static final Instant NOW = Instant.parse("2026-03-08T14:00:00Z");
    public static final Instant DUE_AT = Instant.parse("2026-03-08T13:00:00Z");
    public static final Instant RESPOND_BY = Instant.parse("2026-03-08T19:00:00Z");
    public static final String CHECK_IN_ID = Ids.checkInId(MEMBER_ID, DUE_AT);
    public static final String ESCALATION_ID = Ids.escalationId(MEMBER_ID, "need-help:" + CHECK_IN_ID);
    public static final String NOTIFICATION_ID = Ids.notificationId(MEMBER_ID, "checkin-prompt", CHECK_IN_ID, "member");

    private Samples() {}

    public static MemberProfile memberProfile() {
        return new MemberProfile(
                "profile:" + MEMBER_ID + ":7",
                MemberProfile.SCHEMA_VERSION,
                NOW,
                MEMBER_ID,
                7,
                "EXT-1001",
                "Sam",
                "sam@example.org",
                ZoneId.of("America/New_York"),
                "en",
                MemberStatus.ACTIVE,
                LocalDate.parse("2026-02-20"),
                LocalDate.parse("2026-02-01"),
                new CheckInPlan(
                        EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.SUNDAY),
                        List.of(LocalTime.of(9, 0), LocalTime.of(20, 30)),
                        LocalDate.parse("2026-02-21"),
                        null,
                        List.of(new DateRange(LocalDate.parse("2026-04-01"), LocalDate.parse("2026-04-03"))),
                        List.of(
                                QuestionnaireSchedule.weekly(
                                        "weekly-reflection", DayOfWeek.SUNDAY, LocalTime.of(18, 0)),
                                QuestionnaireSchedule.everyDays("phq-9", 14, LocalTime.of(18, 30)),
                                QuestionnaireSchedule.monthly("bam", 1, LocalTime.of(10, 0)))),
                List.of("Call my sister", "Walk around the block", "Go to the 7pm meeting"),
                List.of(
                        new SupportContact(
                                CONTACT_ID,
                                "Alex",
                                "alex@example.org",
                                "sibling",
                                Set.of(ConsentScope.MISSED_CHECK_INS, ConsentScope.HELP_REQUESTED),
                                ContactState.CONFIRMED,
                                "inv-1"),
                        new SupportContact(
                                "c-2",
                                "Jordan",
                                "jordan@example.org",
                                "sponsor",
                                Set.of(ConsentScope.HELP_REQUESTED),
                                ContactState.INVITED,
                                "inv-2")),
                new Preferences(LocalTime.of(21, 0), LocalTime.of(8, 0), true, true, false, true, true),
                List.of(new ExitEvent(ExitKind.COMPLETED_DETOX, LocalDate.parse("2026-03-01"))),
                new Away(LocalDate.parse("2026-03-20"), false, Away.SetBy.MEMBER));
    }

    public static final String STAFF_ID = "staff-1";
    public static final String FLAG_ID = Ids.flagId(MEMBER_ID, "need-help:" + CHECK_IN_ID);

    public static StaffMember staffMember() {
        return new StaffMember(
                "staff:" + STAFF_ID + ":3",
                StaffMember.SCHEMA_VERSION,
                NOW,
                STAFF_ID,
                3,
                "Dana Reyes",
                "dana.reyes@program.example.org",
                Set.of(StaffRole.CLINICIAN),
                Map.of(FlagSeverity.HIGH, AlertCadence.IMMEDIATELY, FlagSeverity.MEDIUM, AlertCadence.DAILY_DIGEST),
                LocalTime.of(8, 30),
                ZoneId.of("America/New_York"),
                true);
    }

    public static CareTeam careTeam() {
        return new CareTeam(
                "care:" + MEMBER_ID + ":2", CareTeam.SCHEMA_VERSION, NOW, MEMBER_ID, 2, STAFF_ID, List.of("staff-2"));
    }

    public static MemberRisk memberRisk() {
        return new MemberRisk(
                "risk:" + MEMBER_ID + ":very-high:2026-03-01",
                MemberRisk.SCHEMA_VERSION,
                NOW,
                MEMBER_ID,
                RiskTier.VERY_HIGH,
                NOW,
                LocalDate.parse("2026-03-01"),
                RiskCause.EXIT_EVENT,
                ExitKind.COMPLETED_DETOX,
                LocalDate.parse("2026-03-16"));
    }

    public static CaseFlag caseFlag() {
        return new CaseFlag(
                FLAG_ID + ":2",
                CaseFlag.SCHEMA_VERSION,
                NOW,
                MEMBER_ID,
                FLAG_ID,
                2,
                FlagChange.ACKNOWLEDGED,
                FlagSeverity.CRITICAL,
                FlagState.ACKNOWLEDGED,
                Set.of(FlagReason.NEED_HELP),
                List.of(CHECK_IN_ID),
                Set.of("need-help"),
                DUE_AT,
                NOW,
                List.of(STAFF_ID, CaseFlag.ON_CALL),
                STAFF_ID,
                NOW,
                null,
                null,
                null,
                null,
                null);
    }

    public static FlagAcknowledged flagAcknowledged() {
        return FlagAcknowledged.of("act-1", MEMBER_ID, STAFF_ID, FLAG_ID, NOW);
    }

    public static FlagContacted flagContacted() {
        return FlagContacted.of("act-2", MEMBER_ID, STAFF_ID, FLAG_ID, NOW);
    }

    public static FlagResolved flagResolved() {
        return FlagResolved.of("act-3", MEMBER_ID, STAFF_ID, FLAG_ID, FlagOutcome.REACHED_SAFE, NOW);
    }

    public static ReachReported reachReported() {
        return ReachReported.of("tok-5", MEMBER_ID, CONTACT_ID, ESCALATION_ID, false, NOW);
    }

    public static CheckInDue checkInDue() {
        return CheckInDue.of(MEMBER_ID, DUE_AT, RESPOND_BY, DUE_AT, false);
    }

    public static CheckInAnswered checkInAnswered() {
        return CheckInAnswered.of(
                MEMBER_ID, CHECK_IN_ID, "link-1", AnswerStatus.STRUGGLING, 6, 2, "Rough day at work.", NOW);
    }

    /** A PHQ-9 with a positive screen and item 9 above 0 (made-up values): total 11, moderate, critical rule. */
    public static MeasureCompleted measureCompleted() {
        return MeasureCompleted.of(
                MEMBER_ID,
                "resp-1",
                "q-1",
                "phq-9",
                1,
                Map.of(
                        "phq1", 1, "phq2", 2, "phq3", 1, "phq4", 0, "phq5", 3, "phq6", 2, "phq7", 1, "phq8", 0, "phq9",
                        1),
                Map.of("phq-2", 3, "total", 11),
                Map.of("phq-2", "positive-screen", "total", "moderate"),
                List.of(new MeasureCompleted.RaisedRule("item-9-above-0", FlagSeverity.CRITICAL)),
                NOW);
    }

    public static HelpRequested helpRequested() {
        return HelpRequested.of(MEMBER_ID, "req-1", NOW);
    }

    public static CheckInCompleted checkInCompleted() {
        return CheckInCompleted.of(MEMBER_ID, CHECK_IN_ID, DUE_AT, NOW, false, NOW);
    }

    public static CheckInLate checkInLate() {
        return CheckInLate.of(MEMBER_ID, CHECK_IN_ID, DUE_AT, Instant.parse("2026-03-08T15:00:00Z"));
    }

    public static QuestionnaireDue questionnaireDue() {
        return QuestionnaireDue.of(
                MEMBER_ID,
                QUESTIONNAIRE_ID,
                "weekly-reflection",
                DUE_AT,
                DUE_AT.plus(Duration.ofDays(7)),
                DUE_AT,
                false);
    }

    public static QuestionnaireMissed questionnaireMissed() {
        return QuestionnaireMissed.of(
                MEMBER_ID, QUESTIONNAIRE_ID, "weekly-reflection", DUE_AT, DUE_AT.plus(Duration.ofDays(7)));
    }

    public static CheckInMissed checkInMissed() {
        return CheckInMissed.of(MEMBER_ID, CHECK_IN_ID, DUE_AT, 2, RESPOND_BY);
    }

    public static ContactConfirmed contactConfirmed() {
        return ContactConfirmed.of("tok-1", MEMBER_ID, CONTACT_ID, NOW);
    }

    public static ContactDeclined contactDeclined() {
        return ContactDeclined.of("tok-2", MEMBER_ID, "c-2", NOW);
    }

    public static ContactUnsubscribed contactUnsubscribed() {
        return ContactUnsubscribed.of("tok-3", MEMBER_ID, CONTACT_ID, NOW);
    }

    public static EscalationAcknowledged escalationAcknowledged() {
        return EscalationAcknowledged.of("tok-4", MEMBER_ID, CONTACT_ID, ESCALATION_ID, NOW);
    }

    public static OutreachRequest outreachRequest() {
        return OutreachRequest.builder(MEMBER_ID, NOTIFICATION_ID, OutreachKind.CHECK_IN_PROMPT)
                .to(Recipient.MEMBER)
                .urgency(Urgency.SCHEDULED)
                .checkInId(CHECK_IN_ID)
                .expiresAt(RESPOND_BY)
                .data(Map.of("respondBy", RESPOND_BY.toString()))
                .build(DUE_AT);
    }

    public static OutreachRequest escalationRequest() {
        String id = Ids.notificationId(MEMBER_ID, "escalation-alert", ESCALATION_ID, "1", "contact:" + CONTACT_ID);
        return OutreachRequest.builder(MEMBER_ID, id, OutreachKind.ESCALATION_ALERT)
                .to(Recipient.contact(CONTACT_ID))
                .urgency(Urgency.URGENT)
                .consentScope(ConsentScope.HELP_REQUESTED)
                .escalationId(ESCALATION_ID)
                .data(Map.of("step", "1", "reason", "help-requested"))
                .build(NOW);
    }

    public static DeliveryReport deliveryReport() {
        return DeliveryReport.of(outreachRequest(), DeliveryOutcome.SENT, null, 1, NOW);
    }
}
