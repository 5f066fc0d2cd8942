package org.aftercare.streams.summary;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
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
import org.aftercare.streams.outbox.Outbox;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The weekly summary email (issue 13), for members who asked for it on their progress page
 * ({@code preferences.weeklySummary}, off by default). In: profiles (the member's facts) and the
 * wall-clock tick. Out: once a week, on the {@link SummaryPolicy}'s day and time in the member's
 * time zone (default Sunday 18:00), one {@code weekly-summary} intent to the member, SCHEDULED, whose
 * data holds nothing: the email is a neutral note with the signed link to the progress page, where
 * the details are. A member who is paused, discharged or unsubscribed, or who turned the summary
 * off, gets none (the notifier checks the choice again at send time).
 *
 * <p>Each member has at most one entry in a due-time index ({@link DeadlineIndex}), which the tick
 * range-scans up to now, so a tick never touches members with nothing due. The member-local date
 * last summarised is kept per member, so a summary goes at most once for a week, also when the
 * profile changes (a new time zone) or the input is reprocessed; the notification id is
 * deterministic (member and date) for the notifier's duplicate check. A changed policy is picked up
 * at each member's next profile or next summary.
 */
public final class WeeklySummaries implements MemberState {

    private static final Logger log = LoggerFactory.getLogger(WeeklySummaries.class);

    /** {@link SummaryDue#key()} → the due summary; at most one per member. */
    public static final String SCHEDULE = "weekly-summary-schedule";
    /** memberId → the member's entry in {@link #SCHEDULE}. */
    public static final String NEXT = "weekly-summary-next";
    /** memberId → the member-local date of the last summary sent. */
    public static final String SENT = "weekly-summary-sent";

    public static final List<String> STORES = List.of(SCHEDULE, NEXT, SENT);

    private final SummaryPolicy policy;
    private DeadlineIndex<SummaryDue> schedule;
    private KeyValueStore<String, SummaryDue> next;
    private KeyValueStore<String, LocalDate> sent;
    private Function<String, MemberFacts> facts;

    public WeeklySummaries(SummaryPolicy policy) {
        this.policy = policy;
    }

    public static List<StoreBuilder<?>> builders() {
        return List.of(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(SCHEDULE), Serdes.String(), new JsonSerde<>(SummaryDue.class)),
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(NEXT), Serdes.String(), new JsonSerde<>(SummaryDue.class)),
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(SENT), Serdes.String(), new JsonSerde<>(LocalDate.class)));
    }

    public void init(ProcessorContext<?, ?> context, Function<String, MemberFacts> facts) {
        KeyValueStore<String, SummaryDue> scheduleStore = context.getStateStore(SCHEDULE);
        this.schedule = new DeadlineIndex<>(scheduleStore, SummaryDue::key);
        this.next = context.getStateStore(NEXT);
        this.sent = context.getStateStore(SENT);
        this.facts = facts;
    }

    /** The notification id of the member's summary for the week that ends on {@code date} (member-local). */
    public static String notificationId(String memberId, LocalDate date) {
        return Outbox.notificationId(memberId, OutreachKind.WEEKLY_SUMMARY, date.toString(), Recipient.MEMBER.key());
    }

    /** The member's profile changed: schedule, keep or drop their next summary. */
    public void profile(String memberId, MemberFacts member, Instant now) {
        SummaryDue scheduled = next.get(memberId);
        if (!member.wantsWeeklySummary()) {
            unschedule(scheduled);
            return;
        }
        ZoneId zone = member.zone();
        if (scheduled != null && scheduled.sameBasis(zone, policy)) {
            return;
        }
        unschedule(scheduled);
        scheduleFrom(memberId, zone, now.atZone(zone).toLocalDate(), now);
    }

    /** Sends every summary due at or before now, then schedules each member's next one, a week on. */
    public void tick(long nowMs, Outbox out) {
        Instant now = Instant.ofEpochMilli(nowMs);
        schedule.handleDue(nowMs, due -> {
            SummaryDue current = next.get(due.memberId());
            if (current == null || !current.key().equals(due.key())) {
                return; // superseded by a changed profile
            }
            next.delete(due.memberId());
            send(due, now, out);
            scheduleFrom(due.memberId(), due.timeZone(), due.date().plusDays(1), now);
        });
    }

    @Override
    public void erase(String memberId) {
        unschedule(next.get(memberId));
        sent.delete(memberId);
    }

    private void send(SummaryDue due, Instant now, Outbox out) {
        String memberId = due.memberId();
        MemberFacts member = facts.apply(memberId);
        if (member == null || !member.active() || !member.wantsWeeklySummary()) {
            log.debug("member {}: weekly summary not sent (inactive or turned off)", memberId);
            return;
        }
        if (due.date().equals(sent.get(memberId))) {
            return;
        }
        sent.put(memberId, due.date());
        out.intent(OutreachRequest.builder(memberId, notificationId(memberId, due.date()), OutreachKind.WEEKLY_SUMMARY)
                .to(Recipient.MEMBER)
                .urgency(Urgency.SCHEDULED)
                .data(Map.of())
                .build(now));
        log.info("member {}: weekly summary for {}", memberId, due.date());
    }

    /**
     * The first summary day on or after {@code from} (member-local) whose time is not yet past and
     * whose week was not summarised yet, into the index.
     */
    private void scheduleFrom(String memberId, ZoneId zone, LocalDate from, Instant now) {
        LocalDate date = from.with(TemporalAdjusters.nextOrSame(policy.day()));
        Instant at = date.atTime(policy.time()).atZone(zone).toInstant();
        LocalDate last = sent.get(memberId);
        while (at.isBefore(now) || date.equals(last)) {
            date = date.plusWeeks(1);
            at = date.atTime(policy.time()).atZone(zone).toInstant();
        }
        SummaryDue due = new SummaryDue(memberId, date, at, zone, policy.time());
        schedule.put(due);
        next.put(memberId, due);
    }

    private void unschedule(SummaryDue scheduled) {
        if (scheduled != null) {
            schedule.remove(scheduled);
            next.delete(scheduled.memberId());
        }
    }
}
