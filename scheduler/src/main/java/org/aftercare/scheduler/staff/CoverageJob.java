package org.aftercare.scheduler.staff;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/**
 * Keeps the care-team coverage gauges fresh ({@link Coverage}). Thin; a failure is retried by the
 * next firing. (It replaced the staff outbox job of issue 11: the scheduler no longer publishes
 * staff.)
 */
@DisallowConcurrentExecution
public final class CoverageJob implements Job {

    public static final String STAFF = "staff";

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            Staff staff = (Staff) context.getScheduler().getContext().get(STAFF);
            staff.coverage().refreshIfDue();
        } catch (SchedulerException | RuntimeException e) {
            throw new JobExecutionException("care-team coverage not counted: " + e.getMessage(), e, false);
        }
    }
}
