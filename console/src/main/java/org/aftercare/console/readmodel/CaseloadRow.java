package org.aftercare.console.readmodel;

import java.time.Instant;
import java.time.LocalDate;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.events.risk.RiskTier;

/**
 * One member on a caseload page, with what ranks them: open flags by severity, risk tier and days
 * since the tier's window started (the exit event, or a use after abstinence), the last answer,
 * and the answer rate over 14 days.
 *
 * @param tier null when streams has published no tier for the member yet
 * @param daysSinceWindowStart in the member's time zone; null without a window
 * @param daysSinceExit days since the latest exit event on the member record; null without one
 * @param lastAnswerAt null when the member never answered
 */
public record CaseloadRow(
        String memberId,
        String firstName,
        String externalId,
        MemberStatus status,
        RiskTier tier,
        LocalDate windowStartedOn,
        Integer daysSinceWindowStart,
        LocalDate latestExitOn,
        Integer daysSinceExit,
        LocalDate awayUntil,
        int openCritical,
        int openHigh,
        int openMedium,
        Instant lastAnswerAt,
        AnswerStatus lastAnswerStatus,
        AnswerRate answerRate) {

    public int openFlags() {
        return openCritical + openHigh + openMedium;
    }
}
