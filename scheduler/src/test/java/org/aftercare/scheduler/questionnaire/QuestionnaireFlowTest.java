package org.aftercare.scheduler.questionnaire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aftercare.measures.Definitions;
import org.aftercare.measures.Instrument;
import org.aftercare.measures.Instruments;
import org.aftercare.scheduler.questionnaire.QuestionnaireFlow.Move;
import org.aftercare.scheduler.questionnaire.QuestionnaireFlow.Step;
import org.junit.jupiter.api.Test;

/** The way through a questionnaire, one question per screen, with the skip rules applied as the member goes. */
class QuestionnaireFlowTest {

    private static final Instruments INSTRUMENTS = Definitions.loadWith(Path.of("src/test/resources/questionnaires"));
    private static final Instrument WEEKLY =
            INSTRUMENTS.latest("weekly-reflection").orElseThrow();
    private static final Instrument PHQ9 = INSTRUMENTS.latest("phq-9").orElseThrow();

    @Test
    void aFirstVisitStartsAtTheFirstQuestionOfTheQuestionsAskedSoFar() {
        // Six questions; "reach out?" is asked only once days-used is answered 1 or more.
        assertThat(QuestionnaireFlow.step(WEEKLY, Map.of(), null)).isEqualTo(new Step("sleep", 1, 6));
    }

    @Test
    void nextAndBackMoveOneQuestionAtATimeAndKeepTheAnswer() {
        QuestionnaireFlow.Moved moved = QuestionnaireFlow.move(WEEKLY, Map.of(), "sleep", 3, Move.NEXT);
        assertThat(moved.screen()).isEqualTo("stress");
        assertThat(moved.answers()).containsExactly(Map.entry("sleep", 3));

        QuestionnaireFlow.Moved back = QuestionnaireFlow.move(WEEKLY, moved.answers(), "stress", null, Move.BACK);
        assertThat(back.screen()).isEqualTo("sleep");
        assertThat(back.answers()).containsExactly(Map.entry("sleep", 3));
        assertThat(QuestionnaireFlow.step(WEEKLY, back.answers(), back.screen()))
                .isEqualTo(new Step("sleep", 1, 6));

        assertThat(QuestionnaireFlow.move(WEEKLY, Map.of(), "sleep", null, Move.BACK)
                        .screen())
                .as("back on the first question stays there")
                .isEqualTo("sleep");
    }

    @Test
    void aSkipRuleAddsTheQuestionItNeedsOnlyWhenItsAnswerCallsForIt() {
        Map<String, Integer> week =
                answers("sleep", 2, "stress", 2, "support", 2, "confidence", 2, "risky-situations", 0);

        QuestionnaireFlow.Moved none = QuestionnaireFlow.move(WEEKLY, week, "days-used", 0, Move.NEXT);
        assertThat(none.screen()).as("no use this week: nothing more to ask").isEqualTo(QuestionnaireFlow.SEND);
        assertThat(QuestionnaireFlow.step(WEEKLY, none.answers(), none.screen()))
                .isEqualTo(new Step(QuestionnaireFlow.SEND, 6, 6));

        QuestionnaireFlow.Moved some = QuestionnaireFlow.move(WEEKLY, week, "days-used", 2, Move.NEXT);
        assertThat(some.screen()).isEqualTo("reach-out");
        assertThat(QuestionnaireFlow.step(WEEKLY, some.answers(), some.screen()))
                .isEqualTo(new Step("reach-out", 7, 7));
    }

    @Test
    void aPositiveTwoItemScreenBringsTheRestOfTheFormAndANegativeOneGoesToSend() {
        Map<String, Integer> first = answers("phq1", 1);
        assertThat(QuestionnaireFlow.move(PHQ9, first, "phq2", 1, Move.NEXT).screen())
                .as("1 + 1 = 2, under 3")
                .isEqualTo(QuestionnaireFlow.SEND);
        QuestionnaireFlow.Moved positive = QuestionnaireFlow.move(PHQ9, first, "phq2", 2, Move.NEXT);
        assertThat(positive.screen()).as("1 + 2 = 3").isEqualTo("phq3");
        assertThat(QuestionnaireFlow.step(PHQ9, positive.answers(), positive.screen()))
                .isEqualTo(new Step("phq3", 3, 9));
    }

    @Test
    void changingTheScreenAnswerDropsTheAnswersItsRuleNowSkips() {
        Map<String, Integer> full = answers("phq1", 2, "phq2", 2, "phq3", 1, "phq9", 1);

        QuestionnaireFlow.Moved changed = QuestionnaireFlow.move(PHQ9, full, "phq2", 0, Move.NEXT);

        assertThat(changed.answers()).containsExactly(Map.entry("phq1", 2), Map.entry("phq2", 0));
        assertThat(changed.screen()).isEqualTo(QuestionnaireFlow.SEND);
        assertThat(QuestionnaireFlow.isAsked(PHQ9, changed.answers(), "phq9")).isFalse();
    }

    @Test
    void backFromTheSendScreenLeadsToTheLastQuestionAsked() {
        Map<String, Integer> week = answers(
                "sleep",
                2,
                "stress",
                2,
                "support",
                2,
                "confidence",
                2,
                "risky-situations",
                0,
                "days-used",
                1,
                "reach-out",
                0);
        assertThat(QuestionnaireFlow.move(WEEKLY, week, QuestionnaireFlow.SEND, null, Move.BACK)
                        .screen())
                .isEqualTo("reach-out");
    }

    @Test
    void theFirstRequiredQuestionLeftOutIsNamed() {
        assertThat(QuestionnaireFlow.firstMissing(WEEKLY, answers("sleep", 1, "support", 1)))
                .isEqualTo("stress");
        assertThat(QuestionnaireFlow.firstMissing(
                        WEEKLY,
                        answers(
                                "sleep",
                                2,
                                "stress",
                                2,
                                "support",
                                2,
                                "confidence",
                                2,
                                "risky-situations",
                                0,
                                "days-used",
                                0)))
                .isNull();
    }

    @Test
    void anAnswerThatIsNotOneOfTheOptionsDoesNotCount() {
        assertThat(QuestionnaireFlow.pruned(WEEKLY, answers("sleep", 9, "stress", 1)))
                .containsExactly(Map.entry("stress", 1));
    }

    private static Map<String, Integer> answers(Object... pairs) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return out;
    }
}
