package org.aftercare.scheduler.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.testing.Databases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

/**
 * Quartz on the JDBC job store in our own database (H2 and PostgreSQL, where it is clustered):
 * the misfire policy runs a repeating job once after downtime, not once per missed fire time, and
 * a restart keeps the stored trigger.
 */
class QuartzSetupIT {

    /** Counts its runs in the scheduler context. */
    @DisallowConcurrentExecution
    public static final class CountingJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            try {
                ((AtomicInteger) context.getScheduler().getContext().get("runs")).incrementAndGet();
            } catch (SchedulerException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.aftercare.scheduler.testing.Databases#both")
    void aJobWhoseFireTimesPassedDuringDowntimeRunsOnceNotABurst(String vendor, String url) throws Exception {
        try (Database db = Database.open(url, Databases.user(url), "")) {
            AtomicInteger runs = new AtomicInteger();
            String name = "misfire-" + UUID.randomUUID();
            JobKey job = JobKey.jobKey("counting", "test");
            TriggerKey key = TriggerKey.triggerKey("counting-every-hour", "test");

            // The previous run of the service stored the job; then every instance was down for five hours.
            Scheduler before = QuartzSetup.create(db, name, Map.of("runs", runs));
            before.addJob(
                    JobBuilder.newJob(CountingJob.class)
                            .withIdentity(job)
                            .storeDurably()
                            .build(),
                    true);
            before.scheduleJob(QuartzSetup.every(
                    key, job, Duration.ofHours(1), Instant.now().minus(Duration.ofHours(5))));
            before.shutdown(true);

            Scheduler quartz = QuartzSetup.create(db, name, Map.of("runs", runs));
            try {
                QuartzSetup.ensureRepeating(quartz, CountingJob.class, job, key, Duration.ofHours(1));
                quartz.start();

                await().atMost(Duration.ofSeconds(30)).until(() -> runs.get() >= 1);
                await().during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> runs.get() == 1);
                Trigger trigger = quartz.getTrigger(key);
                assertThat(trigger.getNextFireTime().toInstant())
                        .as("then the normal interval")
                        .isAfter(Instant.now().plus(Duration.ofMinutes(55)));
                assertThat(quartz.getMetaData().isJobStoreClustered()).isEqualTo(vendor.equals("postgresql"));
                assertThat(quartz.getMetaData().isJobStoreSupportsPersistence()).isTrue();
            } finally {
                quartz.shutdown(true);
            }
        }
    }
}
