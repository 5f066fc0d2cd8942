package org.aftercare.scheduler.staff;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/**
 * Publishes staff records and care teams Kafka does not have yet ({@link StaffOutbox}) and keeps the
 * coverage gauges fresh ({@link Coverage}). Thin; a failure is retried by the next firing.
 */
@DisallowConcurrentExecution
public final class StaffJob implements Job {

    public static final String STAFF = "staff";

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            Staff staff = (Staff) context.getScheduler().getContext().get(STAFF);
            staff.outbox().publishPending();
            staff.coverage().refreshIfDue();
        } catch (SchedulerException | RuntimeException e) {
            throw new JobExecutionException("staff outbox failed: " + e.getMessage(), e, false);
        }
    }
}
