package org.aftercare.scheduler.member;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/**
 * Ends the planned absences whose last day has passed ({@link MemberLifecycle#endPassedAbsences}).
 * Its own job, every few minutes: the date it depends on changes once a day in each member's time
 * zone, so running it with every due sweep (seconds apart) only repeated the same query. Thin; a
 * failure is retried by the next firing.
 */
@DisallowConcurrentExecution
public final class AbsenceJob implements Job {

    /** The member lifecycle, whose passed absences this job ends. */
    public static final String LIFECYCLE = "memberLifecycle";

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            ((MemberLifecycle) context.getScheduler().getContext().get(LIFECYCLE)).endPassedAbsences();
        } catch (SchedulerException | RuntimeException e) {
            throw new JobExecutionException("ending passed absences failed: " + e.getMessage(), e, false);
        }
    }
}
