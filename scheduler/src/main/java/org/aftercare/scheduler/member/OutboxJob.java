package org.aftercare.scheduler.member;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/** Publishes member snapshots that Kafka does not have yet (after an outage or a failed send), through {@link ProfileOutbox}. */
@DisallowConcurrentExecution
public final class OutboxJob implements Job {

    public static final String OUTBOX = "profileOutbox";

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            ((ProfileOutbox) context.getScheduler().getContext().get(OUTBOX)).publishPending();
        } catch (SchedulerException | RuntimeException e) {
            throw new JobExecutionException("profile outbox failed: " + e.getMessage(), e, false);
        }
    }
}
