package org.aftercare.streams.checkin;

import java.time.Duration;
import java.time.Instant;
import org.aftercare.events.risk.RiskTier;

/**
 * The windows of one check-in, decided here and nowhere else, by the member's risk tier on its
 * due date (very high, high, standard; {@code risk.RiskTiers} owns the tier). The scheduler
 * announces only an upper bound (the plan's next due time); the check-in is missed at the earlier
 * of that and dueAt plus the tier's respond window, so the riskier the days, the sooner silence is
 * noticed. It turns late at dueAt plus the tier's grace, and never at or after respondBy: a grace
 * that would reach respondBy is cut to half the window, so the reminder still comes before the
 * check-in is missed.
 *
 * @param grace the standard tier's grace
 * @param respondWindow the standard tier's respond window
 * @param highGrace the high tier's grace
 * @param highRespondWindow the high tier's respond window
 * @param veryHighGrace the very-high tier's grace
 * @param veryHighRespondWindow the very-high tier's respond window
 */
public record CheckInWindows(
        Duration grace,
        Duration respondWindow,
        Duration highGrace,
        Duration highRespondWindow,
        Duration veryHighGrace,
        Duration veryHighRespondWindow) {

    /** When the check-in is missed: the announced respondBy, cut to the tier's respond window. */
    public Instant respondBy(Instant dueAt, Instant announced, RiskTier tier) {
        Instant byTier = dueAt.plus(respondWindowOf(tier));
        return byTier.isBefore(announced) ? byTier : announced;
    }

    /** When an unanswered check-in turns late (one gentle reminder): before respondBy, always. */
    public Instant lateAt(Instant dueAt, Instant respondBy, RiskTier tier) {
        Instant late = dueAt.plus(graceOf(tier));
        if (late.isBefore(respondBy)) {
            return late;
        }
        return dueAt.plus(Duration.between(dueAt, respondBy).dividedBy(2));
    }

    public Duration graceOf(RiskTier tier) {
        return switch (tier) {
            case VERY_HIGH -> veryHighGrace;
            case HIGH -> highGrace;
            case STANDARD -> grace;
        };
    }

    public Duration respondWindowOf(RiskTier tier) {
        return switch (tier) {
            case VERY_HIGH -> veryHighRespondWindow;
            case HIGH -> highRespondWindow;
            case STANDARD -> respondWindow;
        };
    }
}
