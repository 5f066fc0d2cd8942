package org.aftercare.scheduler.quartz;

import static org.quartz.JobBuilder.newJob;
import static org.quartz.SimpleScheduleBuilder.simpleSchedule;
import static org.quartz.TriggerBuilder.newTrigger;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.aftercare.scheduler.db.Database;
import org.quartz.Job;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.DBConnectionManager;

/**
 * Quartz on a JDBC job store in the scheduler's own database (tables from the Flyway migrations
 * in {@code db/vendor/*}), with the scheduler's pool. On PostgreSQL the store is clustered:
 * scheduler instances that share the database and the cluster name run each job on one node at a
 * time, and take over the jobs of a node that died.
 *
 * <p>Only a few repeating time-slot jobs live in Quartz (the due sweep, the outbox); the members'
 * check-ins live in the due-time index, because one trigger per member cannot fire 100,000 check-ins
 * in a minute.
 *
 * <p><b>Misfire policy</b>, chosen on purpose: a repeating job whose fire times passed while every
 * instance was down (or stalled longer than the misfire threshold) runs <em>once</em>, right away,
 * and then keeps its interval ({@code MISFIRE_INSTRUCTION_RESCHEDULE_NOW_WITH_EXISTING_REPEAT_COUNT}).
 * No burst of back-to-back runs: each run catches up from the tables by itself, and the sweep's
 * catch-up window decides which missed check-ins are still sent.
 */
public final class QuartzSetup {

    /** Quartz's cluster name; instances sharing a PostgreSQL database and this name form one cluster. */
    public static final String DEFAULT_CLUSTER_NAME = "outreach-scheduler";

    private QuartzSetup() {}

    /** A scheduler on the database's JDBC job store; not started. */
    public static Scheduler create(Database db, String clusterName, Map<String, Object> context)
            throws SchedulerException {
        String dataSourceName = "scheduler-db-" + UUID.randomUUID();
        DBConnectionManager.getInstance()
                .addConnectionProvider(dataSourceName, new PoolConnectionProvider(db.dataSource()));
        Properties props = new Properties();
        props.setProperty("org.quartz.scheduler.instanceName", clusterName);
        props.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        props.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        props.setProperty("org.quartz.threadPool.threadCount", "2");
        props.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        props.setProperty(
                "org.quartz.jobStore.driverDelegateClass",
                db.isPostgres()
                        ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate"
                        : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        props.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        props.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        props.setProperty("org.quartz.jobStore.useProperties", "true");
        props.setProperty("org.quartz.jobStore.misfireThreshold", "5000");
        props.setProperty("org.quartz.jobStore.isClustered", Boolean.toString(db.isPostgres()));
        props.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
        props.setProperty("org.quartz.scheduler.threadName", clusterName + "-quartz");
        Scheduler quartz = new StdSchedulerFactory(props).getScheduler();
        quartz.getContext().putAll(context);
        return quartz;
    }

    /** The repeating trigger of a time-slot job, with the misfire policy described above. */
    public static SimpleTrigger every(TriggerKey key, JobKey job, Duration interval) {
        return every(key, job, interval, Instant.now());
    }

    /** The same, first due at {@code start} (tests use a start in the past to stand for downtime). */
    public static SimpleTrigger every(TriggerKey key, JobKey job, Duration interval, Instant start) {
        return newTrigger()
                .withIdentity(key)
                .forJob(job)
                .startAt(Date.from(start))
                .withSchedule(simpleSchedule()
                        .withIntervalInMilliseconds(interval.toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNowWithExistingCount())
                .build();
    }

    /**
     * Makes sure the job runs every {@code interval}. A trigger already stored (the previous run of
     * this or another instance) is kept, so its misfire policy applies after downtime; it is
     * replaced only when the interval changed.
     */
    public static void ensureRepeating(
            Scheduler quartz, Class<? extends Job> jobClass, JobKey job, TriggerKey key, Duration interval)
            throws SchedulerException {
        Trigger existing = quartz.getTrigger(key);
        if (existing instanceof SimpleTrigger simple
                && simple.getRepeatInterval() == interval.toMillis()
                && quartz.checkExists(job)) {
            return;
        }
        JobDetail detail = newJob(jobClass).withIdentity(job).storeDurably().build();
        quartz.addJob(detail, true);
        try {
            if (existing != null) {
                quartz.rescheduleJob(key, every(key, job, interval));
            } else {
                quartz.scheduleJob(every(key, job, interval));
            }
        } catch (ObjectAlreadyExistsException e) {
            // another instance of the cluster stored it at the same moment: theirs is as good
        }
    }
}
