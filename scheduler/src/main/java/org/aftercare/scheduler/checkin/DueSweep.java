package org.aftercare.scheduler.checkin;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.aftercare.events.Ids;
import org.aftercare.events.Json;
import org.aftercare.events.checkin.CheckInDue;
import org.aftercare.events.profile.CheckInPlan;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.scheduler.SchedulerConfig;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.plan.CheckInTimes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits every check-in that has fallen due. It reads the due-time index ({@code checkin_schedule},
 * ordered by {@code next_due_utc}) in batches, publishes one {@code checkin.due} per due row,
 * records it, and advances the row to the member's next planned instant, all in one database
 * transaction that commits only after Kafka acknowledged the batch. A crash in between re-emits
 * the same check-ins with the same ids (they are derived from member and due instant).
 *
 * <p>After downtime, a slot that fell due within the catch-up window is still emitted, once,
 * marked {@code catchUp}; older slots are recorded as skipped, so nobody gets a burst of stale
 * prompts. On PostgreSQL rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so several
 * scheduler instances share the work and never emit the same row twice.
 *
 * <p><b>Claimed ahead, released at the due instant.</b> Each sweep also reads the check-ins that
 * fall due within the next {@link #claimAhead} (the sweep interval and a margin) and prepares them:
 * plan read, next instant and respondBy computed, event serialized. That read takes no lock and
 * writes nothing, so a crash before the release leaves every row due, and the ordinary sweep emits
 * it. At the due instant a timer releases the slot, batch by batch: one query locks the rows that
 * are still due at that instant for a member whose revision is the one prepared (every change to a
 * member, a pause, discharge, erasure, plan or time-zone edit or absence, bumps it), the prepared
 * records of those are sent, the rows written, and the transaction commits after Kafka
 * acknowledged, as above. A row that changed after it was prepared is not sent from the prepared
 * record; it is left to the ordinary sweep, which runs right after the release and reads it afresh
 * (a paused member is no longer due; an edited plan emits what the new plan says).
 */
public final class DueSweep implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DueSweep.class);
    private static final int BATCH = 5_000;
    private static final int WORKERS = 3;
    private static final ExecutorService WORKER_POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "due-sweep-worker");
        t.setDaemon(true);
        return t;
    });
    /** A check-in is announced as open at most this long (when the plan has no check-in sooner). */
    static final Duration LONGEST_OPEN = Duration.ofDays(2);
    /** The emit lag a due check-in should stay under (a bucket of {@code outreach.checkins.emit.lag}). */
    public static final Duration EMIT_LAG_TARGET = Duration.ofSeconds(10);

    /** A slot emitted this much after its due time is flagged as a catch-up. */
    private static final Duration CATCH_UP_THRESHOLD = Duration.ofMinutes(1);
    /** How much longer than the sweep interval check-ins are claimed ahead (time to prepare a peak slot). */
    static final Duration CLAIM_MARGIN = Duration.ofSeconds(10);

    private static final ScheduledExecutorService RELEASE_TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "due-release-timer");
        t.setDaemon(true);
        return t;
    });

    private final Database db;
    private final EventPublisher publisher;
    private final SchedulerConfig config;
    private final CheckInTimes checkInTimes;
    private final Clock clock;
    private final Counter emitted;
    private final Counter catchUps;
    private final Counter skipped;
    private final Counter late;
    private final Timer lag;
    private final Counter released;
    private final Duration claimAhead;
    /** Prepared slots by due instant, until released (or given up to the ordinary sweep). */
    private final ConcurrentSkipListMap<Instant, Slot> slots = new ConcurrentSkipListMap<>();
    /** Emitting (a release or a drain) is one at a time per instance; preparing runs beside it. */
    private final ReentrantLock emitting = new ReentrantLock();
    /** Everything due up to this instant has been prepared (guarded by {@code this}). */
    private Instant preparedUpTo;

    private volatile boolean closed;

    public DueSweep(
            Database db, EventPublisher publisher, SchedulerConfig config, Clock clock, MeterRegistry registry) {
        this.db = db;
        this.publisher = publisher;
        this.config = config;
        this.checkInTimes = new CheckInTimes(config.checkInCadence());
        this.clock = clock;
        this.emitted = Counter.builder("outreach.checkins.due.emitted").register(registry);
        this.catchUps = Counter.builder("outreach.checkins.catchup").register(registry);
        this.skipped = Counter.builder("outreach.checkins.skipped").register(registry);
        this.late = Counter.builder("outreach.checkins.emitted.late")
                .description("check-ins emitted more than OUTREACH_LATE_THRESHOLD after their due time")
                .register(registry);
        this.lag = Timer.builder("outreach.checkins.emit.lag")
                .description("from a check-in's due time to its emission")
                .serviceLevelObjectives(lagBuckets(config.lateThreshold()))
                .register(registry);
        this.released = Counter.builder("outreach.checkins.due.released")
                .description("check-ins emitted from records prepared ahead of their due instant")
                .register(registry);
        this.claimAhead = config.sweepInterval().plus(CLAIM_MARGIN);
    }

    /**
     * Buckets of the emit lag: the 10 s target, the configured late threshold, and steps up to the
     * catch-up range, so the share of late emissions reads from the buckets across every replica.
     */
    static Duration[] lagBuckets(Duration lateThreshold) {
        TreeSet<Duration> buckets = new TreeSet<>(List.of(
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                EMIT_LAG_TARGET,
                Duration.ofSeconds(30),
                Duration.ofMinutes(1),
                Duration.ofMinutes(5),
                Duration.ofMinutes(15),
                Duration.ofHours(1)));
        buckets.add(lateThreshold);
        return buckets.toArray(Duration[]::new);
    }

    private record DueRow(
            String memberId,
            Instant dueAt,
            ZoneId zone,
            MemberStatus status,
            CheckInPlan plan,
            LocalDate awayUntil,
            long revision) {

        /** Was the member set away on the check-in's local day (kept for their progress page)? */
        boolean away() {
            return awayUntil != null && !dueAt.atZone(zone).toLocalDate().isAfter(awayUntil);
        }
    }

    /**
     * Releases the prepared slots now due (if their timer has not yet), handles everything else
     * due at {@code clock.instant()}, batch by batch, then prepares what falls due within
     * {@link #claimAhead}; returns how many check-ins it handled itself. On PostgreSQL {@value #WORKERS} workers claim batches side by side (SKIP LOCKED gives
     * each row to one of them), so one batch's Kafka acknowledgements and commit overlap the next
     * batch's work; on H2 one worker does it all.
     */
    public int sweep() {
        if (closed) {
            return 0;
        }
        int total = 0;
        for (Slot slot : slots.headMap(clock.instant(), true).values()) {
            total += release(slot);
        }
        emitting.lock();
        try {
            total += drainAll();
        } finally {
            emitting.unlock();
        }
        try {
            prepareAhead();
        } catch (RuntimeException e) {
            // Nothing is lost: what was not prepared is emitted by the sweep after its due instant.
            log.warn("preparing the next check-ins ahead failed, they are swept when due: {}", e.toString());
        }
        return total;
    }

    private int drainAll() {
        return inWorkers(this::drain);
    }

    /** Runs {@code work} on {@value #WORKERS} workers side by side on PostgreSQL, on this thread on H2; the sum of what they returned. */
    private int inWorkers(Supplier<Integer> work) {
        int workers = db.isPostgres() ? WORKERS : 1;
        if (workers == 1) {
            return work.get();
        }
        List<CompletableFuture<Integer>> running = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            running.add(CompletableFuture.supplyAsync(work, WORKER_POOL));
        }
        int total = 0;
        RuntimeException failure = null;
        for (var r : running) {
            try {
                total += r.join();
            } catch (CompletionException e) {
                failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            }
        }
        if (failure != null) {
            throw failure;
        }
        return total;
    }

    private int drain() {
        int total = 0;
        int handled;
        do {
            Instant now = clock.instant();
            handled = db.inTransaction(c -> sweepBatch(c, now));
            total += handled;
        } while (handled > 0);
        return total;
    }

    /** A check-in prepared ahead: its row as read, what it announces, and its record, serialized. */
    private record Prepared(
            String memberId,
            long revision,
            String checkInId,
            boolean away,
            Instant respondBy,
            Instant next,
            EventPublisher.Serialized record) {}

    /** The prepared check-ins of one due instant, in batches; released once, by the timer or by a sweep. */
    private static final class Slot {
        final Instant dueAt;
        final List<List<Prepared>> batches = new ArrayList<>();
        final AtomicBoolean taken = new AtomicBoolean();
        final CompletableFuture<Integer> done = new CompletableFuture<>();

        Slot(Instant dueAt) {
            this.dueAt = dueAt;
        }
    }

    /**
     * Reads and prepares what falls due after what was prepared so far, up to {@link #claimAhead}
     * from now, and sets a timer for each new slot's due instant. Reads only: no lock, no write.
     */
    private synchronized void prepareAhead() {
        Instant now = clock.instant();
        Instant from = preparedUpTo == null || preparedUpTo.isBefore(now) ? now : preparedUpTo;
        Instant to = now.plus(claimAhead);
        if (!to.isAfter(from)) {
            return;
        }
        // Read here, parsed and serialized below on as many threads as there are cores.
        List<StoredRow> rows = db.inTransaction(c -> {
            List<StoredRow> read = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT s.member_id, s.next_due_utc, m.time_zone, m.plan_json, m.away_until, m.revision
                    FROM checkin_schedule s JOIN member m ON m.member_id = s.member_id
                    WHERE s.next_due_utc > ? AND s.next_due_utc <= ? AND m.status = 'ACTIVE'
                    ORDER BY s.next_due_utc""")) {
                ps.setTimestamp(1, Timestamp.from(from));
                ps.setTimestamp(2, Timestamp.from(to));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        read.add(new StoredRow(
                                rs.getString(1),
                                rs.getTimestamp(2).toInstant(),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getObject(5, LocalDate.class),
                                rs.getLong(6)));
                    }
                }
            }
            return read;
        });
        preparedUpTo = to;
        List<Slot> fresh = new ArrayList<>();
        ConcurrentLinkedQueue<Runnable> parts = new ConcurrentLinkedQueue<>();
        int i = 0;
        while (i < rows.size()) {
            Instant dueAt = rows.get(i).dueAt();
            Slot slot = new Slot(dueAt);
            fresh.add(slot);
            int j = i;
            while (j < rows.size() && rows.get(j).dueAt().equals(dueAt)) {
                j++;
            }
            for (int k = i; k < j; k += BATCH) {
                List<StoredRow> part = rows.subList(k, Math.min(j, k + BATCH));
                List<Prepared> batch = new ArrayList<>(part.size());
                slot.batches.add(batch);
                parts.add(() -> part.forEach(r -> batch.add(prepare(r))));
            }
            i = j;
        }
        List<CompletableFuture<Void>> work = new ArrayList<>();
        for (int t = Math.min(parts.size(), Runtime.getRuntime().availableProcessors()); t > 0; t--) {
            work.add(CompletableFuture.runAsync(
                    () -> {
                        Runnable part;
                        while ((part = parts.poll()) != null) {
                            part.run();
                        }
                    },
                    WORKER_POOL));
        }
        try {
            CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
        if (!rows.isEmpty()) {
            log.info(
                    "prepared {} check-ins due from {} in {} ms",
                    rows.size(),
                    rows.getFirst().dueAt(),
                    Duration.between(now, clock.instant()).toMillis());
        }
        for (Slot s : fresh) {
            // The ranges read never overlap, so a due instant has one slot; a second would be skipped
            // here and its rows emitted by the ordinary sweep.
            if (slots.putIfAbsent(s.dueAt, s) == null) {
                scheduleRelease(s);
            }
        }
    }

    /** A row as stored, read ahead of its due instant, before its plan is parsed. */
    private record StoredRow(
            String memberId, Instant dueAt, String zone, String planJson, LocalDate awayUntil, long revision) {}

    private Prepared prepare(StoredRow stored) {
        CheckInPlan plan;
        try {
            plan = Json.readerFor(CheckInPlan.class).readValue(stored.planJson());
        } catch (JsonProcessingException e) {
            // Not the parser's exception: its message quotes the stored text.
            throw new IllegalStateException(
                    "a stored plan is unreadable (" + e.getClass().getSimpleName() + ")");
        }
        DueRow row = new DueRow(
                stored.memberId(),
                stored.dueAt(),
                ZoneId.of(stored.zone()),
                MemberStatus.ACTIVE,
                plan,
                stored.awayUntil(),
                stored.revision());
        Optional<Instant> next = next(row);
        Instant respondBy = latestClose(row.dueAt(), next);
        // occurredAt is the due instant: the check-in opens then, and it is sent no earlier.
        CheckInDue due = CheckInDue.of(row.memberId(), row.dueAt(), respondBy, row.dueAt(), false);
        return new Prepared(
                row.memberId(),
                row.revision(),
                due.checkInId(),
                row.away(),
                respondBy,
                next.orElse(null),
                EventPublisher.serializeDue(due));
    }

    /**
     * Drops the prepared slots (a release under way finishes): nothing of them was written, so the
     * next sweep of any instance emits them, as after a crash.
     */
    @Override
    public void close() {
        closed = true;
        slots.clear();
    }

    private void scheduleRelease(Slot slot) {
        long delay = Math.max(0, Duration.between(clock.instant(), slot.dueAt).toMillis());
        RELEASE_TIMER.schedule(
                () -> WORKER_POOL.execute(() -> {
                    try {
                        if (closed) {
                            return;
                        }
                        if (clock.instant().isBefore(slot.dueAt)) {
                            // Early (a clock set back, a test's clock): try again; a sweep may take it first.
                            if (!slot.taken.get()) {
                                scheduleRelease(slot);
                            }
                            return;
                        }
                        release(slot);
                    } catch (RuntimeException e) {
                        log.warn("releasing check-ins failed, the sweep emits them: {}", e.toString());
                    }
                }),
                delay,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Emits a prepared slot once (a second caller waits for the first), then sweeps what is due
     * as usual: rows that changed after they were prepared, or were not prepared at all. Returns the
     * number this call emitted. A slot released more than a minute late is given up to the ordinary
     * sweep, which marks its check-ins as catch-ups.
     */
    private int release(Slot slot) {
        if (!slot.taken.compareAndSet(false, true)) {
            slot.done.join();
            return 0;
        }
        int total = 0;
        emitting.lock();
        try {
            Instant now = clock.instant();
            if (!now.isBefore(slot.dueAt.plus(CATCH_UP_THRESHOLD))) {
                return 0;
            }
            // Each worker takes a share of the slot in one transaction: every batch of it locked and
            // sent first, then the rows written while Kafka acknowledges, so no send waits for a write.
            int workers = db.isPostgres() ? WORKERS : 1;
            ConcurrentLinkedQueue<List<List<Prepared>>> shares = new ConcurrentLinkedQueue<>();
            for (int w = 0; w < workers; w++) {
                List<List<Prepared>> share = new ArrayList<>();
                for (int b = w; b < slot.batches.size(); b += workers) {
                    share.add(slot.batches.get(b));
                }
                shares.add(share);
            }
            total += inWorkers(() -> {
                List<List<Prepared>> share = shares.poll();
                return share == null || share.isEmpty() ? 0 : db.inTransaction(c -> releaseShare(c, slot.dueAt, share));
            });
            total += drainAll();
            return total;
        } finally {
            slots.remove(slot.dueAt, slot);
            emitting.unlock();
            slot.done.complete(total);
        }
    }

    /**
     * A share of a prepared slot, in one transaction: batch by batch, locks the rows of the batch
     * and sends the records of those still due at {@code dueAt} for the revision prepared; then
     * writes their rows and commits after every acknowledgement. The others are left as they are,
     * for the sweep.
     */
    private int releaseShare(Connection c, Instant dueAt, List<List<Prepared>> share) throws SQLException {
        List<EventPublisher.Pending> acks = new ArrayList<>(share.size());
        List<Prepared> sent = new ArrayList<>();
        for (List<Prepared> batch : share) {
            List<Prepared> go = stillDue(c, dueAt, batch);
            acks.add(publisher.sendSerialized(go.stream().map(Prepared::record).toList()));
            sent.addAll(go);
        }
        if (sent.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        List<Object[]> records = new ArrayList<>(sent.size());
        List<Object[]> nexts = new ArrayList<>(sent.size());
        for (Prepared p : sent) {
            records.add(new Object[] {p.memberId(), dueAt, p.respondBy(), "EMITTED", p.away(), p.checkInId()});
            nexts.add(new Object[] {p.memberId(), p.next()});
        }
        record(c, records, now);
        setNext(c, nexts);
        acks.forEach(EventPublisher.Pending::await);
        Duration behind = Duration.between(dueAt, now);
        for (int i = 0; i < sent.size(); i++) {
            lag.record(behind.isNegative() ? Duration.ZERO : behind);
        }
        if (behind.compareTo(config.lateThreshold()) > 0) {
            late.increment(sent.size());
        }
        emitted.increment(sent.size());
        released.increment(sent.size());
        return sent.size();
    }

    /**
     * Locks the batch's rows (by primary key; on PostgreSQL skipping rows another transaction holds)
     * and returns those still due at {@code dueAt} for the revision they were prepared from.
     */
    private List<Prepared> stillDue(Connection c, Instant dueAt, List<Prepared> batch) throws SQLException {
        Map<String, Long> still = new HashMap<>(batch.size() * 2);
        String lock = db.isPostgres() ? "FOR UPDATE OF s SKIP LOCKED" : "FOR UPDATE";
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT s.member_id, s.next_due_utc, m.revision
                FROM checkin_schedule s JOIN member m ON m.member_id = s.member_id
                WHERE s.member_id = ANY(?)
                """ + lock)) {
            ps.setArray(
                    1,
                    c.createArrayOf(
                            "VARCHAR", batch.stream().map(Prepared::memberId).toArray(String[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp next = rs.getTimestamp(2);
                    if (next != null && next.toInstant().equals(dueAt)) {
                        still.put(rs.getString(1), rs.getLong(3));
                    }
                }
            }
        }
        List<Prepared> go = new ArrayList<>(still.size());
        for (Prepared p : batch) {
            Long revision = still.get(p.memberId());
            if (revision != null && revision == p.revision()) {
                go.add(p);
            }
        }
        return go;
    }

    /**
     * One batch; returns the number handled, 0 when nothing was due. The batch's records go to
     * Kafka first; the database rows are written (in statement batches) while the broker
     * acknowledges, and the transaction commits only after every acknowledgement.
     */
    private int sweepBatch(Connection c, Instant now) throws SQLException {
        List<DueRow> rows = claim(c, now);
        if (rows.isEmpty()) {
            return 0;
        }
        List<CheckInDue> dues = new ArrayList<>();
        List<Object[]> records = new ArrayList<>(rows.size());
        List<Object[]> nexts = new ArrayList<>(rows.size());
        for (DueRow row : rows) {
            if (row.status() != MemberStatus.ACTIVE) {
                nexts.add(new Object[] {row.memberId(), null});
                continue;
            }
            // The latest close the plan allows: the member's next planned check-in (at most LONGEST_OPEN
            // after this one). How long the check-in really stays open follows the member's risk tier,
            // and that is streams' decision alone (it owns the risk and the respond windows).
            Optional<Instant> next = next(row);
            Instant respondBy = latestClose(row.dueAt(), next);
            boolean tooOld = row.dueAt().isBefore(now.minus(config.catchUpWindow()));
            if (tooOld) {
                records.add(new Object[] {
                    row.memberId(),
                    row.dueAt(),
                    respondBy,
                    "SKIPPED",
                    row.away(),
                    Ids.checkInId(row.memberId(), row.dueAt())
                });
                skipped.increment();
            } else {
                boolean catchUp = row.dueAt().isBefore(now.minus(CATCH_UP_THRESHOLD));
                CheckInDue due = CheckInDue.of(row.memberId(), row.dueAt(), respondBy, now, catchUp);
                dues.add(due);
                records.add(
                        new Object[] {row.memberId(), row.dueAt(), respondBy, "EMITTED", row.away(), due.checkInId()});
                if (catchUp) {
                    catchUps.increment();
                }
                Duration behind = Duration.between(row.dueAt(), now);
                lag.record(behind.isNegative() ? Duration.ZERO : behind);
                if (behind.compareTo(config.lateThreshold()) > 0) {
                    late.increment();
                }
            }
            nexts.add(new Object[] {row.memberId(), next.orElse(null)});
        }
        EventPublisher.Pending acks = publisher.sendDue(dues);
        record(c, records, now);
        setNext(c, nexts);
        acks.await();
        emitted.increment(dues.size());
        if (!dues.isEmpty()) {
            log.debug("emitted {} due check-ins", dues.size());
        }
        return rows.size();
    }

    /** The respondBy announced on {@code checkin.due}: the next planned check-in, capped at {@link #LONGEST_OPEN}. */
    static Instant latestClose(Instant dueAt, Optional<Instant> next) {
        Instant cap = dueAt.plus(LONGEST_OPEN);
        return next.filter(n -> n.isBefore(cap)).orElse(cap);
    }

    private Optional<Instant> next(DueRow row) {
        return checkInTimes.after(row.plan(), row.zone(), row.dueAt());
    }

    private List<DueRow> claim(Connection c, Instant now) throws SQLException {
        String lock = db.isPostgres() ? "FOR UPDATE OF s SKIP LOCKED" : "FOR UPDATE";
        List<DueRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT s.member_id, s.next_due_utc, m.time_zone, m.status, m.plan_json, m.away_until, m.revision
                FROM checkin_schedule s JOIN member m ON m.member_id = s.member_id
                WHERE s.next_due_utc <= ?
                ORDER BY s.next_due_utc
                FETCH FIRST ? ROWS ONLY
                """ + lock)) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setInt(2, BATCH);
            readRows(ps, rows);
        }
        return rows;
    }

    private static void readRows(PreparedStatement ps, List<DueRow> rows) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new DueRow(
                        rs.getString(1),
                        rs.getTimestamp(2).toInstant(),
                        ZoneId.of(rs.getString(3)),
                        MemberStatus.valueOf(rs.getString(4)),
                        Json.readerFor(CheckInPlan.class).readValue(rs.getString(5)),
                        rs.getObject(6, LocalDate.class),
                        rs.getLong(7)));
            }
        } catch (JsonProcessingException e) {
            // Not the parser's exception: its message quotes the stored text.
            throw new IllegalStateException(
                    "a stored plan is unreadable (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static void setNext(Connection c, List<Object[]> nexts) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE checkin_schedule SET next_due_utc = ? WHERE member_id = ?")) {
            for (Object[] n : nexts) {
                ps.setTimestamp(1, n[1] == null ? null : Timestamp.from((Instant) n[1]));
                ps.setString(2, (String) n[0]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void record(Connection c, List<Object[]> records, Instant now) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO checkin (checkin_id, member_id, due_at, respond_by, outcome, recorded_at, member_away)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            for (Object[] r : records) {
                String memberId = (String) r[0];
                Instant dueAt = (Instant) r[1];
                ps.setString(1, (String) r[5]);
                ps.setString(2, memberId);
                ps.setTimestamp(3, Timestamp.from(dueAt));
                ps.setTimestamp(4, Timestamp.from((Instant) r[2]));
                ps.setString(5, (String) r[3]);
                ps.setTimestamp(6, Timestamp.from(now));
                ps.setBoolean(7, (Boolean) r[4]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
