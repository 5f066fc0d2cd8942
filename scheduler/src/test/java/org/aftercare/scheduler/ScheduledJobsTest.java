package org.aftercare.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.aftercare.scheduler.checkin.SweepJob;
import org.aftercare.scheduler.member.AbsenceJob;
import org.aftercare.scheduler.quartz.QuartzSetup;
import org.aftercare.scheduler.staff.CoverageJob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SimpleTrigger;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;

/**
 * The repeating jobs the service schedules, on an in-memory Quartz that is never started: passed
 * absences end in a job of their own every few minutes, not with every due sweep (seconds apart).
 */
class ScheduledJobsTest {

    private Scheduler quartz;

    @AfterEach
    void shutdown() throws Exception {
        if (quartz != null) {
            quartz.shutdown(false);
        }
    }

    private static Scheduler inMemory() throws Exception {
        Properties props = new Properties();
        props.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "jobs-" + UUID.randomUUID());
        props.setProperty("org.quartz.threadPool.threadCount", "1");
        props.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.simpl.RAMJobStore");
        return new StdSchedulerFactory(props).getScheduler();
    }

    @Test
    void theStaffOutboxJobOfAnOlderJobStoreIsRemovedAndTheCoverageGaugesGetAJobOfTheirOwn() throws Exception {
        quartz = inMemory();
        JobKey outbox = JobKey.jobKey("staff-outbox", "staff");
        QuartzSetup.ensureRepeating(
                quartz,
                CoverageJob.class,
                outbox,
                TriggerKey.triggerKey("staff-outbox-every-5s", "staff"),
                Duration.ofSeconds(5));

        SchedulerService.scheduleJobs(quartz, Duration.ofSeconds(5));

        assertThat(quartz.checkExists(outbox))
                .as("the scheduler no longer publishes staff")
                .isFalse();
        assertThat(quartz.checkExists(TriggerKey.triggerKey("staff-outbox-every-5s", "staff")))
                .isFalse();
        SimpleTrigger coverage =
                (SimpleTrigger) quartz.getTrigger(TriggerKey.triggerKey("care-team-coverage-every-5s", "staff"));
        assertThat(quartz.getJobDetail(coverage.getJobKey()).getJobClass()).isEqualTo(CoverageJob.class);
    }

    @Test
    void passedAbsencesEndInAJobOfTheirOwnEveryFiveMinutesWhileTheDueSweepKeepsItsInterval() throws Exception {
        quartz = inMemory();

        SchedulerService.scheduleJobs(quartz, Duration.ofSeconds(5));

        SimpleTrigger sweep =
                (SimpleTrigger) quartz.getTrigger(TriggerKey.triggerKey("due-sweep-every-interval", "checkins"));
        assertThat(sweep.getRepeatInterval()).isEqualTo(5_000L);
        assertThat(quartz.getJobDetail(sweep.getJobKey()).getJobClass()).isEqualTo(SweepJob.class);
        SimpleTrigger absences =
                (SimpleTrigger) quartz.getTrigger(TriggerKey.triggerKey("passed-absences-every-5m", "members"));
        assertThat(absences).as("a trigger of its own").isNotNull();
        assertThat(absences.getRepeatInterval()).isEqualTo(300_000L);
        assertThat(quartz.getJobDetail(absences.getJobKey()).getJobClass()).isEqualTo(AbsenceJob.class);
    }
}
