package org.aftercare.scheduler.checkin;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/**
 * The Quartz time-slot job: each firing emits whatever has fallen due since the last one (passed
 * absences end in a job of their own, every few minutes, since their date changes once a day). Thin on
 * purpose; the work is {@link DueSweep}'s. Never runs twice at once in one scheduler, and a failed
 * sweep is retried by the next firing (its rows stay due), so it does not refire at once.
 */
@DisallowConcurrentExecution
public final class SweepJob implements Job {

    public static final String SWEEP = "dueSweep";

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            DueSweep sweep = (DueSweep) context.getScheduler().getContext().get(SWEEP);
            sweep.sweep();
        } catch (SchedulerException | RuntimeException e) {
            throw new JobExecutionException("due sweep failed: " + e.getMessage(), e, false);
        }
    }
}
