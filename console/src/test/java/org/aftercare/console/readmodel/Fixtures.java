package org.aftercare.console.readmodel;

import java.time.DayOfWeek;
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
import org.aftercare.events.checkin.CheckInMissed;
import org.aftercare.events.flag.CaseFlag;
import org.aftercare.events.flag.FlagChange;
import org.aftercare.events.flag.FlagReason;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.flag.FlagState;
import org.aftercare.events.outreach.DeliveryOutcome;
import org.aftercare.events.outreach.DeliveryReport;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.profile.CheckInPlan;
import org.aftercare.events.profile.ExitEvent;
import org.aftercare.events.profile.ExitKind;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.events.risk.MemberRisk;
import org.aftercare.events.risk.RiskCause;
import org.aftercare.events.risk.RiskTier;
import org.aftercare.events.staff.CareTeam;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.events.staff.StaffRole;

/** Events for the read-model tests, built by hand with the values each test names. */
public final class Fixtures {

    public static final ZoneId UTC = ZoneId.of("UTC");

    private Fixtures() {}

    public static MemberProfile profile(
            String memberId, long revision, String firstName, String externalId, Instant at) {
        return new MemberProfile(
                "profile:" + memberId + ":" + revision,
                MemberProfile.SCHEMA_VERSION,
                at,
                memberId,
                revision,
                externalId,
                firstName,
                firstName.toLowerCase() + "@example.org",
                UTC,
                "en",
                MemberStatus.ACTIVE,
                LocalDate.parse("2026-02-20"),
                LocalDate.parse("2026-02-01"),
                new CheckInPlan(
                        EnumSet.allOf(DayOfWeek.class),
                        List.of(LocalTime.of(9, 0)),
                        LocalDate.parse("2026-02-21"),
                        null,
                        List.of()),
                List.of("Call my sister"),
                List.of(),
                null,
                List.of(new ExitEvent(ExitKind.COMPLETED_DETOX, LocalDate.parse("2026-03-01"))),
                null);
    }

    public static CareTeam team(String memberId, long revision, String primary, String... others) {
        return new CareTeam(
                "care:" + memberId + ":" + revision,
                CareTeam.SCHEMA_VERSION,
                Instant.parse("2026-03-01T00:00:00Z"),
                memberId,
                revision,
                primary,
                List.of(others));
    }

    public static StaffMember staff(String staffId, long revision, String name, StaffRole role) {
        return new StaffMember(
                "staff:" + staffId + ":" + revision,
                StaffMember.SCHEMA_VERSION,
                Instant.parse("2026-03-01T00:00:00Z"),
                staffId,
                revision,
                name,
                staffId + "@program.example.org",
                Set.of(role),
                Map.of(),
                null,
                UTC,
                true);
    }

    public static MemberRisk risk(String memberId, RiskTier tier, LocalDate windowStartedOn, Instant at) {
        RiskCause cause = windowStartedOn == null ? RiskCause.NONE : RiskCause.EXIT_EVENT;
        return new MemberRisk(
                "risk:" + memberId + ":" + tier + ":" + windowStartedOn,
                MemberRisk.SCHEMA_VERSION,
                at,
                memberId,
                tier,
                at,
                windowStartedOn,
                cause,
                cause == RiskCause.EXIT_EVENT ? ExitKind.COMPLETED_DETOX : null,
                null);
    }

    public static CaseFlag raised(String memberId, String flagId, FlagSeverity severity, Instant at) {
        FlagReason reason = switch (severity) {
            case CRITICAL -> FlagReason.NEED_HELP;
            case HIGH -> FlagReason.CONSECUTIVE_MISSES;
            case MEDIUM -> FlagReason.LOW_MOOD;
        };
        return raised(memberId, flagId, reason, at);
    }

    /** A flag just raised for {@code reason} (with the reason's severity). */
    public static CaseFlag raised(String memberId, String flagId, FlagReason reason, Instant at) {
        FlagSeverity severity = reason.severity();
        return new CaseFlag(
                flagId + ":1",
                CaseFlag.SCHEMA_VERSION,
                at,
                memberId,
                flagId,
                1,
                FlagChange.RAISED,
                severity,
                FlagState.OPEN,
                Set.of(reason),
                List.of("checkin-1"),
                Set.of(),
                at,
                at,
                List.of("on-call"),
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    public static CaseFlag acknowledged(CaseFlag flag, String staffId, Instant at) {
        return new CaseFlag(
                flag.flagId() + ":" + (flag.change() + 1),
                CaseFlag.SCHEMA_VERSION,
                at,
                flag.memberId(),
                flag.flagId(),
                flag.change() + 1,
                FlagChange.ACKNOWLEDGED,
                flag.severity(),
                FlagState.ACKNOWLEDGED,
                flag.reasons(),
                flag.evidence(),
                flag.categories(),
                flag.raisedAt(),
                at,
                flag.alerted(),
                staffId,
                at,
                null,
                null,
                null,
                null,
                null);
    }

    public static CheckInCompleted completed(String memberId, String checkInId, Instant dueAt) {
        return CheckInCompleted.of(memberId, checkInId, dueAt, dueAt.plusSeconds(600), false, dueAt.plusSeconds(601));
    }

    public static CheckInMissed missed(String memberId, String checkInId, Instant dueAt) {
        return CheckInMissed.of(memberId, checkInId, dueAt, 1, dueAt.plusSeconds(6 * 3600));
    }

    public static CheckInAnswered answered(
            String memberId, String checkInId, AnswerStatus status, int craving, int mood, String note, Instant at) {
        return CheckInAnswered.of(memberId, checkInId, "link-" + checkInId, status, craving, mood, note, at);
    }

    public static DeliveryReport delivered(
            String memberId, String notificationId, DeliveryOutcome outcome, Instant at) {
        return new DeliveryReport(
                notificationId + ":" + outcome,
                DeliveryReport.SCHEMA_VERSION,
                at,
                memberId,
                notificationId,
                OutreachKind.CHECK_IN_PROMPT,
                Recipient.MEMBER,
                outcome,
                outcome == DeliveryOutcome.BOUNCED ? "smtp-550" : null,
                1);
    }

    /**
     * A finished PHQ-9 (version 1) as the scheduler sends it: {@code phq2} the screen's score, {@code
     * total} the full form's (null when only the screen was given), the bands written by hand from
     * the shipped definition's bands, and the item-9 rule raised when {@code item9} is above 0.
     */
    public static org.aftercare.events.checkin.MeasureCompleted phq9(
            String memberId, String responseId, int phq2, Integer total, int item9, Instant at) {
        Map<String, Integer> values = new java.util.TreeMap<>();
        values.put("phq1", phq2 / 2);
        values.put("phq2", phq2 - phq2 / 2);
        Map<String, Integer> scores = new java.util.TreeMap<>();
        scores.put("phq-2", phq2);
        Map<String, String> bands = new java.util.TreeMap<>();
        bands.put("phq-2", phq2 >= 3 ? "positive-screen" : "negative-screen");
        if (total != null) {
            values.put("phq9", item9);
            scores.put("total", total);
            bands.put(
                    "total",
                    total >= 20
                            ? "severe"
                            : total >= 15
                                    ? "moderately-severe"
                                    : total >= 10 ? "moderate" : total >= 5 ? "mild" : "minimal");
        }
        List<org.aftercare.events.checkin.MeasureCompleted.RaisedRule> flags = item9 > 0
                ? List.of(new org.aftercare.events.checkin.MeasureCompleted.RaisedRule(
                        "item-9-above-0", FlagSeverity.CRITICAL))
                : List.of();
        return org.aftercare.events.checkin.MeasureCompleted.of(
                memberId, responseId, "qn-" + responseId, "phq-9", 1, values, scores, bands, flags, at);
    }

    /** A questionnaire of the plan sent at {@code dueAt}, its link open seven days (as the scheduler opens them). */
    public static org.aftercare.events.checkin.QuestionnaireDue questionnaireDue(
            String memberId, String questionnaireId, String instrumentId, Instant dueAt) {
        return org.aftercare.events.checkin.QuestionnaireDue.of(
                memberId, questionnaireId, instrumentId, dueAt, dueAt.plus(java.time.Duration.ofDays(7)), dueAt, false);
    }

    /** The questionnaire sent at {@code dueAt} expired unanswered seven days later. */
    public static org.aftercare.events.checkin.QuestionnaireMissed questionnaireMissed(
            String memberId, String questionnaireId, String instrumentId, Instant dueAt) {
        return org.aftercare.events.checkin.QuestionnaireMissed.of(
                memberId, questionnaireId, instrumentId, dueAt, dueAt.plus(java.time.Duration.ofDays(7)));
    }

    /** A finished questionnaire answering occurrence {@code questionnaireId}: one item, one score, no band. */
    public static org.aftercare.events.checkin.MeasureCompleted finished(
            String memberId, String responseId, String questionnaireId, String instrumentId, Instant at) {
        return org.aftercare.events.checkin.MeasureCompleted.of(
                memberId,
                responseId,
                questionnaireId,
                instrumentId,
                1,
                Map.of("sleep", 2),
                Map.of("total", 2),
                Map.of(),
                List.of(),
                at);
    }
}
