package org.aftercare.streams.flags;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aftercare.events.Ids;
import org.aftercare.events.JsonSerde;
import org.aftercare.events.outreach.OutreachEvent;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.StaffDigestData;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.staff.AlertCadence;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.streams.deadline.DeadlineIndex;
import org.aftercare.streams.metrics.DecisionMetrics;
import org.aftercare.streams.outbox.Codes;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Staff digests: the per-staff side of staff flags, keyed by staffId (a sub-topology of its own,
 * fed through an internal repartition topic). In: each flag as one care-team member's digest sees
 * it ({@link FlagItem}, from {@link StaffFlags}), the staff directory (global) and wall-clock
 * ticks. Out: {@code STAFF_DIGEST} intents keyed by the staffId, one per staff member and window.
 *
 * <p>It keeps every live flag of each staff member's care teams ({@value #ITEMS}). A flag raised or
 * updated with a severity the staff member takes by digest ({@link StaffMember#cadenceFor}: every
 * 3 hours or daily) marks the window it falls in ({@link DigestWindow}); once that window has ended
 * the digest lists every item still live then (acknowledged and contacted ones with their state;
 * resolved ones are gone), at most {@value StaffDigestData#MAX_ITEMS} (the limit the notifier holds
 * digests to). A window without news, or with nothing left
 * to list at its end, sends nothing; nor does one of an inactive staff member. The notification id
 * is {@code Ids.notificationId("staff-digest", staffId, windowStart)}, so a reprocessed window is
 * the same digest. Ids and codes only: no member data.
 */
public final class StaffDigests implements Processor<String, FlagItem, String, OutreachEvent> {

    private static final Logger log = LoggerFactory.getLogger(StaffDigests.class);

    /** staffId|memberId|flagId → the live {@link FlagItem}. */
    public static final String ITEMS = "staff-digest-items";
    /** {@link DigestWindow#key()} → a window with news; ordered by its end. */
    public static final String WINDOWS = "staff-digest-windows";

    public static final List<String> STORES = List.of(ITEMS, WINDOWS);

    private final Duration punctuateInterval;
    private final DecisionMetrics metrics;
    private ProcessorContext<String, OutreachEvent> context;
    private KeyValueStore<String, FlagItem> items;
    private DeadlineIndex<DigestWindow> windows;
    private StaffDirectory directory;
    private Cancellable ticker;

    public StaffDigests(Duration punctuateInterval, DecisionMetrics metrics) {
        this.punctuateInterval = punctuateInterval;
        this.metrics = metrics;
    }

    public static List<StoreBuilder<?>> storeBuilders() {
        return List.of(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(ITEMS), Serdes.String(), new JsonSerde<>(FlagItem.class)),
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(WINDOWS), Serdes.String(), new JsonSerde<>(DigestWindow.class)));
    }

    /** The notification id of one staff member's digest of one window. */
    public static String digestId(String staffId, Instant windowStart) {
        return Ids.notificationId("staff-digest", staffId, windowStart.toString());
    }

    @Override
    public void init(ProcessorContext<String, OutreachEvent> context) {
        this.context = context;
        this.items = context.getStateStore(ITEMS);
        KeyValueStore<String, DigestWindow> windowStore = context.getStateStore(WINDOWS);
        this.windows = new DeadlineIndex<>(windowStore, DigestWindow::key);
        this.directory = StaffDirectory.of(context);
        this.ticker = context.schedule(punctuateInterval, PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<String, FlagItem> record) {
        FlagItem item = record.value();
        if (item == null) {
            return;
        }
        if (!item.staffId().equals(record.key())) {
            throw new IllegalArgumentException("record key is not the staffId of its item");
        }
        String key = itemKey(item.staffId(), item.memberId(), item.flagId());
        if (!item.listed()) {
            items.delete(key);
            return;
        }
        items.put(key, item);
        StaffMember staff = directory.get(item.staffId());
        if (item.news() && staff != null && staff.active()) {
            AlertCadence cadence = staff.cadenceFor(item.severity());
            if (cadence != AlertCadence.IMMEDIATELY) {
                windows.put(DigestWindow.of(staff, cadence, item.at()));
            }
        }
    }

    /** Every window that ended by now: one digest per staff member and window end (a daily and a 3-hour one ending together are one). */
    void tick(long nowMs) {
        Instant now = Instant.ofEpochMilli(nowMs);
        Map<String, DigestWindow> byEnd = new HashMap<>();
        windows.handleDue(nowMs, window -> {
            String staffAndEnd = window.staffId() + "|" + window.end();
            DigestWindow kept = byEnd.get(staffAndEnd);
            if (kept == null || window.start().isBefore(kept.start())) {
                byEnd.put(staffAndEnd, window);
            }
        });
        byEnd.values().stream()
                .sorted(Comparator.comparing(DigestWindow::end).thenComparing(DigestWindow::staffId))
                .forEach(window -> digest(window, now));
    }

    private void digest(DigestWindow window, Instant now) {
        String staffId = window.staffId();
        StaffMember staff = directory.get(staffId);
        if (staff == null || !staff.active()) {
            log.info("digest window {} of staff member {} not sent: not active", window.start(), staffId);
            return;
        }
        List<FlagItem> open = itemsOf(staffId);
        if (open.isEmpty()) {
            log.debug("digest window {} of staff member {}: nothing left open", window.start(), staffId);
            return;
        }
        open.sort(Comparator.comparing(FlagItem::severity)
                .thenComparing(FlagItem::memberId)
                .thenComparing(FlagItem::flagId));
        Map<String, String> data = new HashMap<>();
        data.put("window", window.end().toString());
        int listed = Math.min(open.size(), StaffDigestData.MAX_ITEMS);
        data.put("items", Integer.toString(listed));
        data.put("more", Integer.toString(open.size() - listed));
        for (int i = 0; i < listed; i++) {
            FlagItem item = open.get(i);
            String p = "item." + i + ".";
            data.put(p + "memberId", item.memberId());
            data.put(p + "flagId", item.flagId());
            data.put(p + "severity", Codes.code(item.severity()));
            data.put(p + "reasons", StaffFlags.codes(item.reasons()));
            data.put(p + "state", Codes.code(item.state()));
        }
        OutreachRequest digest = OutreachRequest.builder(
                        staffId, digestId(staffId, window.start()), OutreachKind.STAFF_DIGEST)
                .to(Recipient.staff(staffId))
                .urgency(Urgency.ROUTINE)
                .data(data)
                .build(now);
        context.forward(new Record<>(staffId, digest, now.toEpochMilli()));
        metrics.intent(OutreachKind.STAFF_DIGEST);
        log.info("digest of window {} to staff member {}: {} items", window.start(), staffId, open.size());
    }

    private List<FlagItem> itemsOf(String staffId) {
        List<FlagItem> found = new ArrayList<>();
        try (KeyValueIterator<String, FlagItem> it = items.prefixScan(staffId + "|", new StringSerializer())) {
            it.forEachRemaining(kv -> found.add(kv.value));
        }
        return found;
    }

    private static String itemKey(String staffId, String memberId, String flagId) {
        return staffId + "|" + memberId + "|" + flagId;
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.cancel();
        }
    }
}
