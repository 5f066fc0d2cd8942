package org.aftercare.streams.checkin;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.aftercare.streams.member.MemberFacts;

/**
 * The windows of one check-in, decided here and nowhere else. In the high-risk window (the first
 * {@code highRiskDays} after treatment ended, when an overdose is most likely) a check-in is missed
 * sooner: its respondBy is the earlier of what the scheduler announced (its standard window) and
 * dueAt plus {@code highRiskRespondWindow}. It turns late at dueAt plus the grace (shorter in the
 * high-risk window), and never at or after respondBy: a grace that would reach respondBy is cut to
 * half the window, so the reminder still comes before the check-in is missed.
 */
public record CheckInWindows(Duration grace, Duration highRiskGrace, int highRiskDays, Duration highRiskRespondWindow) {

    /** When the check-in is missed: the announced respondBy, cut to the high-risk window for a member in it. */
    public Instant respondBy(Instant dueAt, Instant announced, MemberFacts member) {
        if (!isHighRisk(dueAt, member)) {
            return announced;
        }
        Instant highRisk = dueAt.plus(highRiskRespondWindow);
        return highRisk.isBefore(announced) ? highRisk : announced;
    }

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
