package org.aftercare.streams.risk;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import org.aftercare.events.profile.ExitKind;
import org.aftercare.events.risk.RiskCause;
import org.aftercare.events.risk.RiskTier;

/**
 * What {@link RiskTiers} keeps per member: the tier last published (null before the first) with
 * its window, cause and next change, the instant that change is scheduled at, and the member-local
 * date of the latest use reported after a clean stretch (the window that use opened; null: none),
 * and how many changes were published ({@code changes}, numbering each change's eventId; null in
 * entries written before it was kept, read as 0). Ids, dates and enums only.
 */
public record TierState(
        RiskTier tier,
        LocalDate windowStartedOn,
        RiskCause cause,
        ExitKind exitKind,
        LocalDate nextChangeOn,
        Instant nextChangeAt,
        Instant since,
        LocalDate useAfterAbstinenceOn,
        Integer changes) {

    static final TierState NONE = new TierState(null, null, null, null, null, null, null, null, 0);

    public TierState {
        changes = changes == null ? 0 : changes;
    }

    TierState withUse(LocalDate usedOn) {
        return new TierState(
                tier, windowStartedOn, cause, exitKind, nextChangeOn, nextChangeAt, since, usedOn, changes);
    }

    /** The same, with one more change published. */
    TierState counted() {
        return new TierState(
                tier,
                windowStartedOn,
                cause,
                exitKind,
                nextChangeOn,
                nextChangeAt,
                since,
                useAfterAbstinenceOn,
                changes + 1);
    }

    TierState published(Assessment a, Instant nextAt, Instant publishedSince) {
        return new TierState(
                a.tier(),
                a.windowStartedOn(),
                a.cause(),
                a.exitKind(),
                a.nextChangeOn(),
                nextAt,
                publishedSince,
                useAfterAbstinenceOn,
                changes);
    }

    /** Does the tier last published say the same as this assessment? */
    boolean says(Assessment a) {
        return tier == a.tier()
                && cause == a.cause()
                && exitKind == a.exitKind()
                && Objects.equals(windowStartedOn, a.windowStartedOn())
                && Objects.equals(nextChangeOn, a.nextChangeOn());
    }
}
