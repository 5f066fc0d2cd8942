package org.aftercare.streams.risk;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;
import org.aftercare.events.Json;
import org.aftercare.events.JsonSerde;
import org.aftercare.events.profile.ExitEvent;
import org.aftercare.events.risk.MemberRisk;
import org.aftercare.events.risk.RiskTier;
import org.aftercare.streams.deadline.DeadlineIndex;
import org.aftercare.streams.member.MemberFacts;
import org.aftercare.streams.member.MemberState;
import org.aftercare.streams.outbox.Outbox;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each member's risk tier, one owner (DESIGN.md, "Risk tiers"): very high for days 0 to
 * {@link RiskPolicy#veryHighDays()} after the latest exit event on the member record (member-local
 * dates, {@code MemberProfile.allExitEvents()}), high to {@link RiskPolicy#highDays()}, standard
 * after; a use reported after a clean stretch ({@link #useAfterAbstinence}, told by {@code answers}
 * with the clean-days rule of the escalation policy) opens a new very-high window by itself.
 *
 * <p>In: the member's facts (a changed profile), uses after abstinence, wall-clock ticks, erasure.
 * Out: every change of a member's tier on {@code member.risk} ({@link MemberRisk}, eventId from the
 * member, tier, window start and change number, {@code nextChangeOn} the day it will change by itself), including
 * the changes that come with the passage of time (day 15 → high, day 31 → standard), which sit in a
 * time-ordered index ({@link #DEADLINES}, a {@link DeadlineIndex}) at the start of that
 * member-local day; a tombstone when the member is erased ({@link #erased}). {@link #tierAt} answers
 * every other engine from the same rule, so the check-in windows and the staff flags never disagree
 * with what is published. Logs carry member ids and tier names only.
 */
public final class RiskTiers implements MemberState {

    private static final Logger log = LoggerFactory.getLogger(RiskTiers.class);

    /** memberId → {@link TierState}. */
    public static final String TIERS = "risk-tiers";
    /** {@link RiskDeadline#key()} → the deadline; at most one per member, ordered by time. */
    public static final String DEADLINES = "risk-deadlines";

    public static final List<String> STORES = List.of(TIERS, DEADLINES);

    private final RiskPolicy policy;
    private KeyValueStore<String, TierState> tiers;
    private DeadlineIndex<RiskDeadline> deadlines;
    private Function<String, MemberFacts> facts;

    public RiskTiers(RiskPolicy policy) {
        this.policy = policy;
    }

    public static List<StoreBuilder<?>> builders() {
        return List.of(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(TIERS), Serdes.String(), new JsonSerde<>(TierState.class)),
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(DEADLINES),
                        Serdes.String(),
                        new JsonSerde<>(RiskDeadline.class)));
    }

    /** Binds the stores; {@code facts} gives a member's latest facts (exit events, time zone) or null. */
    public void init(ProcessorContext<?, ?> context, Function<String, MemberFacts> facts) {
        this.tiers = context.getStateStore(TIERS);
        KeyValueStore<String, RiskDeadline> deadlineStore = context.getStateStore(DEADLINES);
        this.deadlines = new DeadlineIndex<>(deadlineStore, RiskDeadline::key);
        this.facts = facts;
    }

    /** The member's tier at {@code at} (on its member-local date); standard for a member not known. */
    public RiskTier tierAt(String memberId, Instant at) {
        return assess(facts.apply(memberId), stateOf(memberId), at).tier();
    }

    /**
     * The event id of a tier change: the member, the tier, the window it counts from and the
     * change's number (from 1), so a member back in a tier and window they had before (an exit
     * event removed) gets a change of its own for readers that de-duplicate by eventId.
     */
    public static String eventId(String memberId, RiskTier tier, LocalDate windowStartedOn, int change) {
        return "risk:" + memberId + ":" + Json.convert(tier, String.class) + ":"
                + (windowStartedOn == null ? "none" : windowStartedOn.toString()) + ":" + change;
    }

    /** The member's profile changed (exit events, time zone): publish the tier if it changed. */
    public void profile(String memberId, Instant now, Outbox out) {
        decide(memberId, now, out);
    }

    /**
     * A use was reported on {@code usedOn} (member-local) after a clean stretch: a new very-high
     * window opens that day. An earlier or repeated report changes nothing.
     */
    public void useAfterAbstinence(String memberId, LocalDate usedOn, Instant now, Outbox out) {
        TierState state = stateOf(memberId);
        if (state.useAfterAbstinenceOn() == null || usedOn.isAfter(state.useAfterAbstinenceOn())) {
            tiers.put(memberId, state.withUse(usedOn));
            // Not logged: it would say that this member reported a use (it is on member.risk).
        }
        decide(memberId, now, out);
    }

    /** Publishes the changes that came with the passage of time, each member's at the start of its day. */
    public void tick(long nowMs, Outbox out) {
        Instant now = Instant.ofEpochMilli(nowMs);
        deadlines.handleDue(nowMs, deadline -> {
            TierState state = tiers.get(deadline.memberId());
            if (state != null && deadline.at().equals(state.nextChangeAt())) {
                decide(deadline.memberId(), now, out);
            }
        });
    }

    /** Forgets the member's tier and its pending change (the tombstone is {@link #erased}). */
    @Override
    public void erase(String memberId) {
        TierState state = tiers.get(memberId);
        if (state != null) {
            unschedule(memberId, state);
            tiers.delete(memberId);
        }
    }

    /** The member was erased: a tombstone on {@code member.risk}, so compaction removes their tier. */
    public void erased(String memberId, Outbox out) {
        out.riskErased(memberId);
    }

    private void decide(String memberId, Instant now, Outbox out) {
        MemberFacts member = facts.apply(memberId);
        if (member == null) {
            return; // a tier is published for members with a profile
        }
        TierState state = stateOf(memberId);
        Assessment a = assess(member, state, now);
        ZoneId zone = MemberFacts.zoneOf(member);
        Instant nextAt = a.nextChangeOn() == null
                ? null
                : latest(a.nextChangeOn().atStartOfDay(zone).toInstant(), now);
        // (Re)schedule even when nothing is published: a changed time zone moves the start of the day.
        unschedule(memberId, state);
        if (nextAt != null) {
            deadlines.put(new RiskDeadline(memberId, nextAt));
        }
        if (state.tier() != null && state.says(a)) {
            tiers.put(memberId, state.published(a, nextAt, state.since()));
            return;
        }
        Instant since = a.tierStartedOn() == null
                ? (state.since() != null && state.cause() == a.cause() ? state.since() : now)
                : a.tierStartedOn().atStartOfDay(zone).toInstant();
        TierState published = state.published(a, nextAt, since).counted();
        tiers.put(memberId, published);
        out.risk(new MemberRisk(
                eventId(memberId, a.tier(), a.windowStartedOn(), published.changes()),
                MemberRisk.SCHEMA_VERSION,
                now,
                memberId,
                a.tier(),
                since,
                a.windowStartedOn(),
                a.cause(),
                a.exitKind(),
                a.nextChangeOn()));
        // Neither the tier nor its cause is logged (they say what the member answered): the change
        // is on member.risk. Debug only: a first tier is published for every member at start.
        log.debug("member {}: risk tier published ({} changes)", memberId, published.changes());
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isBefore(b) ? b : a;
    }

    private Assessment assess(MemberFacts member, TierState state, Instant at) {
        LocalDate today = at.atZone(MemberFacts.zoneOf(member)).toLocalDate();
        List<ExitEvent> exits = member == null ? List.of() : member.exitEvents();
        return Assessment.on(today, exits, state.useAfterAbstinenceOn(), policy);
    }

    private TierState stateOf(String memberId) {
        TierState state = tiers.get(memberId);
        return state == null ? TierState.NONE : state;
    }

    private void unschedule(String memberId, TierState state) {
        if (state.nextChangeAt() != null) {
            deadlines.remove(new RiskDeadline(memberId, state.nextChangeAt()));
        }
    }
}
