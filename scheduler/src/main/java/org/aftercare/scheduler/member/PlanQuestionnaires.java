package org.aftercare.scheduler.member;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.aftercare.events.profile.CheckInPlan;
import org.aftercare.events.profile.QuestionnaireSchedule;
import org.aftercare.measures.Instrument;
import org.aftercare.measures.Instruments;

/**
 * Checks the questionnaires a plan names against the program's definitions, at enrollment, on every
 * change and for every roster row: each must be an instrument of this program with a version that
 * can be given now (its wording installed). In: a plan. Out: nothing, or a 400 naming each refused
 * entry ({@code plan.questionnaires[i].instrument}) and why. The shape of each entry is the parser's
 * check; a plan already stored whose instrument is later removed is the sweep's concern (it skips
 * and counts it).
 */
public final class PlanQuestionnaires {

    private final Instruments instruments;

    public PlanQuestionnaires(Instruments instruments) {
        this.instruments = instruments;
    }

    /** @throws MemberProblem 400 when any named instrument is unknown or cannot be given yet */
    public void check(CheckInPlan plan) {
        check(plan, null);
    }

    /**
     * The check of a changed plan: an instrument the stored plan ({@code before}) already names
     * passes, so a program that removes a definition or its wording does not block every other edit
     * of the members whose plans name it (the sweep skips and counts those).
     *
     * @throws MemberProblem 400 when any newly named instrument is unknown or cannot be given yet
     */
    public void check(CheckInPlan plan, CheckInPlan before) {
        if (plan == null || plan.questionnaires().isEmpty()) {
            return;
        }
        Set<String> kept = before == null
                ? Set.of()
                : before.questionnaires().stream()
                        .map(QuestionnaireSchedule::instrument)
                        .collect(Collectors.toSet());
        Map<String, String> errors = new LinkedHashMap<>();
        for (int i = 0; i < plan.questionnaires().size(); i++) {
            String id = plan.questionnaires().get(i).instrument();
            if (kept.contains(id)) {
                continue;
            }
            List<Instrument> versions =
                    instruments.all().stream().filter(x -> x.id().equals(id)).toList();
            String field = "plan.questionnaires[" + i + "].instrument";
            if (versions.isEmpty()) {
                errors.put(field, "is not an instrument of this program");
            } else if (versions.stream().noneMatch(Instrument::ready)) {
                errors.put(
                        field,
                        "cannot be given yet: "
                                + versions.getLast().notReadyReason().orElse("its wording is not installed"));
            }
        }
        if (!errors.isEmpty()) {
            throw MemberProblem.invalid("the plan names questionnaires that cannot be given", errors);
        }
    }
}
