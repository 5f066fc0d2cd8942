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
}
