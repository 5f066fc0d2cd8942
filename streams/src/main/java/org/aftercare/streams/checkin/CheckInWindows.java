package org.aftercare.streams.checkin;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.aftercare.streams.member.MemberFacts;

/**
 * When an unanswered check-in turns late: dueAt plus the grace, shorter in the high-risk window
 * (the first {@code highRiskDays} after treatment ended, when an overdose is most likely), and
 * never at or after respondBy: a grace that would reach respondBy is cut to half the window, so
 * the reminder still comes before the check-in is missed.
 */
public record CheckInWindows(Duration grace, Duration highRiskGrace, int highRiskDays) {

    public Instant lateAt(Instant dueAt, Instant respondBy, MemberFacts member) {
        Instant late = dueAt.plus(isHighRisk(dueAt, member) ? highRiskGrace : grace);
        if (late.isBefore(respondBy)) {
            return late;
        }
        return dueAt.plus(Duration.between(dueAt, respondBy).dividedBy(2));
    }

    /** True when the due date (in the member's time zone) is within the high-risk days after treatment ended. */
    public boolean isHighRisk(Instant dueAt, MemberFacts member) {
        if (member == null || member.treatmentEndedOn() == null || member.timeZone() == null) {
            return false;
        }
        LocalDate dueDate = dueAt.atZone(member.timeZone()).toLocalDate();
        return !dueDate.isAfter(member.treatmentEndedOn().plusDays(highRiskDays));
    }
}
