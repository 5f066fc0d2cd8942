package org.aftercare.scheduler.staff;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.aftercare.events.Topic;
import org.aftercare.events.Topics;
import org.aftercare.events.staff.CareAssignmentEvent;
import org.aftercare.events.staff.CareTeam;
import org.aftercare.events.staff.StaffDirectoryEvent;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.kit.kafka.KafkaSettings;
import org.aftercare.kit.kafka.TableReader;
import org.aftercare.scheduler.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code staff.directory} (keyed by staffId) and {@code care.assignments} (keyed by
 * memberId), which the console publishes, into the scheduler's copy ({@link StaffDirectory}): each
 * topic from the beginning, on every start, with the service kit's {@link TableReader} (every
 * partition, no group, never commits), as the notifier follows the same topics.
 *
 * <p>Applied by revision: a record no newer than the copy is ignored (the revisions held are read
 * from the database at start, so a restart's replay costs no writes); a tombstone deletes; a care
 * team of a member the scheduler has no record of is ignored. A record that cannot be read is
 * skipped and counted ({@code outreach_staff_records_unreadable_total{topic}}) and never stops
 * the follower; a database that does not answer is retried, with a growing pause, until it does
 * (the record is not lost, and later ones wait behind it).
 *
 * <p>Until the first read to the end ({@link #isCaughtUp}) the copy may lack what the console has
 * published: {@link StaffActions} then answers "try again shortly" rather than refusing.
 */
public final class StaffFollower implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StaffFollower.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(5);

    private final StaffDirectory directory;
    private final Map<String, Long> staffRevisions;
    private final Map<String, Long> teamRevisions;
    private final Counter staffStored;
    private final Counter teamsStored;
    private final Reader<StaffDirectoryEvent> staff;
    private final Reader<CareAssignmentEvent> teams;
    private volatile boolean closing;

    private StaffFollower(StaffDirectory directory, MeterRegistry registry) {
        this.directory = directory;
        this.staffRevisions = new ConcurrentHashMap<>(directory.staffRevisions());
        this.teamRevisions = new ConcurrentHashMap<>(directory.careTeamRevisions());
        this.staff = new Reader<>(Topics.STAFF_DIRECTORY, StaffDirectoryEvent::staffId, this::applyStaff);
        this.teams = new Reader<>(Topics.CARE_ASSIGNMENTS, CareAssignmentEvent::memberId, this::applyTeam);
        this.staffStored = stored(registry, Topics.STAFF_DIRECTORY);
        this.teamsStored = stored(registry, Topics.CARE_ASSIGNMENTS);
        unreadable(registry, Topics.STAFF_DIRECTORY, staff);
        unreadable(registry, Topics.CARE_ASSIGNMENTS, teams);
    }

    /** Starts following both topics on their own threads. */
    static StaffFollower start(KafkaSettings kafka, StaffDirectory directory, MeterRegistry registry) {
        StaffFollower follower = new StaffFollower(directory, registry);
        follower.staff.start(
                kafka,
                "outreach-scheduler-staff",
                () -> log.info("staff directory read to its end: {} staff records", follower.staffRevisions.size()));
        follower.teams.start(
                kafka,
                "outreach-scheduler-care-teams",
                () -> log.info("care assignments read to their end: {} care teams", follower.teamRevisions.size()));
        follower.staff.bindMetrics(registry);
        follower.teams.bindMetrics(registry);
        return follower;
    }

    private static Counter stored(MeterRegistry registry, Topic<?> topic) {
        return Counter.builder("outreach.staff.records.applied")
                .description("staff records and care teams stored in the scheduler's copy, by topic")
                .tag("topic", topic.name())
                .register(registry);
    }

    private static void unreadable(MeterRegistry registry, Topic<?> topic, TableReader<?> reader) {
        FunctionCounter.builder("outreach.staff.records.unreadable", reader, TableReader::unreadableRecords)
                .description("records of staff.directory or care.assignments that could not be read, skipped")
                .tag("topic", topic.name())
                .register(registry);
    }

    private void applyStaff(String staffId, StaffDirectoryEvent event) {
        switch (event) {
            case null -> {
                if (retrying(() -> {
                            directory.removeStaff(staffId);
                            return Boolean.TRUE;
                        })
                        != null) {
                    staffRevisions.remove(staffId);
                    log.info("staff record {} removed (tombstone on the directory)", staffId);
                }
            }
            case StaffMember m -> {
                Long held = staffRevisions.get(m.staffId());
                if (held != null && held >= m.revision()) {
                    return;
                }
                StaffDirectory.Applied applied = retrying(() -> directory.applyStaff(m));
                if (applied == StaffDirectory.Applied.STORED) {
                    staffStored.increment();
                    log.debug("staff record {} at revision {}", m.staffId(), m.revision());
                }
                if (applied != null) {
                    staffRevisions.merge(m.staffId(), m.revision(), Math::max);
                }
            }
        }
    }

    private void applyTeam(String memberId, CareAssignmentEvent event) {
        switch (event) {
            case null -> {
                if (retrying(() -> {
                            directory.removeCareTeam(memberId);
                            return Boolean.TRUE;
                        })
                        != null) {
                    teamRevisions.remove(memberId);
                    log.debug("care team of member {} removed (tombstone)", memberId);
                }
            }
            case CareTeam t -> {
                Long held = teamRevisions.get(t.memberId());
                if (held != null && held >= t.revision()) {
                    return;
                }
                StaffDirectory.Applied applied = retrying(() -> directory.applyCareTeam(t));
                if (applied == StaffDirectory.Applied.STORED) {
                    teamsStored.increment();
                    teamRevisions.merge(t.memberId(), t.revision(), Math::max);
                    log.debug("care team of member {} at revision {}", t.memberId(), t.revision());
                } else if (applied == StaffDirectory.Applied.NOT_NEWER) {
                    teamRevisions.merge(t.memberId(), t.revision(), Math::max);
                } else if (applied == StaffDirectory.Applied.NO_SUCH_MEMBER) {
                    log.debug("care team of member {} ignored: no such member here", t.memberId());
                }
            }
        }
    }

    /**
     * Runs the write until the database takes it; null when the follower is closing (the record is
     * read again at the next start) or the write failed for a reason a retry cannot mend (logged,
     * skipped: the follower never stops).
     */
    private <T> T retrying(Supplier<T> write) {
        Duration pause = FIRST_RETRY;
        while (!closing) {
            try {
                return write.get();
            } catch (Database.DatabaseException e) {
                log.warn("staff copy not written, retrying in {} ms: {}", pause.toMillis(), e.getMessage());
            } catch (RuntimeException e) {
                log.error("staff copy: a record was skipped: {}", e.getClass().getSimpleName(), e);
                return null;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            pause = pause.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : pause.multipliedBy(2);
        }
        return null;
    }

    /** True once both topics have been read to the end they had when the scheduler started. */
    public boolean isCaughtUp() {
        return staff.isCaughtUp() && teams.isCaughtUp();
    }

    public boolean isAlive() {
        return staff.isAlive() && teams.isAlive();
    }

    /**
     * Waits until the copy holds everything on both topics now (their end offsets at this call);
     * false if that did not happen within {@code timeout}, or the wait was interrupted (the flag is
     * restored).
     */
    public boolean catchUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            return staff.catchUp(timeout) && teams.catchUp(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Records of either topic that could not be read and were skipped. */
    public long unreadableRecords() {
        return staff.unreadableRecords() + teams.unreadableRecords();
    }

    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        staff.close();
        teams.close();
    }

    /** A {@link TableReader} of one of the two topics. */
    private static final class Reader<E> extends TableReader<E> {

        Reader(Topic<E> topic, Function<E, String> keyOf, BiConsumer<String, E> table) {
            super(topic, keyOf, table);
        }

        void start(KafkaSettings kafka, String clientName, Runnable loaded) {
            follow(kafka, clientName, loaded);
        }
    }
}
