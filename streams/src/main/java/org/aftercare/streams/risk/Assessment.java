package org.aftercare.streams.risk;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.aftercare.events.profile.ExitEvent;
import org.aftercare.events.profile.ExitKind;
import org.aftercare.events.risk.RiskCause;
import org.aftercare.events.risk.RiskTier;

/**
 * A member's tier on one member-local date, worked out from the windows that can open one (each
 * exit event, and a use reported after a clean stretch): the latest window that has started
 * counts. {@code tierStartedOn} is the first day of this tier in that window; {@code nextChangeOn}
 * the day it changes by itself (the next tier of the window, or a recorded exit event still to
 * come), null when nothing will. A pure function, so every reader gets the same answer.
 */
record Assessment(
        RiskTier tier,
        LocalDate windowStartedOn,
        RiskCause cause,
        ExitKind exitKind,
        LocalDate tierStartedOn,
        LocalDate nextChangeOn) {

    static Assessment on(LocalDate today, List<ExitEvent> exits, LocalDate useAfterAbstinenceOn, RiskPolicy policy) {
        LocalDate start = null;
        ExitKind kind = null;
        LocalDate upcoming = null;
        for (ExitEvent e : exits) {
            if (e.date().isAfter(today)) {
                upcoming = earlier(upcoming, e.date());
            } else if (start == null || e.date().isAfter(start)) {
                start = e.date();
                kind = e.kind();
            }
        }
        RiskCause cause = start == null ? RiskCause.NONE : RiskCause.EXIT_EVENT;
        if (useAfterAbstinenceOn != null && !useAfterAbstinenceOn.isAfter(today)) {
            if (start == null || useAfterAbstinenceOn.isAfter(start)) {
                start = useAfterAbstinenceOn;
                kind = null;
                cause = RiskCause.USE_AFTER_ABSTINENCE;
            }
        }
        if (start == null) {
            return new Assessment(RiskTier.STANDARD, null, RiskCause.NONE, null, null, upcoming);
        }
        long day = ChronoUnit.DAYS.between(start, today);
        LocalDate highFrom = start.plusDays(policy.veryHighDays() + 1L);
        LocalDate standardFrom = start.plusDays(policy.highDays() + 1L);
        if (day <= policy.veryHighDays()) {
            return new Assessment(RiskTier.VERY_HIGH, start, cause, kind, start, earlier(upcoming, highFrom));
        }
        if (day <= policy.highDays()) {
            return new Assessment(RiskTier.HIGH, start, cause, kind, highFrom, earlier(upcoming, standardFrom));
        }
        return new Assessment(RiskTier.STANDARD, start, cause, kind, standardFrom, upcoming);
    }

    private static LocalDate earlier(LocalDate a, LocalDate b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
