package org.aftercare.events.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.aftercare.events.ContractViolation;
import org.aftercare.events.Json;
import org.junit.jupiter.api.Test;

/** A plan's days and times are kept in order and without repeats, and a bad plan is refused, whatever order they came in. */
class CheckInPlanTest {

    private static final LocalDate START = LocalDate.of(2026, 3, 1);

    @Test
    void daysAndTimesAreInOrderWithoutRepeats() throws Exception {
        List<DayOfWeek> days = new ArrayList<>(List.of(DayOfWeek.SUNDAY, DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
        CheckInPlan plan = new CheckInPlan(
                new HashSet<>(days),
                List.of(LocalTime.of(21, 0), LocalTime.of(8, 30), LocalTime.of(21, 0), LocalTime.of(12, 0)),
                START,
                null,
                List.of());

        assertThat(plan.days()).containsExactly(DayOfWeek.MONDAY, DayOfWeek.FRIDAY, DayOfWeek.SUNDAY);
        assertThat(plan.times()).containsExactly(LocalTime.of(8, 30), LocalTime.of(12, 0), LocalTime.of(21, 0));
        assertThat(Json.writer().writeValueAsString(plan))
                .contains("\"days\":[\"MONDAY\",\"FRIDAY\",\"SUNDAY\"]")
                .contains("\"times\":[\"08:30:00\",\"12:00:00\",\"21:00:00\"]");
        CheckInPlan read =
                Json.readerFor(CheckInPlan.class).readValue(Json.writer().writeValueAsString(plan));
        assertThat(read).isEqualTo(plan);
        assertThat(read.days()).isEqualTo(new TreeSet<>(days));
        assertThatThrownBy(() -> plan.days().add(DayOfWeek.TUESDAY)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> plan.times().add(LocalTime.NOON)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aPlanWithoutDaysOrTimesIsRefused() {
        List<LocalTime> nine = List.of(LocalTime.of(9, 0));
        Set<DayOfWeek> monday = Set.of(DayOfWeek.MONDAY);
        assertThatThrownBy(() -> new CheckInPlan(null, nine, START, null, List.of()))
                .isInstanceOf(ContractViolation.class)
                .hasMessage("plan.days must name at least one day");
        assertThatThrownBy(() -> new CheckInPlan(Set.of(), nine, START, null, List.of()))
                .isInstanceOf(ContractViolation.class)
                .hasMessage("plan.days must name at least one day");
        assertThatThrownBy(() -> new CheckInPlan(monday, List.of(), START, null, List.of()))
                .isInstanceOf(ContractViolation.class)
                .hasMessage("plan.times must hold at least one time");
        assertThatThrownBy(() -> new CheckInPlan(monday, Arrays.asList(LocalTime.NOON, null), START, null, List.of()))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void aQuestionnaireNamedTwiceIsRefused() {
        CheckInPlan plan =
                new CheckInPlan(Set.of(DayOfWeek.MONDAY), List.of(LocalTime.of(9, 0)), START, null, List.of());
        QuestionnaireSchedule phq = QuestionnaireSchedule.weekly("phq-9", DayOfWeek.MONDAY, LocalTime.of(9, 0));
        QuestionnaireSchedule gad = QuestionnaireSchedule.weekly("gad-7", DayOfWeek.MONDAY, LocalTime.of(9, 0));

        assertThat(plan.withQuestionnaires(List.of(phq, gad)).questionnaires()).containsExactly(phq, gad);
        assertThatThrownBy(() -> plan.withQuestionnaires(List.of(phq, gad, phq)))
                .isInstanceOf(ContractViolation.class)
                .hasMessage("plan.questionnaires must name each instrument once");
    }
}
