package org.aftercare.streams.milestone;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.aftercare.events.JsonSerde;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.streams.deadline.DeadlineIndex;
import org.aftercare.streams.member.MemberFacts;
import org.aftercare.streams.member.MemberState;
import org.aftercare.streams.metrics.DecisionMetrics;
import org.aftercare.streams.outbox.Outbox;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Milestones, each congratulated exactly once per member, also across restarts and reprocessing:
 * days since the recovery start date in the member's time zone (see {@link Milestone}), and runs
 * of 7 and 30 answered check-ins. Each member has at most one entry in a due-time index (the next
 * day milestone, at the member's first check-in time on that local date; a {@link DeadlineIndex}),
 * which a wall-clock tick range-scans up to now, so a tick never touches members with nothing due. A store of
 * congratulated codes per member keeps a milestone from being sent twice.
 *
 * <p>A changed recovery date is honoured kindly: the next milestone is recomputed from the new
 * date; milestones already congratulated are never sent again, and milestones whose day has
 * passed are not sent late. Intents carry only the code ({@code milestone=days-30}); nothing
 * says "reset" or "back to zero". ROUTINE urgency: quiet hours may hold them. A member who turned
 * milestone messages off, or is paused or discharged, gets none; a member who chose not to count
 * days from their recovery date ({@code preferences.trackRecoveryDate} off) gets no day or year
 * milestone (their streak milestones still come), and none of the days passed meanwhile later.
 */
public final class Milestones implements MemberState {

    private static final Logger log = LoggerFactory.getLogger(Milestones.class);

    /** {@link MilestoneDue#key()} → the due milestone; at most one per member. */
    public static final String SCHEDULE = "milestone-schedule";
    /** memberId → the member's entry in {@link #SCHEDULE}. */
    public static final String NEXT = "milestone-next";
    /** memberId|code → when it was congratulated. */
    public static final String CONGRATULATED = "milestones-congratulated";

    public static final List<String> STORES = List.of(SCHEDULE, NEXT, CONGRATULATED);

    /** When the plan names no check-in time (never in practice): mid-morning, outside any usual quiet hours. */
    private static final LocalTime FALLBACK_TIME = LocalTime.of(10, 0);

    private final DecisionMetrics metrics;
    private DeadlineIndex<MilestoneDue> schedule;
    private KeyValueStore<String, MilestoneDue> next;
    private KeyValueStore<String, Instant> congratulated;
    private Function<String, MemberFacts> facts;

    public Milestones(DecisionMetrics metrics) {
        this.metrics = metrics;
    }

    public static List<StoreBuilder<?>> builders() {
        return List.of(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(SCHEDULE), Serdes.String(), new JsonSerde<>(MilestoneDue.class)),
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(NEXT), Serdes.String(), new JsonSerde<>(MilestoneDue.class)),
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(CONGRATULATED),
                        Serdes.String(),
                        new JsonSerde<>(Instant.class)));
    }

    public void init(ProcessorContext<?, ?> context, Function<String, MemberFacts> facts) {
        KeyValueStore<String, MilestoneDue> scheduleStore = context.getStateStore(SCHEDULE);
        this.schedule = new DeadlineIndex<>(scheduleStore, MilestoneDue::key);
        this.next = context.getStateStore(NEXT);
        this.congratulated = context.getStateStore(CONGRATULATED);
        this.facts = facts;
    }

    public static String notificationId(String memberId, String code) {
        return Outbox.notificationId(memberId, OutreachKind.MILESTONE, code, Recipient.MEMBER.key());
    }

    /** The member's profile changed: (re)compute the next day milestone if what it depends on changed. */
    public void profile(String memberId, MemberFacts member, Instant now) {
        MemberFacts m = member;
        MilestoneDue scheduled = next.get(memberId);
        if (m.recoveryStartDate() == null || m.timeZone() == null || !m.countsDays()) {
            // No date, or the member chose not to count days from it: no day milestone is due.
            unschedule(scheduled);
            return;
        }
        LocalTime time = timeOf(m);
        if (scheduled != null && scheduled.sameBasis(m.recoveryStartDate(), m.timeZone(), time)) {
            return;
        }
        unschedule(scheduled);
        LocalDate today = now.atZone(m.timeZone()).toLocalDate();
        scheduleNext(memberId, m.recoveryStartDate(), m.timeZone(), time, today, now);
    }

    /** A check-in was answered and the run of answered check-ins is now {@code answeredStreak}. */
    public void answeredStreak(String memberId, int answeredStreak, Instant now, Outbox out) {
        String code = Milestone.streak(answeredStreak);
        if (code != null) {
            congratulate(memberId, code, now, out);
        }
    }

    /**
     * Handles every milestone due at or before now, then schedules each member's next one. One
     * pass: a next milestone already due (its time of day passed) waits for the next tick.
     */
    public void tick(long nowMs, Outbox out) {
        Instant now = Instant.ofEpochMilli(nowMs);
        schedule.handleDue(nowMs, m -> {
            MilestoneDue current = next.get(m.memberId());
            if (current == null || !current.key().equals(m.key())) {
                return; // superseded by a changed profile
            }
            next.delete(m.memberId());
            congratulate(m.memberId(), m.code(), now, out);
            scheduleNext(
                    m.memberId(),
                    m.recoveryStart(),
                    m.timeZone(),
                    m.timeOfDay(),
                    m.date().plusDays(1),
                    now);
        });
    }

    @Override
    public void erase(String memberId) {
        unschedule(next.get(memberId));
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Instant> it = congratulated.prefixScan(memberId + "|", new StringSerializer())) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(congratulated::delete);
    }

    private void congratulate(String memberId, String code, Instant now, Outbox out) {
        String key = memberId + "|" + code;
        if (congratulated.get(key) != null) {
            return;
        }
        MemberFacts member = facts.apply(memberId);
        if (member == null
                || !member.active()
                || !member.wantsMilestones()
                || (!member.countsDays() && countsDays(code))) {
            log.debug("member {}: milestone {} not sent (inactive or turned off)", memberId, code);
            return;
        }
        congratulated.put(key, now);
        out.intent(OutreachRequest.builder(memberId, notificationId(memberId, code), OutreachKind.MILESTONE)
                .to(Recipient.MEMBER)
                .urgency(Urgency.ROUTINE)
                .data(Map.of("milestone", code))
                .build(now));
        metrics.milestone(Milestone.kindOf(code));
        log.info("member {}: milestone {} congratulated", memberId, code);
    }

    /** A milestone counted from the recovery date (days, years), not a run of check-ins. */
    private static boolean countsDays(String code) {
        return !Milestone.kindOf(code).equals("streak");
    }

    /** The first day milestone on or after {@code from} not yet congratulated, into the index. */
    private void scheduleNext(
            String memberId, LocalDate start, ZoneId zone, LocalTime time, LocalDate from, Instant now) {
        LocalDate today = now.atZone(zone).toLocalDate();
        LocalDate earliest = from.isAfter(today) ? from : today;
        for (Milestone m : Milestone.daysFrom(start, earliest)) {
            if (congratulated.get(memberId + "|" + m.code()) != null) {
                continue;
            }
            Instant at = m.date().atTime(time).atZone(zone).toInstant();
            MilestoneDue due =
                    new MilestoneDue(memberId, m.code(), m.date(), at.isBefore(now) ? now : at, start, zone, time);
            schedule.put(due);
            next.put(memberId, due);
            return;
        }
        next.delete(memberId);
    }

    private void unschedule(MilestoneDue scheduled) {
        if (scheduled != null) {
            schedule.remove(scheduled);
            next.delete(scheduled.memberId());
        }
    }

    private static LocalTime timeOf(MemberFacts m) {
        return m.firstCheckInTime() == null ? FALLBACK_TIME : m.firstCheckInTime();
    }
}
