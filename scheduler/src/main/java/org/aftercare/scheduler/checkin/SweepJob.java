package org.aftercare.scheduler.checkin;

import org.aftercare.scheduler.questionnaire.QuestionnaireSweep;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/**
 * The Quartz time-slot job: each firing emits whatever has fallen due since the last one (passed
 * absences end in a job of their own, every few minutes, since their date changes once a day). Thin on
 * purpose; the work is {@link DueSweep}'s, then {@link QuestionnaireSweep}'s. Never runs twice at once in one scheduler, and a failed
 * sweep is retried by the next firing (its rows stay due), so it does not refire at once.
 */
@DisallowConcurrentExecution
public final class SweepJob implements Job {

    public static final String SWEEP = "dueSweep";
    public static final String QUESTIONNAIRE_SWEEP = "questionnaireSweep";

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            var jobContext = context.getScheduler().getContext();
            ((DueSweep) jobContext.get(SWEEP)).sweep();
            // After the check-ins, so a slow questionnaire batch never delays a check-in prompt.
            ((QuestionnaireSweep) jobContext.get(QUESTIONNAIRE_SWEEP)).sweep();
        } catch (SchedulerException | RuntimeException e) {
            throw new JobExecutionException("due sweep failed: " + e.getMessage(), e, false);
        }
    }
}
