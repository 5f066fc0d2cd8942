package org.aftercare.console.pages;

import java.util.Collection;
import org.aftercare.events.flag.FlagReason;

/**
 * Why a flag was raised, in plain words for staff, wherever the console shows a flag's reasons
 * (the flag queue, the member page). The switch names every reason: a new one does not compile
 * until it has words here.
 */
final class ReasonWords {

    private ReasonWords() {}

    static String of(FlagReason reason) {
        return switch (reason) {
            case NEED_HELP -> "asked for help";
            case USE_IN_ELEVATED_TIER -> "reported use during a higher-risk period";
            case CRITICAL_MEASURE -> "a questionnaire answer needs attention now";
            case HIGH_MEASURE -> "questionnaire results call for follow-up";
            case MEDIUM_MEASURE -> "questionnaire results worth a look";
            case USE_REPORTED -> "reported use";
            case MISSED_IN_VERY_HIGH_TIER -> "missed a check-in during a very high-risk period";
            case CONSECUTIVE_MISSES -> "missed two check-ins in a row";
            case HIGH_CRAVING -> "high craving twice running";
            case LOW_ANSWER_RATE -> "answered fewer than half of the last 14 days' check-ins";
            case LOW_MOOD -> "low mood three times running";
            case CONTACT_DECLINED -> "a support contact declined";
        };
    }

    /** The reasons in words, separated by semicolons. */
    static String of(Collection<FlagReason> reasons) {
        return String.join("; ", reasons.stream().sorted().map(ReasonWords::of).toList());
    }
}
