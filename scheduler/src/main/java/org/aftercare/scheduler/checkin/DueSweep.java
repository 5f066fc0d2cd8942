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
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 */
public final class DueSweep {

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
            String memberId, Instant dueAt, ZoneId zone, MemberStatus status, CheckInPlan plan, LocalDate awayUntil) {

        /** Was the member set away on the check-in's local day (kept for their progress page)? */
        boolean away() {
            return awayUntil != null && !dueAt.atZone(zone).toLocalDate().isAfter(awayUntil);
        }
    }

    /**
     * Handles everything due at {@code clock.instant()}, batch by batch; returns how many slots it
     * handled. On PostgreSQL {@value #WORKERS} workers claim batches side by side (SKIP LOCKED gives
     * each row to one of them), so one batch's Kafka acknowledgements and commit overlap the next
     * batch's work; on H2 one worker does it all.
     */
    public int sweep() {
        int workers = db.isPostgres() ? WORKERS : 1;
        if (workers == 1) {
            return drain();
        }
        List<CompletableFuture<Integer>> running = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            running.add(CompletableFuture.supplyAsync(this::drain, WORKER_POOL));
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
                records.add(new Object[] {row, respondBy, "SKIPPED"});
                skipped.increment();
            } else {
                boolean catchUp = row.dueAt().isBefore(now.minus(CATCH_UP_THRESHOLD));
                dues.add(CheckInDue.of(row.memberId(), row.dueAt(), respondBy, now, catchUp));
                records.add(new Object[] {row, respondBy, "EMITTED"});
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
                SELECT s.member_id, s.next_due_utc, m.time_zone, m.status, m.plan_json, m.away_until
                FROM checkin_schedule s JOIN member m ON m.member_id = s.member_id
                WHERE s.next_due_utc <= ?
                ORDER BY s.next_due_utc
                FETCH FIRST ? ROWS ONLY
                """ + lock)) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setInt(2, BATCH);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new DueRow(
                            rs.getString(1),
                            rs.getTimestamp(2).toInstant(),
                            ZoneId.of(rs.getString(3)),
                            MemberStatus.valueOf(rs.getString(4)),
                            Json.readerFor(CheckInPlan.class).readValue(rs.getString(5)),
                            rs.getObject(6, LocalDate.class)));
                }
            } catch (JsonProcessingException e) {
                // Not the parser's exception: its message quotes the stored text.
                throw new IllegalStateException(
                        "a stored plan is unreadable (" + e.getClass().getSimpleName() + ")");
            }
        }
        return rows;
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
                DueRow row = (DueRow) r[0];
                ps.setString(1, Ids.checkInId(row.memberId(), row.dueAt()));
                ps.setString(2, row.memberId());
                ps.setTimestamp(3, Timestamp.from(row.dueAt()));
                ps.setTimestamp(4, Timestamp.from((Instant) r[1]));
                ps.setString(5, (String) r[2]);
                ps.setTimestamp(6, Timestamp.from(now));
                ps.setBoolean(7, row.away());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
