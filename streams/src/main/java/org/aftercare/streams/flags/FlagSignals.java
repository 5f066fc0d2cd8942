package org.aftercare.streams.flags;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the flag rules remember of a member's recent check-ins: the check-in ids of the current
 * run of high cravings and of low moods (a run ends with an answer that is neither), and each
 * check-in that closed in the last {@link FlagPolicy#ANSWER_RATE_DAYS} days, answered or missed,
 * with when it closed. Ids and times only: no answer content.
 */
public record FlagSignals(List<String> highCravings, List<String> lowMoods, List<Outcome> recent) {

    public static final FlagSignals NONE = new FlagSignals(List.of(), List.of(), List.of());

    /** One check-in that closed: answered, or missed. */
    public record Outcome(String checkInId, Instant at, boolean answered) {}

    public FlagSignals {
        highCravings = highCravings == null ? List.of() : List.copyOf(highCravings);
        lowMoods = lowMoods == null ? List.of() : List.copyOf(lowMoods);
        recent = recent == null ? List.of() : List.copyOf(recent);
    }

    FlagSignals cravings(boolean high, String checkInId) {
        return new FlagSignals(extended(highCravings, high, checkInId), lowMoods, recent);
    }

    FlagSignals moods(boolean low, String checkInId) {
        return new FlagSignals(highCravings, extended(lowMoods, low, checkInId), recent);
    }

    /** Records how a check-in closed (a late answer replaces its miss), forgetting what closed before the look-back. */
    FlagSignals closed(String checkInId, Instant at, boolean answered) {
        Instant since = at.minus(Duration.ofDays(FlagPolicy.ANSWER_RATE_DAYS));
        List<Outcome> kept = new ArrayList<>();
        for (Outcome o : recent) {
            if (!o.checkInId().equals(checkInId) && !o.at().isBefore(since)) {
                kept.add(o);
            }
        }
        kept.add(new Outcome(checkInId, at, answered));
        return new FlagSignals(highCravings, lowMoods, kept);
    }

    /** The ids of the missed check-ins at the end of the recent ones, the latest last. */
    List<String> trailingMisses() {
        List<String> run = new ArrayList<>();
        for (int i = recent.size() - 1; i >= 0 && !recent.get(i).answered(); i--) {
            run.addFirst(recent.get(i).checkInId());
        }
        return run;
    }

    private static List<String> extended(List<String> run, boolean continues, String checkInId) {
        if (!continues) {
            return List.of();
        }
        List<String> next = new ArrayList<>(run);
        if (!next.contains(checkInId)) {
            next.add(checkInId);
        }
        return next;
    }
}
