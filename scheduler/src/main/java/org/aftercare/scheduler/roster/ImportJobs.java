package org.aftercare.scheduler.roster;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.member.MemberProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Roster imports as asynchronous jobs (the admin API's {@code /api/members/import-jobs}). In: a
 * CSV body as a stream, spooled to a file of its own (never held in memory, whatever its size) and
 * checked by {@link RosterImport#checkHeader} before the job is accepted. Out: a job in the
 * scheduler's database ({@code import_job}, {@code import_rejection}) that one worker thread per
 * instance runs with {@link RosterImport} (the same rules as every other enrollment), writing its
 * totals after every batch and every rejected row with its line, column and reason.
 *
 * <p>One job runs at a time per instance; up to {@value #MAX_QUEUED} more wait in order, and a
 * further one is refused ({@link Busy}). A job outlives a restart: the instance beats a heartbeat
 * for its queued and running jobs; on close it marks them failed ({@code interrupted}), and a job
 * whose heartbeat has stopped for {@link #STALE} (its instance died) is reported and stored the
 * same way. Logs carry job ids and counts only.
 */
public final class ImportJobs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ImportJobs.class);

    /** Jobs that may wait behind the running one on an instance. */
    public static final int MAX_QUEUED = 3;

    /** A queued or running job whose heartbeat is older than this was interrupted. */
    static final Duration STALE = Duration.ofSeconds(60);

    static final Duration HEARTBEAT = Duration.ofSeconds(10);

    private static final int REJECTION_BATCH = 500;
    private static final int LOG_EVERY_ROWS = 10_000;

    /** Where a job stands; {@link #wire} is its name in the API. */
    public enum State {
        QUEUED,
        RUNNING,
        DONE,
        FAILED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Why a job failed, in fixed words. */
    public static final String INTERRUPTED = "interrupted";

    public static final String ERROR = "error";

    /**
     * A job as the API shows it; {@code timeLeft} is an estimate from the share of the file read so
     * far (null when there is none yet, or the job is over).
     */
    public record Job(
            String jobId,
            State state,
            String failure,
            long bytesTotal,
            long bytesRead,
            int rows,
            int enrolled,
            int unchanged,
            int rejected,
            Instant createdAt,
            Instant startedAt,
            Instant finishedAt,
            Duration timeLeft) {}

    /** One column at fault in a rejected row; {@code seq} orders the report (and pages it). */
    public record Rejection(int seq, int line, String column, String reason, String externalId) {}

    /** The instance has a job running and {@value #MAX_QUEUED} waiting: try again when one is done. */
    public static final class Busy extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Busy() {
            super("an import is running and " + MAX_QUEUED + " are waiting on this instance", null, false, false);
        }
    }

    /** Raised inside a running import when the instance closes. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super(null, null, false, false);
        }
    }

    private final Database db;
    private final RosterImport roster;
    private final Clock clock;
    private final MeterRegistry registry;
    private final String owner = UUID.randomUUID().toString();
    private final Path spool;
    private final ThreadPoolExecutor worker;
    private final ScheduledExecutorService heartbeat;
    private volatile boolean closing;

    /**
     * Job times (created, started, finished, heartbeats, the estimate) are on the wall clock, not
     * the service's clock: a compressed demo clock must not make a live job look stale.
     */
    public ImportJobs(Database db, RosterImport roster, MeterRegistry registry) {
        this(db, roster, Clock.systemUTC(), registry);
    }

    ImportJobs(Database db, RosterImport roster, Clock clock, MeterRegistry registry) {
        this.db = db;
        this.roster = roster;
        this.clock = clock;
        this.registry = registry;
        for (String outcome : List.of("done", "interrupted", "failed")) {
            registry.counter("outreach.import.jobs", "outcome", outcome);
        }
        try {
            this.spool = Files.createTempDirectory("outreach-import-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the import spool directory", e);
        }
        this.worker = new ThreadPoolExecutor(
                1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(MAX_QUEUED), r -> daemon(r, "roster-import"));
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "roster-import-heartbeat"));
        int interrupted = markStale();
        if (interrupted > 0) {
            log.warn("{} import job(s) were interrupted by a stop of their instance", interrupted);
        }
        heartbeat.scheduleWithFixedDelay(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Spools the CSV, checks its header and queues the job.
     *
     * @throws MemberProblem (invalid) when the file is empty, has no usable header or no data row
     * @throws Busy when the instance's queue is full
     * @throws IOException when the body cannot be read (left to the caller: the client went away)
     */
    public Job submit(InputStream csv) throws IOException {
        if (closing) {
            throw new Busy();
        }
        String jobId = UUID.randomUUID().toString();
        Path file = spool.resolve(jobId + ".csv");
        boolean queued = false;
        try {
            long bytes = Files.copy(csv, file, StandardCopyOption.REPLACE_EXISTING);
            try (Reader reader = reader(Files.newInputStream(file))) {
                RosterImport.checkHeader(reader);
            }
            Instant now = clock.instant();
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO import_job (job_id, state, owner,"
                        + " bytes_total, bytes_read, rows_read, enrolled, unchanged, rejected, created_at,"
                        + " heartbeat_at) VALUES (?, ?, ?, ?, 0, 0, 0, 0, 0, ?, ?)")) {
                    ps.setString(1, jobId);
                    ps.setString(2, State.QUEUED.name());
                    ps.setString(3, owner);
                    ps.setLong(4, bytes);
                    ps.setTimestamp(5, Timestamp.from(now));
                    ps.setTimestamp(6, Timestamp.from(now));
                    ps.executeUpdate();
                }
                return null;
            });
            try {
                worker.execute(() -> run(jobId, file));
            } catch (RejectedExecutionException e) {
                db.inTransaction(c -> {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM import_job WHERE job_id = ?")) {
                        ps.setString(1, jobId);
                        ps.executeUpdate();
                    }
                    return null;
                });
                throw new Busy();
            }
            queued = true;
            log.info("import job {} queued ({} bytes)", jobId, bytes);
            return find(jobId).orElseThrow();
        } finally {
            if (!queued) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** The job, if there is one with that id (a stale queued or running one is reported interrupted). */
    public Optional<Job> find(String jobId) {
        markStale();
        Instant now = clock.instant();
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM import_job WHERE job_id = ?")) {
                ps.setString(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(job(rs, now)) : Optional.<Job>empty();
                }
            }
        });
    }

    /** Up to {@code limit} entries of the job's report after {@code afterSeq} (0 for the start), in file order. */
    public List<Rejection> rejections(String jobId, int afterSeq, int limit) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, line, column_name, reason, external_id"
                    + " FROM import_rejection WHERE job_id = ? AND seq > ? ORDER BY seq LIMIT ?")) {
                ps.setString(1, jobId);
                ps.setInt(2, afterSeq);
                ps.setInt(3, limit);
                List<Rejection> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Rejection(
                                rs.getInt(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                    }
                }
                return out;
            }
        });
    }

    private void run(String jobId, Path file) {
        if (closing) {
            return;
        }
        Instant started = clock.instant();
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE import_job SET state = ?, started_at = ?, heartbeat_at = ? WHERE job_id = ? AND state = ?")) {
                ps.setString(1, State.RUNNING.name());
                ps.setTimestamp(2, Timestamp.from(started));
                ps.setTimestamp(3, Timestamp.from(started));
                ps.setString(4, jobId);
                ps.setString(5, State.QUEUED.name());
                ps.executeUpdate();
            }
            return null;
        });
        log.info("import job {} started", jobId);
        Progress progress = new Progress(jobId);
        try (CountingStream counted = new CountingStream(Files.newInputStream(file));
                Reader reader = reader(counted)) {
            progress.counted = counted;
            RosterImport.Totals totals = roster.run(reader, progress);
            progress.flush(totals);
            finish(jobId, State.DONE, null);
            registry.counter("outreach.import.jobs", "outcome", "done").increment();
            log.info(
                    "import job {} done: {} rows, {} enrolled, {} unchanged, {} rejected",
                    jobId,
                    totals.rows(),
                    totals.created(),
                    totals.unchanged(),
                    totals.rejected());
        } catch (Stopped e) {
            progress.flushRejections();
            finish(jobId, State.FAILED, INTERRUPTED);
            registry.counter("outreach.import.jobs", "outcome", "interrupted").increment();
            log.warn("import job {} interrupted: the instance is stopping", jobId);
        } catch (IOException | RuntimeException e) {
            finish(jobId, State.FAILED, ERROR);
            registry.counter("outreach.import.jobs", "outcome", "failed").increment();
            log.error("import job {} failed: {}", jobId, e.getClass().getName());
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn(
                        "import job {}: its spool file could not be deleted ({})",
                        jobId,
                        e.getClass().getName());
            }
        }
    }

    /** Hears the import: rejected rows go to the report in batches, totals to the job row. */
    private final class Progress implements RosterImport.Listener {
        private final String jobId;
        private final List<RosterImport.RejectedRow> pending = new ArrayList<>();
        private CountingStream counted;
        private int seq;
        private int lastLogged;

        Progress(String jobId) {
            this.jobId = jobId;
        }

        @Override
        public void rejected(RosterImport.RejectedRow row) {
            pending.add(row);
            if (pending.size() >= REJECTION_BATCH) {
                flushRejections();
            }
        }

        @Override
        public void progress(RosterImport.Totals totals) {
            if (closing) {
                throw new Stopped();
            }
            flush(totals);
            if (totals.rows() - lastLogged >= LOG_EVERY_ROWS) {
                lastLogged = totals.rows();
                log.info(
                        "import job {}: {} rows read, {} enrolled, {} rejected",
                        jobId,
                        totals.rows(),
                        totals.created(),
                        totals.rejected());
            }
        }

        void flush(RosterImport.Totals totals) {
            flushRejections();
            long read = counted == null ? 0 : counted.count;
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE import_job SET rows_read = ?, enrolled = ?,"
                        + " unchanged = ?, rejected = ?, bytes_read = ?, heartbeat_at = ? WHERE job_id = ?")) {
                    ps.setInt(1, totals.rows());
                    ps.setInt(2, totals.created());
                    ps.setInt(3, totals.unchanged());
                    ps.setInt(4, totals.rejected());
                    ps.setLong(5, read);
                    ps.setTimestamp(6, Timestamp.from(clock.instant()));
                    ps.setString(7, jobId);
                    ps.executeUpdate();
                }
                return null;
            });
        }

        void flushRejections() {
            if (pending.isEmpty()) {
                return;
            }
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO import_rejection"
                        + " (job_id, seq, line, column_name, reason, external_id) VALUES (?, ?, ?, ?, ?, ?)")) {
                    for (RosterImport.RejectedRow row : pending) {
                        for (Map.Entry<String, String> reason : row.reasons().entrySet()) {
                            ps.setString(1, jobId);
                            ps.setInt(2, ++seq);
                            ps.setInt(3, row.line());
                            ps.setString(4, cut(reason.getKey(), 64));
                            ps.setString(5, cut(reason.getValue(), 300));
                            ps.setString(6, row.externalId());
                            ps.addBatch();
                        }
                    }
                    ps.executeBatch();
                }
                return null;
            });
            pending.clear();
        }
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private void finish(String jobId, State state, String failure) {
        Instant now = clock.instant();
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE import_job SET state = ?, failure = ?,"
                    + " finished_at = ?, heartbeat_at = ? WHERE job_id = ?")) {
                ps.setString(1, state.name());
                ps.setString(2, failure);
                ps.setTimestamp(3, Timestamp.from(now));
                ps.setTimestamp(4, Timestamp.from(now));
                ps.setString(5, jobId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private void beat() {
        try {
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE import_job SET heartbeat_at = ? WHERE owner = ? AND state IN (?, ?)")) {
                    ps.setTimestamp(1, Timestamp.from(clock.instant()));
                    ps.setString(2, owner);
                    ps.setString(3, State.QUEUED.name());
                    ps.setString(4, State.RUNNING.name());
                    return ps.executeUpdate();
                }
            });
        } catch (RuntimeException e) {
            log.warn("import jobs heartbeat failed: {}", e.getClass().getName());
        }
    }

    /** Queued or running jobs whose heartbeat stopped become failed: interrupted; returns how many. */
    private int markStale() {
        Instant now = clock.instant();
        return db.inTransaction(c -> interrupt(c, "heartbeat_at < ?", Timestamp.from(now.minus(STALE)), now));
    }

    private static int interrupt(Connection c, String where, Object value, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE import_job SET state = ?, failure = ?,"
                + " finished_at = ? WHERE state IN (?, ?) AND " + where)) {
            ps.setString(1, State.FAILED.name());
            ps.setString(2, INTERRUPTED);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setString(4, State.QUEUED.name());
            ps.setString(5, State.RUNNING.name());
            ps.setObject(6, value);
            return ps.executeUpdate();
        }
    }

    private static Job job(ResultSet rs, Instant now) throws SQLException {
        State state = State.valueOf(rs.getString("state"));
        long total = rs.getLong("bytes_total");
        long read = rs.getLong("bytes_read");
        Instant started = instant(rs.getTimestamp("started_at"));
        Duration left = null;
        if (state == State.RUNNING && started != null && read > 0 && total >= read) {
            Duration elapsed = Duration.between(started, now);
            if (!elapsed.isNegative()) {
                left = Duration.ofMillis((long) (elapsed.toMillis() * ((double) (total - read) / read)));
            }
        }
        return new Job(
                rs.getString("job_id"),
                state,
                rs.getString("failure"),
                total,
                read,
                rs.getInt("rows_read"),
                rs.getInt("enrolled"),
                rs.getInt("unchanged"),
                rs.getInt("rejected"),
                instant(rs.getTimestamp("created_at")),
                started,
                instant(rs.getTimestamp("finished_at")),
                left);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static Reader reader(InputStream in) {
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    /** Counts the bytes read from the spool file, for the share done and the time left. */
    private static final class CountingStream extends FilterInputStream {
        private volatile long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    /**
     * Stops taking jobs, interrupts the running one at its next batch and marks every queued or
     * running job of this instance failed: interrupted.
     */
    @Override
    public void close() {
        closing = true;
        worker.shutdown();
        try {
            if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
        heartbeat.shutdownNow();
        try {
            int n = db.inTransaction(c -> interrupt(c, "owner = ?", owner, clock.instant()));
            if (n > 0) {
                log.warn("{} import job(s) interrupted by the stop of this instance", n);
            }
        } catch (RuntimeException e) {
            log.warn(
                    "import jobs could not be marked interrupted: {}",
                    e.getClass().getName());
        }
        try (var files = Files.list(spool)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(spool);
        } catch (IOException e) {
            log.warn(
                    "the import spool directory could not be removed ({})",
                    e.getClass().getName());
        }
    }
}
