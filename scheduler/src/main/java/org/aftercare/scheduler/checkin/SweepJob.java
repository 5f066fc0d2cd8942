package org.aftercare.scheduler.checkin;

import org.aftercare.scheduler.member.MemberLifecycle;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/**
 * The Quartz time-slot job: each firing emits whatever has fallen due since the last one, and ends
 * the planned absences whose date has passed ({@link MemberLifecycle#endPassedAbsences}). Thin on
 * purpose; the work is {@link DueSweep}'s. Never runs twice at once in one scheduler, and a failed
 * sweep is retried by the next firing (its rows stay due), so it does not refire at once.
 */
@DisallowConcurrentExecution
public final class SweepJob implements Job {

    public static final String SWEEP = "dueSweep";
    /** The member lifecycle, whose planned absences that have passed each sweep ends. */
    public static final String LIFECYCLE = "memberLifecycle";

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            DueSweep sweep = (DueSweep) context.getScheduler().getContext().get(SWEEP);
            sweep.sweep();
            ((MemberLifecycle) context.getScheduler().getContext().get(LIFECYCLE)).endPassedAbsences();
        } catch (SchedulerException | RuntimeException e) {
            throw new JobExecutionException("due sweep failed: " + e.getMessage(), e, false);
        }
    }
}
