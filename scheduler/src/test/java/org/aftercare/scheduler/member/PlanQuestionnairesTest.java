package org.aftercare.scheduler.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.aftercare.events.profile.CheckInPlan;
import org.aftercare.events.profile.QuestionnaireSchedule;
import org.aftercare.measures.Definitions;
import org.junit.jupiter.api.Test;

/** The shipped definitions: the weekly reflection can be given; PHQ-9 and GAD-7 wait for their wording. */
class PlanQuestionnairesTest {

    private final PlanQuestionnaires check = new PlanQuestionnaires(Definitions.shipped());

    private static CheckInPlan plan(String... instruments) {
        return new CheckInPlan(
                EnumSet.allOf(DayOfWeek.class),
                List.of(LocalTime.of(9, 0)),
                LocalDate.parse("2026-03-01"),
                null,
                List.of(),
                Arrays.stream(instruments)
                        .map(i -> QuestionnaireSchedule.weekly(i, DayOfWeek.SUNDAY, LocalTime.of(18, 0)))
                        .toList());
    }

    @Test
    void aReadyInstrumentPassesAndAnUnknownOrNotReadyOneIsRefusedAtItsIndex() {
        assertThatCode(() -> check.check(plan("weekly-reflection"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> check.check(plan("weekly-reflection", "phq-9", "no-such")))
                .isInstanceOfSatisfying(MemberProblem.class, p -> {
                    assertThat(p.kind()).isEqualTo(MemberProblem.Kind.INVALID);
                    assertThat(p.errors())
                            .containsOnlyKeys("plan.questionnaires[1].instrument", "plan.questionnaires[2].instrument")
                            .containsEntry("plan.questionnaires[2].instrument", "is not an instrument of this program");
                    assertThat(p.errors().get("plan.questionnaires[1].instrument"))
                            .startsWith("cannot be given yet: ");
                });
    }

    @Test
    void anInstrumentTheStoredPlanAlreadyNamesDoesNotBlockAnotherEditButANewOneIsChecked() {
        CheckInPlan before = plan("phq-9");

        assertThatCode(() -> check.check(plan("phq-9"), before)).doesNotThrowAnyException();
        assertThatThrownBy(() -> check.check(plan("phq-9", "gad-7"), before))
                .isInstanceOfSatisfying(
                        MemberProblem.class,
                        p -> assertThat(p.errors()).containsOnlyKeys("plan.questionnaires[1].instrument"));
    }
}
