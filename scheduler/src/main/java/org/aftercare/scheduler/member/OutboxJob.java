package org.aftercare.scheduler.member;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/** Publishes member snapshots that Kafka does not have yet (after an outage or a failed send). */
@DisallowConcurrentExecution
public final class OutboxJob implements Job {

    public static final String MEMBERS = "memberService";

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            ((MemberService) context.getScheduler().getContext().get(MEMBERS)).publishPending();
        } catch (SchedulerException | RuntimeException e) {
            throw new JobExecutionException("profile outbox failed: " + e.getMessage(), e, false);
        }
    }
}
