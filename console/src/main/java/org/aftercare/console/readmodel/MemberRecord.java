package org.aftercare.console.readmodel;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.profile.ExitKind;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.events.risk.RiskCause;
import org.aftercare.events.risk.RiskTier;

/**
 * The head of a member's page: who they are (first name and program id only), where they stand
 * (status, tier and its window, the latest exit event, away until), their care team, and their
 * flags, open ones first (most severe, then oldest), then closed ones newest first.
 */
public record MemberRecord(
        String memberId,
        String externalId,
        String firstName,
        ZoneId timeZone,
        MemberStatus status,
        LocalDate treatmentEndedOn,
        LocalDate latestExitOn,
        ExitKind latestExitKind,
        Integer daysSinceExit,
        LocalDate awayUntil,
        RiskTier tier,
        Instant tierSince,
        LocalDate windowStartedOn,
        RiskCause riskCause,
        Integer daysSinceWindowStart,
        Instant lastAnswerAt,
        AnswerStatus lastAnswerStatus,
        AnswerRate answerRate,
        String primaryStaffId,
        List<String> otherStaffIds,
        List<FlagView> openFlags,
        List<FlagView> closedFlags) {

    public MemberRecord {
        otherStaffIds = List.copyOf(otherStaffIds);
        openFlags = List.copyOf(openFlags);
        closedFlags = List.copyOf(closedFlags);
    }
}
