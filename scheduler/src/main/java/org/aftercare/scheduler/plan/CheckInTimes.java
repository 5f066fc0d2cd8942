package org.aftercare.scheduler.plan;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.aftercare.events.profile.CheckInPlan;
import org.aftercare.events.profile.QuestionnaireSchedule;

/**
 * When a member's check-ins fall due: the times of their plan in their own time zone
 * ({@link PlanCalendar}), or, in demos and tests, the fixed demo cadence
 * ({@code OUTREACH_CHECKIN_CADENCE}, the local run's {@code OUTREACH_LOCAL_CADENCE}) for every
 * member alike; the same for the plan's questionnaires ({@link QuestionnaireCalendar}). The one place the demo cadence is handled: enrollment and changes (the first check-in),
 * the due sweep (the one after each) and the admin API's list of upcoming check-ins all ask here.
 */
public final class CheckInTimes {

    /** Under the demo cadence the first check-in comes this soon after enrollment. */
    static final Duration DEMO_FIRST_AFTER = Duration.ofSeconds(5);
    /** Under the demo cadence a plan's questionnaires first come this soon after enrollment (after the first check-in). */
    static final Duration DEMO_FIRST_QUESTIONNAIRE_AFTER = Duration.ofSeconds(30);
    /** Under the demo cadence a questionnaire comes again after this many check-in slots (a "week" of them). */
    static final int DEMO_QUESTIONNAIRE_EVERY = 7;

    private final Duration demoCadence;

    /** @param demoCadence the demo cadence, or null to follow each member's plan */
    public CheckInTimes(Duration demoCadence) {
        this.demoCadence = demoCadence;
    }

    /** The first check-in strictly after {@code now}, or empty when the plan has ended. */
    public Optional<Instant> first(CheckInPlan plan, ZoneId zone, Instant now) {
        if (demoCadence != null) {
            return Optional.of(now.plus(DEMO_FIRST_AFTER));
        }
        return PlanCalendar.nextAfter(plan, zone, now);
    }

    /** The first time a questionnaire of the plan falls due strictly after {@code now}, or empty when the plan has ended. */
    public Optional<Instant> firstQuestionnaire(
            CheckInPlan plan, QuestionnaireSchedule schedule, ZoneId zone, Instant now) {
        if (demoCadence != null) {
            return Optional.of(now.plus(DEMO_FIRST_QUESTIONNAIRE_AFTER));
        }
        return QuestionnaireCalendar.nextAfter(plan, schedule, zone, now);
    }

    /** The time a questionnaire falls due after it fell due at {@code due}, or empty when the plan has ended. */
    public Optional<Instant> questionnaireAfter(
            CheckInPlan plan, QuestionnaireSchedule schedule, ZoneId zone, Instant due) {
        if (demoCadence != null) {
            return Optional.of(due.plus(demoCadence.multipliedBy(DEMO_QUESTIONNAIRE_EVERY)));
        }
        return QuestionnaireCalendar.nextAfter(plan, schedule, zone, due);
    }

    /** The check-in after one that fell due at {@code due}, or empty when the plan has ended. */
    public Optional<Instant> after(CheckInPlan plan, ZoneId zone, Instant due) {
        if (demoCadence != null) {
            return Optional.of(due.plus(demoCadence));
        }
        return PlanCalendar.nextAfter(plan, zone, due);
    }
}
